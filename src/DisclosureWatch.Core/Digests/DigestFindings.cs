using DisclosureWatch.Core.Checks;

namespace DisclosureWatch.Core.Digests;

/// <summary>
/// The period's findings as a table, for the digest's attachment (the worker writes it as a workbook): one row per
/// finding, reports in order of arrival, each report's findings errors first; the columns of `dw export`'s findings.
/// </summary>
public static class DigestFindings
{
    /// <summary>The header, <see cref="Vocabulary.FindingColumns"/>, times in <paramref name="zone"/>.</summary>
    public static IReadOnlyList<string> Header(TimeZoneInfo? zone) => Vocabulary.FindingColumns(zone);

    /// <summary>The rows under <see cref="Header"/>: text, the report year as a number (null when unknown), the section number or null.</summary>
    public static IEnumerable<object?[]> Rows(DigestInput input, DigestFigures figures)
    {
        foreach (var r in figures.Received)
        {
            var report = r.Report;
            foreach (var f in report.Findings.Select((f, i) => (f, i)).OrderByDescending(x => x.f.Severity).ThenBy(x => x.i).Select(x => x.f))
                yield return [report.Id, report.Organ, report.Year, Vocabulary.Time(report.ReceivedAt, input.TimeZone), Vocabulary.Submission(report.Resubmitted),
                    Vocabulary.Severity(f.Severity), f.Rule, f.Message, f.Evidence, f.Section];
        }
    }

    /// <summary>The attachment's file name: findings-PERIOD.EXTENSION, the period spelled as in the subject.</summary>
    public static string FileName(DigestPeriod period, string extension) => $"findings-{Vocabulary.Period(period)}.{extension}";
}
