using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Narrative;

namespace DisclosureWatch.Core.Digests;

/// <summary>
/// Everything one supervisor's digest of one period is made from. The caller (the store, the Quartz job) gathers
/// it; <see cref="DigestBuilder"/> only reads it — no clock, files, mail or database.
/// </summary>
public sealed record DigestInput
{
    /// <summary>The supervisor's name as it is addressed in the digest, e.g. 王科长.</summary>
    public required string Supervisor { get; init; }
    /// <summary>The period [Start, End) the digest covers.</summary>
    public required DigestPeriod Period { get; init; }
    /// <summary>The date the digest is written on (local), for the days to or past the deadline.</summary>
    public required DateOnly Today { get; init; }
    /// <summary>The report year whose deadline matters: reports for it are due on 31 January of ReportYear + 1.</summary>
    public required int ReportYear { get; init; }
    /// <summary>The reports received in the period (new or resubmitted), in scope.</summary>
    public IReadOnlyList<DigestReport> Reports { get; init; } = [];
    /// <summary>The organs expected to report (from configuration, already filtered by the supervisor's scope).</summary>
    public IReadOnlyList<string> ExpectedOrgans { get; init; } = [];
    /// <summary>The organs that have reported for <see cref="ReportYear"/> at all (any period, this one included).</summary>
    public IReadOnlyCollection<string> OrgansReported { get; init; } = [];
    /// <summary>Last year's classified passages per organ, for organs that have last year's report.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Passage>> LastYearPassages { get; init; } =
        new Dictionary<string, IReadOnlyList<Passage>>();
    /// <summary>How many least-sure passages to list for labelling (0: none).</summary>
    public int UncertainCount { get; init; } = 5;
    /// <summary>The time zone received times are shown in; null shows them with their own offset.</summary>
    public TimeZoneInfo? TimeZone { get; init; }

    /// <summary>31 January of the year after <see cref="ReportYear"/> (条例第五十条).</summary>
    public DateOnly Deadline => new(ReportYear + 1, 1, 31);
}

/// <summary>One report received in the period with what the core said about it.</summary>
/// <param name="Id">The store's id of the report (shown, and in the attachment, so a finding can be traced).</param>
/// <param name="Organ">The organ as stored (the parsed title organ or the sender's configured organ).</param>
/// <param name="Year">The report year, when known.</param>
/// <param name="ReceivedAt">When the report arrived.</param>
/// <param name="Resubmitted">True when the organ had already sent a report for this year (a corrected version).</param>
/// <param name="Findings">The review findings.</param>
/// <param name="Passages">The narrative passages with their labels and confidences (empty when no model ran).</param>
public sealed record DigestReport(
    string Id,
    string Organ,
    int? Year,
    DateTimeOffset ReceivedAt,
    bool Resubmitted,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<Passage> Passages);

/// <summary>The passage labels of the classifier (see Classification).</summary>
public static class PassageLabels
{
    public const string Problem = "problem";
    public const string Improvement = "improvement";
    public const string Measure = "measure";
    public const string Boilerplate = "boilerplate";

    public static string Chinese(string? label) => label switch
    {
        Problem => "问题",
        Improvement => "改进",
        Measure => "举措",
        Boilerplate => "套话",
        null => "未分类",
        _ => label,
    };
}
