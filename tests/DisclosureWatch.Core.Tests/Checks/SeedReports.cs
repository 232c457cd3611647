using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Tests.Checks;

/// <summary>
/// The five seed reports (Seeds/*.txt, as users sent them) read into AnnualReports by hand: sections split on
/// the template headings here, tables transcribed from the seed. Independent of the parser on purpose.
/// </summary>
internal static partial class SeedReports
{
    public static AnnualReport Seed000() =>
        Split("000", "河曲县社梁乡人民政府", 2024).ZeroTables()
            .T2("punishment 0 0 0").T2("coercion 0 0 0").T2("fees 0 0 0")
            .T3("notProcessed.confirmation 0 0 0 0 0 0 0", "5.要求行政机关确认或重复出具已获取信息")
            .Build();

    public static AnnualReport Seed001() => Split("001", "延津县司寨乡", 2023).ZeroTables().Build();

    public static AnnualReport Seed002() =>
        Split("002", "(石咢)嘉镇人民政府", 2024).PeriodYear(2024).ZeroTables().T2("punishment 1").Build();

    public static AnnualReport Seed003()
    {
        var b = Split("003", "哈拉直沟乡人民政府", 2023).TitleYear(null).Published(2024, 1, 29).ZeroActiveDisclosure()
            .T2("normativeDocuments 0 0 0", "规范性文件");
        foreach (var key in Template.T3Rows.Where(k => !k.StartsWith("otherHandling.", StringComparison.Ordinal)))
            b.T3(key is "newReceived" or "carriedOver" or "totalProcessed" or "carriedForward" ? $"{key} _ _ _ _ _ _ 无" : $"{key} _ _ _ _ _ _ _");
        b.T3("otherHandling _ _ _ _ _ _ _").T3("denied.prohibitedByLaw _ _ _ _ _ _ _", "2. 其他法律法规禁止公开");
        foreach (var key in Template.T4Blocks) b.T4($"{key} _ _ _ _ 无");
        return b.Build();
    }

    public static AnnualReport Seed004() =>
        Split("004", "灵丘县下关乡", 2022).Published(2023, 1, 18).ZeroTables().T2("normativeDocuments 0 0 0", "规范性文件").Build();

    public static string Text(string seed) =>
        File.ReadAllText(Directory.GetFiles(Path.Combine(Here(), "Seeds"), seed + "_*.txt").Single());

    /// <summary>Splits a seed on its top-level headings (ordinal as written, 2019 wording flagged).</summary>
    public static ReportBuilder Split(string seed, string organ, int year)
    {
        var lines = Text(seed).Replace("\r\n", "\n").Split('\n');
        var builder = new ReportBuilder().Organ(organ).Year(year);
        var preamble = new List<string>();
        (int N, string Heading, string? Ordinal, string Title)? current = null;
        var body = new List<string>();
        void Flush()
        {
            if (current is { } c)
                builder.Section(c.N, string.Join("\n", body), c.Ordinal, c.Heading, legacy: c.Title.Contains("工作被申请"), titleText: c.Title);
            body.Clear();
        }
        foreach (var line in lines)
        {
            var m = Heading().Match(line.Trim().TrimStart('#').Trim());
            if (m.Success)
            {
                Flush();
                var title = m.Groups["title"].Value;
                var n = Template.SectionTitles.ToList().FindIndex(t => t[..4] == title[..4]) + 1;
                if (title.StartsWith("政府信息公开", StringComparison.Ordinal)) n = 4;
                var ordinal = m.Groups["ord"].Value.Trim();
                current = (n, line.Trim().TrimStart('#').Trim(), ordinal.Length == 0 ? null : ordinal, title);
            }
            else if (current is null) preamble.Add(line);
            else body.Add(line);
        }
        Flush();
        var title0 = string.Join(" ", preamble.Select(l => l.Trim().TrimStart('#').Trim()).Where(l => l.Length > 0).Take(2));
        return builder.Preamble(string.Join("\n", preamble)).Title(title0);
    }

    private static string Here([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    [GeneratedRegex(@"^(?<ord>[一二三四五六][、.．]|[（(][一二三四五六][）)])?\s*(?<title>总体情况|主动公开政府信息情况|收到和处理政府信息公开申请情况|政府信息公开(?:工作被申请)?行政复议、(?:提起)?行政诉讼情况|存在的主要问题及改进情况|其他需要报告的事项)$")]
    private static partial Regex Heading();
}
