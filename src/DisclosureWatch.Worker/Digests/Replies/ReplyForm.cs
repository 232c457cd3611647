using System.Globalization;
using System.Security.Cryptography;
using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Digests;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Findings;
using DisclosureWatch.Worker.Classification;

namespace DisclosureWatch.Worker.Digests.Replies;

/// <summary>
/// What a digest's workbook offers its supervisor to answer: every finding of the period's reports (from the store,
/// with its id and current review state) and the digest's least certain passages, with the configured labels and the
/// digest's own token (random, stored with the digest).
/// </summary>
internal sealed class ReplyForm(FindingStore store, IReadOnlyList<string> labels, string token)
{
    public string Token => token;

    /// <summary>A fresh random token (128 bits, hex).</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The labels a supervisor may choose: the current model's (data/models, else the shipped one), else the four built in.</summary>
    public static IReadOnlyList<string> ConfiguredLabels(string modelsDirectory) =>
        ModelFiles.LoadDefault(modelsDirectory)?.Labels is { Count: > 0 } l ? l
            : [PassageLabels.Problem, PassageLabels.Improvement, PassageLabels.Measure, PassageLabels.Boilerplate];

    /// <summary>The findings workbook with the reply sheets added.</summary>
    public DigestAttachment Extend(DigestAttachment workbook, DigestFigures figures)
    {
        var reports = figures.Received.Select(r => r.Report).Where(r => long.TryParse(r.Id, CultureInfo.InvariantCulture, out _)).ToList();
        var findings = store.FindingsOf(reports.Select(r => long.Parse(r.Id, CultureInfo.InvariantCulture)).ToList());
        var reviews = reports.SelectMany(r => findings[long.Parse(r.Id, CultureInfo.InvariantCulture)]
                .Select((f, i) => (f, i, severity: Enum.TryParse<Severity>(f.Severity, ignoreCase: true, out var s) ? s : Severity.Info))
                .OrderByDescending(x => x.severity).ThenBy(x => x.i)
                .Select(x => new ReviewItem(FindingItem(x.f.Id), r.Id, r.Organ, DigestBuilder.SeverityName(x.severity), x.f.Rule, x.f.Message,
                    x.f.Evidence, StateName(x.f.Status))))
            .ToList();
        var passages = figures.Uncertain.Select(u => new LabelItem(PassageItem(u.ReportId, u.Passage.Position), u.ReportId, u.Organ,
            u.Passage.Section, u.Passage.Text, PassageLabels.Chinese(u.Passage.Label), u.Passage.Confidence)).ToList();
        return workbook with { Content = ReplyWorkbook.AddSheets(workbook.Content, reviews, passages, labels.Select(PassageLabels.Chinese).ToList(), token) };
    }

    public static string FindingItem(long findingId) => "F" + findingId.ToString(CultureInfo.InvariantCulture);

    public static string PassageItem(string reportId, int position) => $"P{reportId}-{position.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>F12 → 12.</summary>
    public static long? ParseFinding(string item) =>
        item.Length > 1 && item[0] is 'F' or 'f' && long.TryParse(item.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>P7-3 → (7, 3).</summary>
    public static (long Report, int Position)? ParsePassage(string item)
    {
        if (item.Length < 4 || item[0] is not ('P' or 'p')) return null;
        var dash = item.IndexOf('-');
        return dash > 1 && long.TryParse(item.AsSpan(1, dash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var report)
               && int.TryParse(item.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? (report, position) : null;
    }

    public static string StateName(string status) => status switch
    {
        FindingStatus.Confirmed => "已确认",
        FindingStatus.Dismissed => "已驳回",
        _ => "待审",
    };

    /// <summary>确认/驳回/待定 → the finding status; null for anything else.</summary>
    public static string? Decision(string answer) => answer switch
    {
        "确认" => FindingStatus.Confirmed,
        "驳回" => FindingStatus.Dismissed,
        "待定" => FindingStatus.Open,
        _ => null,
    };
}
