using System.Text;
using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Worker.Analysis;

/// <summary>The human-readable summary `dw analyze` prints without --json.</summary>
public static class AnalysisText
{
    public static string Format(string file, DisclosureWatch.Core.Analysis analysis)
    {
        var r = analysis.Report;
        var sb = new StringBuilder();
        sb.AppendLine($"== {file}");
        sb.AppendLine($"   机关: {r.Organ ?? "(未识别)"}   年度: {r.Year?.ToString() ?? "(未识别)"}   发布/落款日期: {r.PublishedOn?.ToString("yyyy-MM-dd") ?? "(无)"}");
        sb.Append("   章节: ");
        sb.AppendLine(string.Join("  ", r.Sections.Select(s => $"{s.Number}「{Shorten(s.Heading, 18)}」")));
        if (r.MissingSections.Count > 0) sb.AppendLine($"   缺少章节: {string.Join("、", r.MissingSections)}");
        AppendTable(sb, "表二 主动公开", r.ActiveDisclosure);
        AppendTable(sb, "表三 收到和处理申请", r.Applications);
        AppendTable(sb, "表四 行政复议、行政诉讼", r.ReviewLitigation);
        foreach (var n in r.Notes) sb.AppendLine($"   ! {n.Table} {n.Row}: {n.Message}");
        if (analysis.Findings.Count > 0)
        {
            sb.AppendLine($"   发现问题 {analysis.Findings.Count} 项:");
            foreach (var f in analysis.Findings.OrderByDescending(f => f.Severity))
                sb.AppendLine($"   [{f.Severity.Name()}] {f.Rule}: {f.Message}");
        }
        if (analysis.Passages.Count > 0)
        {
            var byLabel = analysis.Passages.GroupBy(p => p.Label ?? "(unlabelled)").Select(g => $"{g.Key} {g.Count()}");
            sb.AppendLine($"   段落 {analysis.Passages.Count}: {string.Join(", ", byLabel)}");
        }
        return sb.ToString().TrimEnd();
    }

    private static void AppendTable(StringBuilder sb, string title, StatTable? table)
    {
        if (table is null) { sb.AppendLine($"   {title}: (未找到)"); return; }
        sb.AppendLine($"   {title}:");
        foreach (var row in table.Rows)
            sb.AppendLine($"     {Template.Label(row.Key),-28} {string.Join(" ", row.Cells.Select(c => c?.ToString() ?? "?"))}");
    }

    private static string Shorten(string s, int n) => s.Length <= n ? s : s[..n] + "…";
}
