using System.Globalization;
using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Digests;
using DisclosureWatch.Core.Narrative;

namespace DisclosureWatch.Core.Tests.Digests;

public class DigestBuilderTests
{
    private static readonly DigestPeriod Week = new(new DateOnly(2025, 1, 13), new DateOnly(2025, 1, 20));

    private static DigestReport Report(string id, string organ, int day, bool resubmitted = false, Finding[]? findings = null,
        Passage[]? passages = null, int year = 2024) =>
        new(id, organ, year, new DateTimeOffset(2025, 1, day, 10, 0, 0, TimeSpan.FromHours(8)), resubmitted, findings ?? [], passages ?? []);

    private static Finding Error(string message, string evidence = "证据") => new("t3.identity", Severity.Error, message, evidence, 3);
    private static Finding Warning(string message) => new("t2.shape", Severity.Warning, message, "", 2);

    private static DigestInput Input(IReadOnlyList<DigestReport> reports, string[]? expected = null, string[]? reported = null,
        DateOnly? today = null) => new()
    {
        Supervisor = "王科长",
        Period = Week,
        Today = today ?? new DateOnly(2025, 1, 20),
        ReportYear = 2024,
        Reports = reports,
        ExpectedOrgans = expected ?? [],
        OrgansReported = reported ?? [],
    };

    [Fact]
    public void Subject_names_the_period_and_the_three_counts()
    {
        var digest = DigestSamples.Build(Input(
            [Report("1", "甲乡", 13, findings: [Error("a")]), Report("2", "乙镇", 14), Report("3", "丙乡", 15, true, [Warning("w")])],
            expected: ["甲乡", "乙镇", "丙乡", "丁乡", "戊镇人民政府"]));
        Assert.Equal("政务公开年报周报 2025-01-13至01-19：收到3份，1份有错误，2个单位未报送", digest.Subject);
        Assert.Equal(2, digest.Figures.NewCount);
        Assert.Equal(1, digest.Figures.ResubmittedCount);
    }

    [Fact]
    public void A_period_across_new_year_repeats_the_year()
    {
        var period = new DigestPeriod(new DateOnly(2024, 12, 30), new DateOnly(2025, 1, 6));
        Assert.Equal("2024-12-30至2025-01-05", period.ToChinese());
    }

    [Fact]
    public void Reports_with_errors_are_ranked_worst_first_with_their_top_findings()
    {
        var digest = DigestSamples.Build(Input(
        [
            Report("1", "甲乡", 13, findings: [Error("甲1"), Warning("甲w")]),
            Report("2", "乙镇", 14, findings: [Warning("乙w1"), Error("乙1"), Error("乙2"), Error("乙3"), Error("乙4")]),
            Report("3", "丙乡", 15, findings: [Warning("丙w")]),
            Report("4", "丁乡", 16, findings: [Error("丁1"), Warning("丁w1"), Warning("丁w2")]),
        ]));
        var ranked = digest.Figures.WithErrors;
        Assert.Equal(["乙镇", "丁乡", "甲乡"], ranked.Select(r => r.Report.Organ));
        Assert.Equal(["乙1", "乙2", "乙3"], ranked[0].TopFindings.Select(f => f.Message));
        Assert.Equal(["丁1", "丁w1", "丁w2"], ranked[1].TopFindings.Select(f => f.Message));
        Assert.Contains("另有 2 条", digest.Html);
        Assert.Contains("另有 2 条", digest.Text);
        Assert.True(digest.Html.IndexOf("乙镇", StringComparison.Ordinal) < digest.Html.IndexOf("丁乡", StringComparison.Ordinal));
        Assert.Contains("依据：证据", digest.Text);
    }

    [Fact]
    public void The_organs_with_most_errors_are_all_named_when_they_tie_and_the_bars_have_a_legend()
    {
        var four = DigestSamples.Build(Input([.. new[] { "甲乡", "乙镇", "丙乡", "丁乡" }.Select((o, i) => Report(i.ToString(CultureInfo.InvariantCulture), o, 13 + i, findings: [Error("错")]))]));
        Assert.Contains("错误最多：甲乡、乙镇、丙乡等4个单位（各1个错误）", four.Text);
        Assert.Contains("错误最多：甲乡、乙镇、丙乡等4个单位（各1个错误）", four.Html);
        var one = DigestSamples.Build(Input([Report("1", "甲乡", 13, findings: [Error("错"), Error("错")]), Report("2", "乙镇", 14, findings: [Error("错")])]));
        Assert.Contains("错误最多：甲乡（2个错误），如“错”", one.Text);
        Assert.Contains("■</span> 错误", one.Html);
        Assert.Contains("长度按问题条数", one.Html);
    }

