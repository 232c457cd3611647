using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Digests;
using DisclosureWatch.Core.Documents;
using DisclosureWatch.Core.Narrative;
using DisclosureWatch.Core.Parsing;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Tests.Digests;

/// <summary>
/// A realistic week for a county supervisor: the five seeds parsed as sent, plus four more reports, with findings
/// and labelled passages made by hand (the rules and the classifier are not merged yet), three organs that have not
/// reported, and last year's passages for two organs.
/// </summary>
internal static partial class DigestSamples
{
    public static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    public static readonly DigestPeriod Week = new(new DateOnly(2025, 1, 13), new DateOnly(2025, 1, 20));

    /// <summary>
    /// The digest of <paramref name="input"/> with its findings attachment named as the worker names it but empty: these
    /// tests read the body; the attachment's rows are <see cref="DigestFindings"/>', its file the worker's (a workbook).
    /// </summary>
    public static Digest Build(DigestInput input) =>
        DigestBuilder.Build(input, (_, f) => new DigestAttachment(DigestFindings.FileName(f.Period, "xlsx"), "application/octet-stream", []));

    /// <summary>
    /// A seed by its prefix. ../shared sits next to the repository in the main checkout and two levels up from a
    /// worktree under wt/; the first that has seeds/ is used.
    /// </summary>
    public static string Seed(string prefix)
    {
        for (var dir = new DirectoryInfo(TestPaths.RepoRoot).Parent; dir is not null; dir = dir.Parent)
        {
            var seeds = Path.Combine(dir.FullName, "shared", "seeds");
            if (Directory.Exists(seeds)) return Directory.GetFiles(seeds, prefix + "_*.txt").Single();
        }
        throw new DirectoryNotFoundException("shared/seeds not found above " + TestPaths.RepoRoot);
    }

    private static DateTimeOffset At(int day, int hour, int minute) => new(2025, 1, day, hour, minute, 0, TimeSpan.FromHours(8));

    public static DigestInput SeedWeek()
    {
        var reports = new List<DigestReport>();
        var seeds = new[] { "000", "001", "002", "003", "004" };
        var received = new[] { At(13, 9, 12), At(14, 15, 40), At(15, 10, 5), At(16, 16, 30), At(17, 11, 20) };
        for (var i = 0; i < seeds.Length; i++)
        {
            var report = ReportParser.Parse(ExtractedDocument.FromText("txt", File.ReadAllText(Seed(seeds[i]))));
            reports.Add(new DigestReport("R-0" + (101 + i), report.Organ!, report.Year, received[i], Resubmitted: i == 2,
                SeedFindings(report), Passages(report)));
        }

        // Four more reports of 河曲县 organs, written like the seeds' section 五.
        reports.Add(Extra("R-0106", "河曲县文笔镇人民政府", At(14, 8, 55), true,
            [
                new("t3.identity", Severity.Error, "表三数据不符合勾稽关系：一+二应等于三（七）总计+四", "一 新收 12 + 二 上年结转 1 = 13 ≠ 三（七）总计 11 + 四 结转下年度 0 = 11", 3),
                new("t3.identity.column", Severity.Error, "表三“自然人”一栏：一+二 ≠ 三（七）+四", "自然人：10 + 1 ≠ 9 + 0", 3),
                new("t2.shape", Severity.Warning, "表二“行政许可”一行给出 3 个数值，模板为 1 栏", "行政许可 5 5 5", 2),
                new("section.order", Severity.Warning, "第四部分标题与模板不一致", "四、政府信息公开行政复议、行政诉讼情况（2019年版）", 4),
                new("narrative.date", Severity.Info, "报告未注明发布日期", "", null),
            ],
            "二是部分栏目更新不及时，存在信息滞后现象。", "工作人员变动频繁，新接手人员业务不熟悉。", "主动公开的内容还不够全面，与群众需求仍有差距。"));
        reports.Add(Extra("R-0107", "河曲县鹿固乡人民政府", At(15, 14, 10), false,
            [
                new("t4.total", Severity.Error, "表四行政复议“总计”与各项之和不符", "结果维持 1 + 结果纠正 0 + 其他结果 0 + 尚未审结 0 = 1 ≠ 总计 2", 4),
                new("section.missing", Severity.Warning, "缺少第六部分“其他需要报告的事项”", "", null),
            ],
            "网站个别栏目信息更新不够及时。", "三是政策解读方式单一，图解、视频等解读形式运用较少。", "宣传引导力度不够，群众对依申请公开的知晓率低。"));
        reports.Add(Extra("R-0108", "河曲县楼子营镇人民政府", At(16, 9, 45), false,
            [new("narrative.boilerplate", Severity.Info, "第五部分套话较多，未写明具体问题", "", 5)],
            "（二）重点领域信息公开的内容不够全面，公开的深度和广度还不够。", "政策解读质量不高，解读形式单一，群众看不懂。", "对政府信息公开的宣传还不够，群众参与度不高。"));
        reports.Add(Extra("R-0109", "河曲县土沟乡人民政府", At(17, 17, 5), false,
            [
                new("t3.total", Severity.Error, "表三（七）总计与（一）至（六）之和不符", "3 + 0 + 0 + 1 + 0 + 0 = 4 ≠ 5", 3),
                new("t2.fees", Severity.Error, "表二“行政事业性收费”金额缺失", "行政事业性收费 —", 2),
                new("year.period", Severity.Warning, "统计期限与报告年度不一致", "统计期限自2023年1月1日至2023年12月31日", 1),
            ],
            "部分信息发布不及时，时效性不强。", "政策解读多为简单转载，解读材料形式单调。", "社会公众对政府信息公开的知晓度和参与度不高。"));

        string[] expected =
        [
            .. reports.Select(r => r.Organ),
            "河曲县刘家塔镇人民政府", "河曲县旧县乡人民政府", "河曲县赵家沟乡人民政府", "河曲县沙泉镇人民政府",
        ];
        return new DigestInput
        {
            Supervisor = "河曲县政务公开办 王科长",
            Period = Week,
            Today = new DateOnly(2025, 1, 20),
            ReportYear = 2024,
            Reports = reports,
            ExpectedOrgans = expected,
            // 沙泉镇 reported in an earlier week; wrong-year reports do not count.
            OrgansReported = [.. reports.Where(r => r.Year == 2024).Select(r => r.Organ), "河曲县沙泉镇人民政府"],
            LastYearPassages = new Dictionary<string, IReadOnlyList<Passage>>
            {
                ["河曲县社梁乡人民政府"] =
                [
                    new(5, "宣传和引导工作有待加强，群众对政务公开了解不多。", "存在的问题", 0) { Label = PassageLabels.Problem },
                    new(5, "加大政务公开宣传力度，提高群众知晓度。", "改进措施", 1) { Label = PassageLabels.Improvement },
                    new(5, "丰富公开形式，提高公开形式的便民性。", "改进措施", 2) { Label = PassageLabels.Improvement },
                ],
                ["河曲县鹿固乡人民政府"] =
                [
                    new(5, "进一步规范政策解读，做到政策文件与解读材料同步发布，丰富解读形式。", "改进措施", 0) { Label = PassageLabels.Improvement },
                    new(5, "加强栏目日常维护，确保信息及时更新。", "改进措施", 1) { Label = PassageLabels.Improvement },
                ],
            },
            UncertainCount = 5,
            TimeZone = China,
        };
    }

