using System.Data.Common;
using System.Globalization;
using System.Text;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Storage;

/// <summary>Reading the store, and the one thing a reviewer writes: a decision on a finding.</summary>
public sealed partial class ReportStore
{
    private const string SummaryColumns = """
        r.id, r.organ, r.year, r.status, r.file_name, r.source, r.sha256, r.received_at, r.processed_at, r.finding_count,
        (SELECT COUNT(*) FROM findings f WHERE f.report_id = r.id AND f.status = 'open')
        """;

    private static ReportSummary ReadSummary(DbDataReader r) => new(
        r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture),
        r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), Utc(r.GetDateTime(7)), Utc(r.GetDateTime(8)),
        Convert.ToInt32(r.GetValue(9), CultureInfo.InvariantCulture), Convert.ToInt32(r.GetValue(10), CultureInfo.InvariantCulture));

    public IReadOnlyList<ReportSummary> ListReports(ReportFilter filter)
    {
        var sql = new StringBuilder($"SELECT {SummaryColumns} FROM reports r WHERE 1 = 1");
        var ps = new List<(string, object?)>();
        if (filter.Organ is { } organ) { sql.Append(" AND r.organ LIKE @organ"); ps.Add(("@organ", $"%{organ}%")); }
        if (filter.Year is { } year) { sql.Append(" AND r.year = @year"); ps.Add(("@year", year)); }
        if (filter.Status is { } status) { sql.Append(" AND r.status = @status"); ps.Add(("@status", status)); }
        sql.Append(" ORDER BY r.id");
        if (filter.Limit is { } limit) { sql.Append(" LIMIT @limit"); ps.Add(("@limit", limit)); }
        using var c = Dialect.Open();
        return Query(c, sql.ToString(), ReadSummary, ps.ToArray());
    }

    public long CountReports()
    {
        using var c = Dialect.Open();
        return Convert.ToInt64(Scalar(c, "SELECT COUNT(*) FROM reports"), CultureInfo.InvariantCulture);
    }

    public ReportDetail? GetReport(long id)
    {
        using var c = Dialect.Open();
        var summary = Query(c, $"SELECT {SummaryColumns} FROM reports r WHERE r.id = @id", ReadSummary, ("@id", id)).FirstOrDefault();
        if (summary is null) return null;
        var (json, layout) = Query(c, "SELECT analysis, analysis_json, layout FROM reports WHERE id = @id",
            r => (CompressedJson.Read(r.GetValue(0), r.GetValue(1)), r.IsDBNull(2) ? 0 : Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture)), ("@id", id))[0];
        IReadOnlyList<StoredSection> sections;
        IReadOnlyList<TableValue> values;
        if (layout == TextsInAnalysis)
        {
            var report = ReportJsonReader.Read(json);
            sections = report.Sections.Select(s => new StoredSection(s.Number, s.Heading, s.Text)).ToList();
            values = StoredTexts.Values(report);
        }
        else
        {
            sections = Query(c, "SELECT number, heading, text FROM sections WHERE report_id = @id ORDER BY position",
                r => new StoredSection(Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), r.GetString(1), r.GetString(2)), ("@id", id));
            values = Query(c, "SELECT tbl, row_key, col, value, raw FROM table_values WHERE report_id = @id ORDER BY tbl, seq",
                r => new TableValue(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetDecimal(3), r.IsDBNull(4) ? null : r.GetString(4)),
                ("@id", id));
        }
        var findings = Findings(c, "WHERE f.report_id = @id", ("@id", id));
        var passages = Convert.ToInt32(Scalar(c, "SELECT COUNT(*) FROM passages WHERE report_id = @id", ("@id", id)), CultureInfo.InvariantCulture)
            + (Scalar(c, "SELECT passages FROM passage_sets WHERE report_id = @id", ("@id", id)) is byte[] set ? PassageSet.Count(set) : 0);
        return new ReportDetail(summary, sections, values, findings, passages, json);
    }

    /// <summary>The stored passages the model that labelled them was least sure of (for `dw labels export`).</summary>
    public IReadOnlyList<StoredPassage> LeastConfidentPassages(int limit)
    {
        using var c = Dialect.Open();
        var rows = PassageRows(c, "WHERE confidence IS NOT NULL ORDER BY confidence, report_id, position LIMIT @n", ("@n", limit));
        // Passage sets by their least confidence: past the limit-th least confident passage found, no later set has one.
        var found = new List<(double Confidence, long ReportId, int Position, int Index)>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT report_id, least_confidence, passages FROM passage_sets WHERE least_confidence IS NOT NULL ORDER BY least_confidence, report_id";
            using var r = cmd.ExecuteReader();
            while (r.Read() && (found.Count < limit || r.GetDouble(1) <= found[limit - 1].Confidence))
            {
                var (id, set) = (r.GetInt64(0), (byte[])r.GetValue(2));
                for (var i = 0; i < PassageSet.Count(set); i++)
                    if (PassageSet.Read(set, i) is (var position, double confidence)) found.Add((confidence, id, position, i));
                found.Sort();
                if (found.Count > limit) found.RemoveRange(limit, found.Count - limit);
            }
        }
        var sets = PassageSets(c, found.Select(f => f.ReportId).Distinct().ToList());
        return rows.Concat(found.Select(f => sets[f.ReportId][f.Index]))
            .OrderBy(p => p.Confidence).ThenBy(p => p.ReportId).ThenBy(p => p.Position).Take(limit).ToList();
    }

    /// <summary>The passages of these reports, by report, section and position.</summary>
    internal static List<StoredPassage> PassagesOfReports(DbConnection c, IReadOnlyCollection<long> reportIds)
    {
        var passages = new List<StoredPassage>();
        foreach (var chunk in reportIds.Chunk(500))
            passages.AddRange(PassageRows(c, $"WHERE report_id IN ({string.Join(", ", chunk)}) ORDER BY report_id, section, position"));
        foreach (var (_, set) in PassageSets(c, reportIds).OrderBy(s => s.Key))
            passages.AddRange(set.OrderBy(p => p.Section).ThenBy(p => p.Position));
        return passages.OrderBy(p => p.ReportId).ToList(); // stable: within a report, as ordered above
    }

    /// <summary>A report's first passage (in the order of the analysis) at this position in its section, if any.</summary>
    internal static StoredPassage? PassageAt(DbConnection c, long reportId, int position) =>
        PassageRows(c, "WHERE report_id = @r AND position = @p", ("@r", reportId), ("@p", position)).FirstOrDefault()
        ?? (PassageSets(c, [reportId]).TryGetValue(reportId, out var set) ? set.FirstOrDefault(p => p.Position == position) : null);

    /// <summary>Passage rows, as reports stored before migration 8 have them; <paramref name="rest"/> is the query's WHERE, ORDER BY and LIMIT.</summary>
    private static List<StoredPassage> PassageRows(DbConnection c, string rest, params (string, object?)[] ps) =>
        Query(c, $"SELECT report_id, section, position, text, context, label, confidence FROM passages {rest}",
            r => new StoredPassage(r.GetInt64(0), Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture), Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetDouble(6)), ps);

    /// <summary>
    /// The passages of those of these reports stored from migration 8 on, in the order of the analysis: position and
    /// confidence from the passage set, the rest from the analysis JSON.
    /// </summary>
    private static Dictionary<long, List<StoredPassage>> PassageSets(DbConnection c, IReadOnlyCollection<long> reportIds)
    {
        var found = new Dictionary<long, List<StoredPassage>>();
        foreach (var chunk in reportIds.Chunk(200))
            foreach (var (id, set, texts) in Query(c, $"""
                         SELECT s.report_id, s.passages, r.analysis FROM passage_sets s JOIN reports r ON r.id = s.report_id
                         WHERE s.report_id IN ({string.Join(", ", chunk)})
                         """,
                         r => (r.GetInt64(0), (byte[])r.GetValue(1), StoredTexts.Parse(CompressedJson.DecompressUtf8((byte[])r.GetValue(2))))))
                found[id] = texts.Passages.Select((p, i) =>
                {
                    var (position, confidence) = PassageSet.Read(set, i);
                    return new StoredPassage(id, p.Section, position, p.Text, p.Context, p.Label, confidence);
                }).ToList();
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
    private static List<StoredFinding> Findings(DbConnection c, string where, params (string, object?)[] ps) =>
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