    [Fact]
    public void Past_ten_reports_with_errors_the_rest_are_named_in_one_line()
    {
        var reports = Enumerable.Range(1, 13).Select(i => Report(i.ToString(CultureInfo.InvariantCulture), $"单位{i:00}", 13, findings: Enumerable.Repeat(Error("错"), 20 - i).ToArray())).ToList();
        var digest = DigestSamples.Build(Input(reports));
        Assert.Equal(13, digest.Figures.WithErrors.Count);
        const string rest = "另有 3 份有错误：单位11（9个错误）、单位12（8个错误）、单位13（7个错误）。详见附件 findings-2025-01-13至01-19.xlsx";
        Assert.Contains(rest, digest.Html);
        Assert.Contains(rest, digest.Text);
        Assert.Contains("10. 单位10", digest.Text);
        Assert.DoesNotContain("11. 单位11", digest.Text);
    }

    [Theory]
    [InlineData("2025-01-20", 11, "距截止还有 11 天")]
    [InlineData("2025-01-31", 0, "今天截止")]
    [InlineData("2025-02-03", -3, "已逾期 3 天")]
    public void Missing_organs_carry_the_days_to_or_past_31_January(string today, int days, string text)
    {
        var digest = DigestSamples.Build(Input([Report("1", "延津县司寨乡", 13)],
            expected: ["延津县司寨乡人民政府", "延津县小潭乡人民政府", "（石咢）嘉镇人民政府", "延津县小潭乡人民政府"],
            reported: ["(石咢)嘉镇"], today: DateOnly.Parse(today, CultureInfo.InvariantCulture)));
        Assert.Equal([new MissingOrgan("延津县小潭乡人民政府")], digest.Figures.Missing);
        Assert.Equal(new DateOnly(2025, 1, 31), digest.Figures.Deadline);
        Assert.Equal(days, digest.Figures.DaysToDeadline);
        Assert.Contains(text, digest.Html);
        Assert.Contains(text, digest.Text);
    }

    [Fact]
    public void An_empty_week_says_so_and_lists_who_still_owes_the_report()
    {
        var digest = DigestSamples.Build(Input([], expected: ["甲乡", "乙镇"], reported: ["乙镇"]));
        Assert.Equal("政务公开年报周报 2025-01-13至01-19：收到0份，0份有错误，1个单位未报送", digest.Subject);
        foreach (var part in new[] { digest.Html, digest.Text })
        {
            Assert.Contains("本期未收到报告。", part);
            Assert.Contains("甲乡", part);
            Assert.Contains("本期没有审查意见。", part);
            Assert.DoesNotContain("共性问题", part);
            Assert.DoesNotContain("有错误的报告", part);
        }
        Assert.Empty(DigestFindings.Rows(Input([], expected: ["甲乡", "乙镇"], reported: ["乙镇"]), digest.Figures));
    }

    [Fact]
    public void A_report_for_another_year_does_not_count_as_reported()
    {
        var digest = DigestSamples.Build(Input([Report("1", "甲乡", 13, year: 2023)], expected: ["甲乡"]));
        Assert.Equal([new MissingOrgan("甲乡", 2023)], digest.Figures.Missing);
        Assert.Contains("甲乡（本期报送的是2023年度报告）", digest.Text);
        Assert.Contains("2023年度（本期应报2024年度报告）", digest.Html);
    }

    [Fact]
    public void Boilerplate_share_is_by_characters_of_labelled_passages()
    {
        var passages = new Passage[]
        {
            new(1, new string('套', 30), null, 0) { Label = PassageLabels.Boilerplate },
            new(5, new string('问', 60), null, 1) { Label = PassageLabels.Problem },
            new(5, new string('未', 500), null, 2),
            new(5, new string('改', 10), null, 3) { Label = PassageLabels.Improvement },
        };
        Assert.Equal(0.3, DigestBuilder.BoilerplateShare(passages)!.Value, 6);
        Assert.Null(DigestBuilder.BoilerplateShare([new Passage(1, "没有标签", null, 0)]));
        var digest = DigestSamples.Build(Input([Report("1", "甲乡", 13, passages: passages), Report("2", "乙乡", 14)]));
        Assert.Contains("套话占比 30%", digest.Text);
        Assert.Contains("套话占比 未分类", digest.Text);
        Assert.Contains(">30%</td>", digest.Html);
    }

