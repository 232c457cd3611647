using System.Globalization;
using System.Text;
using DisclosureWatch.Core;
using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Digests;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Worker.Cli;

/// <summary>
/// The readable summary `dw analyze` prints without --json, in the supervisors' words: tables with their column
/// headers (columns counted in display width, a Chinese character being two), the parser's notes and the findings
/// with Chinese severities, the passages by Chinese label.
/// </summary>
internal static class AnalysisText
{
    public static string Format(string file, DisclosureWatch.Core.Analysis analysis)
    {
        var r = analysis.Report;
        var sb = new StringBuilder();
        var w = new StringWriter(sb);
        w.WriteLine($"== {file}");
        w.WriteLine($"   单位: {r.Organ ?? "（未识别）"}   年度: {r.Year?.ToString(CultureInfo.InvariantCulture) ?? "（未识别）"}   落款日期: {r.PublishedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "（无）"}");
        w.WriteLine($"   章节: {string.Join("  ", r.Sections.Select(s => $"{s.Number}「{Shorten(s.Heading, 18)}」"))}");
        if (r.MissingSections.Count > 0) w.WriteLine($"   缺少章节: {string.Join("、", r.MissingSections)}");
        WriteTable(w, "表二 主动公开", r.ActiveDisclosure);
        WriteTable(w, "表三 收到和处理申请", r.Applications);
        WriteTable(w, "表四 行政复议、行政诉讼", r.ReviewLitigation);
        foreach (var n in r.Notes) w.WriteLine($"   解析提示（{TableTitle(n.Table)}）: {n.Message}");
        if (analysis.Findings.Count == 0) w.WriteLine("   未发现问题");
        else
        {
            var counts = analysis.Findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key).Select(g => $"{Vocabulary.Severity(g.Key)} {g.Count()}");
            w.WriteLine($"   发现问题 {analysis.Findings.Count} 项（{string.Join("，", counts)}）:");
            foreach (var f in analysis.Findings.OrderByDescending(f => f.Severity))
                w.WriteLine($"   [{Vocabulary.Severity(f.Severity)}] {f.Rule}: {f.Message}");
        }
        if (analysis.Passages.Count > 0)
        {
            var byLabel = analysis.Passages.GroupBy(p => p.Label).Select(g => $"{PassageLabels.Chinese(g.Key)} {g.Count()}");
            w.WriteLine($"   段落 {analysis.Passages.Count} 段: {string.Join("，", byLabel)}");
        }
        return sb.ToString().TrimEnd();
    }

    private static string TableTitle(string? table) => table switch
    {
        "t2" => "表二",
        "t3" => "表三",
        "t4" => "表四",
        _ => "表格",
    };

    /// <summary>A table under its column headers; rows of another width (表二's single-value rows) get a header of their own.</summary>
    private static void WriteTable(TextWriter w, string title, StatTable? table)
    {
        if (table is null) { w.WriteLine($"   {title}: （未找到）"); return; }
        if (table.Rows.All(row => row.Cells.All(c => c is null || c.IsBlank)))
        {
            w.WriteLine($"   {title}: 表格未填写（{table.Rows.Count} 行全空）");
            return;
        }
        w.WriteLine($"   {title}（· 为空格）:");
        foreach (var group in Consecutive(table.Rows, row => row.Cells.Count))
        {
            var columns = group[0].Cells.Count == table.Columns.Count ? table.Columns.Select(Tables.Name) : Enumerable.Range(0, group[0].Cells.Count).Select(_ => "数量或金额");
            var t = new TextTable(["", .. columns]) { Indent = "     " };
            foreach (var row in group)
                t.Add([Template.Label(row.Key), .. row.Cells.Select(c => c?.ToString() ?? "?")]);
            t.WriteTo(w);
        }
    }

    private static List<List<TableRow>> Consecutive(IEnumerable<TableRow> rows, Func<TableRow, int> key)
    {
        var groups = new List<List<TableRow>>();
        foreach (var row in rows)
        {
            if (groups.Count == 0 || key(groups[^1][0]) != key(row)) groups.Add([]);
            groups[^1].Add(row);
        }
        return groups;
    }

    private static string Shorten(string s, int n) => s.Length <= n ? s : s[..n] + "…";
}
