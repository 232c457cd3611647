using System.Text;
using DisclosureWatch.Core.Checks;

namespace DisclosureWatch.Core.Digests;

/// <summary>
/// The period's findings as CSV (RFC 4180, CRLF, UTF-8 with BOM so Excel and WPS open the Chinese correctly):
/// one row per finding, reports in order of arrival, findings errors first.
/// </summary>
public static class FindingsCsv
{
    public static readonly string[] Header = ["报告编号", "单位", "报告年度", "收到时间", "报送类型", "严重程度", "规则", "问题", "依据", "章节"];

    public static DigestAttachment Write(DigestInput input, DigestFigures figures)
    {
        var sb = new StringBuilder();
        Row(sb, Header);
        foreach (var r in figures.Received)
        {
            var report = r.Report;
            foreach (var f in report.Findings.Select((f, i) => (f, i)).OrderByDescending(x => x.f.Severity).ThenBy(x => x.i).Select(x => x.f))
                Row(sb, [
                    report.Id, report.Organ, report.Year?.ToString() ?? "", Received(report, input.TimeZone),
                    report.Resubmitted ? "重新报送" : "首次报送", DigestBuilder.SeverityName(f.Severity), f.Rule, f.Message, f.Evidence,
                    f.Section is { } s ? s.ToString() : "",
                ]);
        }
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(sb.ToString())).ToArray();
        return new DigestAttachment($"findings-{figures.Period.Start:yyyy-MM-dd}.csv", "text/csv; charset=utf-8", bytes);
    }

    private static string Received(DigestReport r, TimeZoneInfo? zone)
    {
        var t = zone is null ? r.ReceivedAt : TimeZoneInfo.ConvertTime(r.ReceivedAt, zone);
        return t.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Row(StringBuilder sb, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(Cell(cells[i]));
        }
        sb.Append("\r\n");
    }

    /// <summary>Quoted when needed; a leading = + - @ is defused with an apostrophe so a spreadsheet never runs it as a formula.</summary>
    internal static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