    [Fact]
    public void Least_sure_passages_come_first_with_the_labelling_command()
    {
        Passage P(int pos, string label, double? c) => new(5, $"段落{pos}", null, pos) { Label = label, Confidence = c };
        var digest = DigestSamples.Build(Input(
        [
            Report("1", "甲乡", 13, passages: [P(0, "problem", 0.91), P(1, "measure", 0.41), P(2, "boilerplate", null)]),
            Report("2", "乙乡", 14, passages: [P(0, "improvement", 0.38), P(1, "problem", 0.77)]),
        ]) with { UncertainCount = 2 });
        Assert.Equal(["段落0", "段落1"], digest.Figures.Uncertain.Select(u => u.Passage.Text));
        Assert.Equal(["乙乡", "甲乡"], digest.Figures.Uncertain.Select(u => u.Organ));
        Assert.Contains("dw labels export --uncertain 2", digest.Html);
        Assert.Contains("dw labels export --uncertain 2", digest.Text);
        Assert.Contains("把握 38%", digest.Text);
    }

    [Fact]
    public void Last_years_promises_stand_beside_this_years_problems_and_repeats_are_marked()
    {
        var thisYear = new Passage[]
        {
            new(5, "一是信息公开的时效性有待进一步提高。", null, 0) { Label = PassageLabels.Problem },
            new(5, "二是档案管理不够规范。", null, 1) { Label = PassageLabels.Problem },
            new(5, "三是政务公开宣传不到位，群众知晓度低。", null, 2) { Label = PassageLabels.Problem },
        };
        var lastYear = new Passage[]
        {
            new(5, "政务公开宣传不到位。", null, 0) { Label = PassageLabels.Problem },
            new(5, "进一步提高信息公开的时效性，确保信息及时更新。", null, 1) { Label = PassageLabels.Improvement },
            new(5, "加强业务培训。", null, 2) { Label = PassageLabels.Measure },
            new(1, "全年组织培训3次。", null, 3) { Label = PassageLabels.Measure },
        };
        var digest = DigestSamples.Build(Input([Report("1", "延津县司寨乡", 13, passages: thisYear), Report("2", "乙乡", 14, passages: thisYear)]) with
        {
            LastYearPassages = new Dictionary<string, IReadOnlyList<Passage>> { ["延津县司寨乡人民政府"] = lastYear },
        });
        var y = Assert.Single(digest.Figures.YearOnYear);
        Assert.Equal("延津县司寨乡", y.Organ);
        Assert.Equal(["进一步提高信息公开的时效性，确保信息及时更新。", "加强业务培训。"], y.Promised);
        Assert.Equal(["去年承诺改进", null, "去年也列为问题"], y.Problems.Select(p => p.Echo));
        Assert.Equal("信息公开的时效性有待进一步提高。", y.Problems[0].Text);
        Assert.Contains("去年承诺的改进与今年的问题", digest.Html);
        Assert.Contains("【去年承诺改进】", digest.Text);
        Assert.Contains("去年已列出或承诺改进的问题今年再次出现：延津县司寨乡", digest.Text);
    }

    [Fact]
    public void Themes_need_two_organs_and_come_from_problem_passages_only()
    {
        Passage P(string text, string label = PassageLabels.Problem) => new(5, text, null, 0) { Label = label };
        var digest = DigestSamples.Build(Input(
        [
            Report("1", "甲乡", 13, passages: [P("信息更新不及时。"), P("档案管理不规范。"), P("栏目更新滞后。", PassageLabels.Improvement)]),
            Report("2", "乙乡", 14, passages: [P("部分栏目信息更新不够及时。")]),
        ]));
        var theme = Assert.Single(digest.Figures.Themes);
        Assert.Equal(["甲乡", "乙乡"], theme.Organs);
        Assert.Equal(2, theme.PassageCount);
        Assert.Contains("2个单位 · 2处", digest.Text);
    }

