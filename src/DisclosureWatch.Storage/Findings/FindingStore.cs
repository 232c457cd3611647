using System.Data.Common;
using System.Globalization;

namespace DisclosureWatch.Storage.Findings;

public sealed record StoredFinding(
    long Id, long ReportId, string Rule, string Severity, string Message, string Evidence, int? Section,
    string Status, string? Comment, DateTime? ReviewedAt);

/// <summary>Reviewer decisions on a finding.</summary>
public static class FindingStatus
{
    public const string Open = "open", Confirmed = "confirmed", Dismissed = "dismissed";
}

/// <summary>The findings of the stored reports: read (from their rows, texts from the report's analysis JSON), and a reviewer's decision on one.</summary>
public sealed class FindingStore(Database database)
{
    public Database Database { get; } = database;
    private SqlDialect Dialect => Database.Dialect;

    public IReadOnlyDictionary<long, List<StoredFinding>> FindingsOf(IReadOnlyCollection<long> reportIds)
    {
        var found = reportIds.Distinct().ToDictionary(id => id, _ => new List<StoredFinding>());
        using var c = Dialect.Open();
        foreach (var chunk in found.Keys.Chunk(500))
            foreach (var f in Findings(c, $"WHERE f.report_id IN ({string.Join(", ", chunk)})"))
                found[f.ReportId].Add(f);
        return found;
    }

    /// <summary>All findings with their report, for export.</summary>
    public IReadOnlyList<StoredFinding> AllFindings()
    {
        using var c = Dialect.Open();
        return Findings(c, "");
    }

    public StoredFinding? GetFinding(long id)
    {
        using var c = Dialect.Open();
        return Findings(c, "WHERE f.id = @id", ("@id", id)).FirstOrDefault();
    }

    /// <summary>Findings as stored, with their message and evidence: from the row, or, for a report stored in layout 8, from its analysis JSON.</summary>
    internal static List<StoredFinding> Findings(DbConnection c, string where, params (string, object?)[] ps) =>
        StoredTexts.Fill(c,
            Query(c, $"""
                SELECT f.id, f.report_id, f.rule, f.severity, f.message, f.evidence, f.section, f.status, f.comment, f.reviewed_at, f.item
                FROM findings f {where} ORDER BY f.report_id, f.id
                """,
                r => (Row: new StoredFinding(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                        r.IsDBNull(6) ? null : Convert.ToInt32(r.GetValue(6), CultureInfo.InvariantCulture), r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8),
                        r.IsDBNull(9) ? null : Utc(r.GetDateTime(9))),
                    ReportId: r.GetInt64(1), Item: r.IsDBNull(10) ? (int?)null : Convert.ToInt32(r.GetValue(10), CultureInfo.InvariantCulture)),
                ps),
            (f, texts, item) => f with { Message = texts.Findings[item].Message, Evidence = texts.Findings[item].Evidence });

    /// <summary>
    /// Records a reviewer's decision (confirmed or dismissed, with a comment) and moves the report's status:
    /// in-review while any finding is open, reviewed when none is. False when there is no such finding.
    /// </summary>
    public bool ReviewFinding(long findingId, string status, string? comment, DateTime at)
    {
        if (status is not (FindingStatus.Confirmed or FindingStatus.Dismissed or FindingStatus.Open))
            throw new ArgumentException($"unknown finding status '{status}' (confirmed, dismissed or open)", nameof(status));
        using var c = Dialect.Open();
        using var tx = c.BeginTransaction();
        var changed = Execute(c, tx, "UPDATE findings SET status = @s, comment = @c, reviewed_at = @t WHERE id = @id",
            ("@s", status), ("@c", comment), ("@t", status == FindingStatus.Open ? null : Utc(at)), ("@id", findingId));
        if (changed == 0) return false;
        Execute(c, tx, """
            UPDATE reports SET status = CASE
                WHEN NOT EXISTS (SELECT 1 FROM findings f WHERE f.report_id = reports.id AND f.status = 'open') THEN 'reviewed'
                ELSE 'in-review' END
            WHERE id = (SELECT report_id FROM findings WHERE id = @id)
            """, ("@id", findingId));
        tx.Commit();
        return true;
    }
}