    private static List<Finding> SeedFindings(AnnualReport report)
    {
        var findings = new List<Finding>();
        if (report.Year is { } y && y != 2024)
            findings.Add(new Finding("year.expected", Severity.Error, $"报告年度为{y}年，本期应报送2024年度报告", report.Title ?? "", null));
        foreach (var n in report.MissingSections)
            findings.Add(new Finding("section.missing", Severity.Error, $"缺少第{"一二三四五六"[n - 1]}部分“{Template.SectionTitles[n - 1]}”", "", n));
        foreach (var note in report.Notes.Take(2))
            findings.Add(new Finding("table.shape", Severity.Warning, note.Message, note.Raw ?? "", note.Table is { } t ? t[1] - '0' : null));
        if (report.PublishedOn is null)
            findings.Add(new Finding("meta.date", Severity.Info, "报告未注明发布日期", "", null));
        return findings;
    }

    private static DigestReport Extra(string id, string organ, DateTimeOffset at, bool resubmitted, Finding[] findings, params string[] problems)
    {
        var passages = new List<Passage>
        {
            new(1, $"{organ}高度重视政府信息公开工作，认真贯彻落实《中华人民共和国政府信息公开条例》。", null, 0) { Label = PassageLabels.Boilerplate, Confidence = 0.93 },
            new(1, "全年通过政府网站主动公开政府信息126条，其中政策文件8件。", null, 1) { Label = PassageLabels.Measure, Confidence = 0.88 },
        };
        passages.AddRange(problems.Select((p, i) => new Passage(5, p, "存在的问题", i) { Label = PassageLabels.Problem, Confidence = 0.71 + i * 0.06 }));
        passages.Add(new Passage(5, "下一步将进一步加强栏目维护，及时更新信息。", "改进措施", problems.Length) { Label = PassageLabels.Improvement, Confidence = 0.64 });
        return new DigestReport(id, organ, 2024, at, resubmitted, findings, passages);
    }

    /// <summary>Passages of sections 一 and 五 cut by hand the way the segmenter will: sentences, labelled by where they stand.</summary>
    internal static IReadOnlyList<Passage> Passages(AnnualReport report)
    {
        var result = new List<Passage>();
        foreach (var number in new[] { 1, 5 })
        {
            if (report.Section(number) is not { } section) continue;
            var mode = number == 1 ? "overview" : "problem";
            var position = 0;
            foreach (var paragraph in section.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var p = paragraph.Trim();
                if (p.Length < 6) continue;
                if (number == 5 && (p.Contains("改进") || p.Contains("下一步") || p.Contains("今后"))) mode = "improvement";
                foreach (var sentence in p.Split(['。', '；', ';'], StringSplitOptions.RemoveEmptyEntries))
                {
                    var s = sentence.Trim();
                    if (s.Length < 8 || SubHeading().IsMatch(s)) continue;
                    var label = mode switch
                    {
                        "overview" => s.Contains("高度重视") || s.Contains("认真") || s.Contains("切实") || s.Contains("不断") ? PassageLabels.Boilerplate : PassageLabels.Measure,
                        "problem" => s.Contains("成绩") || s.Contains("稳步") || s.Contains("主要") && s.Length < 30 ? PassageLabels.Boilerplate : PassageLabels.Problem,
                        _ => s.Contains("新台阶") || s.Contains("再上") || s.Contains("力争") ? PassageLabels.Boilerplate : PassageLabels.Improvement,
                    };
                    result.Add(new Passage(number, s.EndsWith('：') ? s : s + "。", number == 5 ? mode : null, position)
                    {
                        Label = label,
                        Confidence = 0.45 + (s.Length * 37 % 53) / 100.0,
                    });
                    position++;
                }
            }
        }
        return result;
    }

    /// <summary>"(一) 存在的问题" and the like: a sub-heading, not a passage.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^[（(]?\s*[一二三四五六七八九十\d]+\s*[）)、.]?\s*(存在的?(主要)?问题|改进(情况|措施))$")]
    private static partial System.Text.RegularExpressions.Regex SubHeading();
}
