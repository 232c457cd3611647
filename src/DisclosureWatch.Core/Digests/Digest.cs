using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Narrative;

namespace DisclosureWatch.Core.Digests;

/// <summary>A supervisor's digest of a period, ready to be put in a multipart/alternative mail with one attachment.</summary>
/// <param name="Subject">e.g. 政务公开年报周报 2025-01-13至01-19：收到12份，5份有错误，3个单位未报送.</param>
/// <param name="Html">The text/html part: inline styles and tables only (no style block, images, scripts or SVG).</param>
/// <param name="Text">The text/plain part with the same figures.</param>
/// <param name="Attachment">The period's findings as a spreadsheet.</param>
/// <param name="Figures">What the digest says, as data (for logging, the outbox, tests).</param>
public sealed record Digest(string Subject, string Html, string Text, DigestAttachment Attachment, DigestFigures Figures);

/// <param name="ContentType">e.g. application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.</param>
public sealed record DigestAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>The figures of a digest, computed once and rendered as html and text.</summary>
public sealed record DigestFigures
{
    public required DigestPeriod Period { get; init; }
    public required int ReportYear { get; init; }
    public required DateOnly Deadline { get; init; }
    /// <summary>Days from today to the deadline; negative once it has passed.</summary>
    public required int DaysToDeadline { get; init; }
    /// <summary>Every report received in the period, in order of arrival.</summary>
    public required IReadOnlyList<ReceivedReport> Received { get; init; }
    /// <summary>Reports with at least one error-severity finding, the worst first.</summary>
    public required IReadOnlyList<ReceivedReport> WithErrors { get; init; }
    /// <summary>Expected organs without a report for the report year, in the configuration's order.</summary>
    public required IReadOnlyList<MissingOrgan> Missing { get; init; }
    /// <summary>Problems named by at least two organs of the period, most widespread first.</summary>
    public required IReadOnlyList<ProblemTheme> Themes { get; init; }
    /// <summary>Organs of the period with last year's report: last year's promises beside this year's problems.</summary>
    public required IReadOnlyList<YearOnYear> YearOnYear { get; init; }
    /// <summary>The passages the classifier is least sure of, least sure first.</summary>
    public required IReadOnlyList<UncertainPassage> Uncertain { get; init; }

    public int NewCount => Received.Count(r => !r.Report.Resubmitted);
    public int ResubmittedCount => Received.Count(r => r.Report.Resubmitted);
}

/// <summary>A received report with its finding counts and boilerplate share.</summary>
/// <param name="TopFindings">The findings to show first: errors, then warnings, then infos, in the rules' order.</param>
/// <param name="BoilerplateShare">Characters of boilerplate passages / characters of labelled passages; null when none is labelled.</param>
public sealed record ReceivedReport(DigestReport Report, int Errors, int Warnings, int Infos,
    IReadOnlyList<Finding> TopFindings, double? BoilerplateShare);

/// <summary>Last year's promised improvements and this year's problems of one organ.</summary>
public sealed record YearOnYear(string Organ, string ReportId, IReadOnlyList<string> Promised, IReadOnlyList<ThisYearProblem> Problems);

/// <param name="Echo">How last year's report already named it: 去年也列为问题 / 去年承诺改进; null when it is new.</param>
/// <param name="EchoText">The last year's passage it repeats.</param>
public sealed record ThisYearProblem(string Text, string? Echo, string? EchoText);

/// <param name="OtherYearSent">The year of a report the organ sent in this period for another year (the wrong report), if any.</param>
public sealed record MissingOrgan(string Organ, int? OtherYearSent = null)
{
    /// <summary>延津县司寨乡（本期报送的是2023年度报告）.</summary>
    public string Describe() => OtherYearSent is { } y ? $"{Organ}（本期报送的是{y}年度报告）" : Organ;
}

public sealed record UncertainPassage(string Organ, string ReportId, Passage Passage);
