using System.Data.Common;
using System.Globalization;

namespace DisclosureWatch.Storage.Passages;

/// <summary>A classified passage as stored.</summary>
public sealed record StoredPassage(long ReportId, int Section, int Position, string Text, string? Context, string? Label, double? Confidence);

/// <summary>
/// The classified passages of the stored reports: as rows (reports stored before migration 8) or as one passage set a
/// report, their texts in its analysis JSON.
/// </summary>
public sealed class PassageStore(Database database)
{
    public Database Database { get; } = database;
    private SqlDialect Dialect => Database.Dialect;

    public IReadOnlyDictionary<long, List<StoredPassage>> PassagesOf(IReadOnlyCollection<long> reportIds)
    {
        var found = reportIds.Distinct().ToDictionary(id => id, _ => new List<StoredPassage>());
        using var c = Dialect.Open();
        foreach (var p in PassagesOfReports(c, found.Keys))
            found[p.ReportId].Add(p);
        return found;
    }

    /// <summary>A passage by its report and position, e.g. to label it.</summary>
    public StoredPassage? PassageAt(long reportId, int position)
    {
        using var c = Dialect.Open();
        return PassageAt(c, reportId, position);
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

    /// <summary>How many passages a report has stored, as rows or in its passage set.</summary>
    internal static int Count(DbConnection c, long id) =>
        Convert.ToInt32(Scalar(c, "SELECT COUNT(*) FROM passages WHERE report_id = @id", ("@id", id)), CultureInfo.InvariantCulture)
        + (Scalar(c, "SELECT passages FROM passage_sets WHERE report_id = @id", ("@id", id)) is byte[] set ? PassageSet.Count(set) : 0);
}
