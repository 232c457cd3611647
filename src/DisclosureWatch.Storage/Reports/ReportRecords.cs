using DisclosureWatch.Core;
using DisclosureWatch.Storage.Findings;

namespace DisclosureWatch.Storage.Reports;

/// <summary>A report to store: the analysis and where it came from.</summary>
/// <param name="Source">inbox, ingest, mail, bench …</param>
/// <param name="ModelVersion">The classifier version that labelled the passages, when one ran.</param>
public sealed record NewReport(string Sha256, string FileName, string Source, DateTime ReceivedAt, Analysis Analysis, string? ModelVersion = null);

/// <summary>A stored report as listed: metadata and finding counts.</summary>
public sealed record ReportSummary(
    long Id, string? Organ, int? Year, string Status, string FileName, string Source, string Sha256,
    DateTime ReceivedAt, DateTime ProcessedAt, int FindingCount, int OpenFindings);

public sealed record StoredSection(int Number, string Heading, string Text);

public sealed record TableValue(string Table, string Row, string Column, decimal? Value, string? Raw);

/// <summary>One report with everything stored about it; <see cref="AnalysisJson"/> is ReportJson's full output.</summary>
public sealed record ReportDetail(
    ReportSummary Report, IReadOnlyList<StoredSection> Sections, IReadOnlyList<TableValue> Values,
    IReadOnlyList<StoredFinding> Findings, int PassageCount, string AnalysisJson);

public sealed record ReportFilter(string? Organ = null, int? Year = null, string? Status = null, int? Limit = null);

/// <summary>A report's review state, derived from its findings: new → in-review → reviewed.</summary>
public static class ReportStatus
{
    public const string New = "new", InReview = "in-review", Reviewed = "reviewed";
}

/// <summary>A stored report's organ, year and arrival, for who-reported-what questions.</summary>
public sealed record OrganReport(long Id, string Organ, int? Year, DateTime ReceivedAt);