    [Fact]
    public void Every_text_from_reports_and_configuration_is_escaped()
    {
        var evil = "<script>alert('x')</script>&\"";
        var digest = DigestSamples.Build(Input(
            [Report(evil, evil, 13, findings: [new Finding(evil, Severity.Error, evil, evil, 3)],
                passages: [new Passage(5, evil + "更新不及时", null, 0) { Label = PassageLabels.Problem, Confidence = 0.2 }]),
             Report("2", "乙乡<b>", 14, passages: [new Passage(5, "更新不及时<i>", null, 0) { Label = PassageLabels.Problem }])],
            expected: [evil]) with { Supervisor = evil });
        Assert.DoesNotContain("<script", digest.Html);
        Assert.DoesNotContain("<b>", digest.Html);
        Assert.DoesNotContain("<i>", digest.Html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;", digest.Html);
        Assert.Contains(evil, digest.Text);
    }

    [Fact]
    public void Html_is_built_for_mail_clients()
    {
        var digest = DigestSamples.Build(DigestSamples.SeedWeek());
        var html = digest.Html;
        foreach (var banned in new[] { "<style", "<script", "<svg", "<img", "class=", "url(", "<link" })
            Assert.DoesNotContain(banned, html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;", html);
        Assert.Contains("<meta charset=\"utf-8\">", html);
        Assert.Contains("max-width:600px", html);
        // Bars: coloured cells with percentage widths, colour as attribute and as style.
        Assert.Matches("<td width=\"\\d+%\" height=\"8\" bgcolor=\"#c0392b\" style=\"width:\\d+%;height:8px;background-color:#c0392b;", html);
        Assert.Contains("bgcolor=\"#2f6fb5\"", html);
        // Every tag is closed as opened (a cheap balance check on the structural tags).
        foreach (var tag in new[] { "table", "tr", "td", "div", "span" })
            Assert.Equal(Count(html, "<" + tag + " ") + Count(html, "<" + tag + ">"), Count(html, "</" + tag + ">"));
    }

    [Fact]
    public void Text_alternative_has_the_same_figures_as_the_html()
    {
        var digest = DigestSamples.Build(DigestSamples.SeedWeek());
        var f = digest.Figures;
        Assert.Contains($"收到报告 {f.Received.Count} 份（首次 {f.NewCount}，重报 {f.ResubmittedCount}）｜有错误 {f.WithErrors.Count} 份｜未报送 {f.Missing.Count} 个单位｜距截止还有 11 天", digest.Text);
        foreach (var r in f.WithErrors)
        {
            Assert.Contains(r.Report.Organ + "（", digest.Text);
            Assert.Contains($"{r.Errors}个错误", digest.Html);
        }
        foreach (var m in f.Missing) { Assert.Contains(m.Describe(), digest.Text); Assert.Contains(m.Describe(), digest.Html); }
        foreach (var t in f.Themes)
        {
            Assert.Contains($"{t.Organs.Count}个单位 · {t.PassageCount}处", digest.Text);
            Assert.Contains($"{t.Organs.Count}个单位 · {t.PassageCount}处", digest.Html);
        }
        Assert.DoesNotContain("<", digest.Text.Replace("<script", ""));
    }

    [Fact]
    public void Seed_week_reads_as_a_supervisor_expects()
    {
        var f = DigestSamples.Build(DigestSamples.SeedWeek()).Figures;
        Assert.Equal(9, f.Received.Count);
        Assert.Equal(2, f.ResubmittedCount);
        // Three seeds are for 2023/2022: an error each, and their organs still owe the 2024 report.
        Assert.Contains(f.WithErrors, r => r.Report.Organ == "延津县司寨乡");
        Assert.Equal(["延津县司寨乡", "哈拉直沟乡人民政府", "灵丘县下关乡", "河曲县刘家塔镇人民政府", "河曲县旧县乡人民政府", "河曲县赵家沟乡人民政府"],
            f.Missing.Select(m => m.Organ));
        Assert.Equal([2023, 2023, 2022, null, null, null], f.Missing.Select(m => m.OtherYearSent));
        Assert.Equal("河曲县文笔镇人民政府", f.WithErrors[0].Report.Organ);
        Assert.True(f.Themes.Count >= 3, string.Join(" | ", f.Themes.Select(t => t.Example)));
        Assert.All(f.Themes, t => Assert.True(t.Organs.Count >= 2));
        Assert.Equal(2, f.YearOnYear.Count);
        Assert.Contains(f.YearOnYear[0].Problems, p => p.Echo is not null);
        Assert.Equal(5, f.Uncertain.Count);
    }

    private static int Count(string s, string what)
    {
        int n = 0, i = 0;
        while ((i = s.IndexOf(what, i, StringComparison.Ordinal)) >= 0) { n++; i += what.Length; }
        return n;
    }
}

public class BigWeekDigestTests
{
    [Fact]
    public void A_week_of_a_hundred_reports_lists_sixty_and_names_the_rest_in_one_line()
    {
        var week = DigestSamples.SeedWeek();
        var many = Enumerable.Range(0, 100).Select(i => week.Reports[i % week.Reports.Count] with { Id = $"R-{i:000}" }).ToList();
        var digest = DigestSamples.Build(week with { Reports = many });
        Assert.Contains("另有 40 份未逐一列出", digest.Html);
        Assert.Contains("另有 40 份未逐一列出", digest.Text);
        Assert.DoesNotContain("未逐一列出", DigestSamples.Build(week).Html);
        Assert.True(digest.Html.Length < 150_000, $"{digest.Html.Length} characters of HTML");
    }
}
