using System.Text;
using DisclosureWatch.Core.Checks;

namespace DisclosureWatch.Core.Digests;

/// <summary>
/// The period's findings as CSV (RFC 4180, CRLF, UTF-8 with BOM so Excel and WPS open the Chinese correctly):
/// one row per finding, reports in order of arrival, findings errors first.
/// </summary>
public static class FindingsCsv
{
    /// <summary>The header, <see cref="Vocabulary.FindingColumns"/> (the same as the worker's workbook).</summary>
    public static IReadOnlyList<string> Header(TimeZoneInfo? zone) => Vocabulary.FindingColumns(zone);

    public static DigestAttachment Write(DigestInput input, DigestFigures figures)
    {
        var sb = new StringBuilder();
        Row(sb, Header(input.TimeZone));
        foreach (var r in figures.Received)
        {
            var report = r.Report;
            foreach (var f in report.Findings.Select((f, i) => (f, i)).OrderByDescending(x => x.f.Severity).ThenBy(x => x.i).Select(x => x.f))
                Row(sb, [
                    report.Id, report.Organ, report.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", Vocabulary.Time(report.ReceivedAt, input.TimeZone),
                    Vocabulary.Submission(report.Resubmitted), Vocabulary.Severity(f.Severity), f.Rule, f.Message, f.Evidence,
                    f.Section is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
                ]);
        }
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(sb.ToString())).ToArray();
        return new DigestAttachment($"findings-{Vocabulary.Period(figures.Period)}.csv", "text/csv; charset=utf-8", bytes);
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
