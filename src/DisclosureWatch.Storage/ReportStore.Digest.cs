using System.Globalization;
namespace DisclosureWatch.Storage;

/// <summary>A stored report's organ, year and arrival, for who-reported-what questions.</summary>
public sealed record OrganReport(long Id, string Organ, int? Year, DateTime ReceivedAt);

/// <summary>A classified passage as stored.</summary>
public sealed record StoredPassage(long ReportId, int Section, int Position, string Text, string? Context, string? Label, double? Confidence);

/// <summary>The reports, findings and passages the weekly digest and the digest replies read.</summary>
public sealed partial class ReportStore
{
    /// <summary>Reports received in [from, to) (UTC), oldest first.</summary>
    public IReadOnlyList<ReportSummary> ReportsReceived(DateTime fromUtc, DateTime toUtc)
    {
        using var c = Dialect.Open();
        return Query(c, $"SELECT {SummaryColumns} FROM reports r WHERE r.received_at >= @from AND r.received_at < @to ORDER BY r.received_at, r.id",
            ReadSummary, ("@from", Utc(fromUtc)), ("@to", Utc(toUtc)));
    }

    /// <summary>Every report that names its organ (organ names are compared in code, they are written too many ways for SQL).</summary>
    public IReadOnlyList<OrganReport> OrganReports()
    {
        using var c = Dialect.Open();
        return Query(c, "SELECT id, organ, year, received_at FROM reports WHERE organ IS NOT NULL ORDER BY received_at, id",
            r => new OrganReport(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture), Utc(r.GetDateTime(3))));
    }

    public IReadOnlyDictionary<long, List<StoredFinding>> FindingsOf(IReadOnlyCollection<long> reportIds)
    {
        var found = reportIds.Distinct().ToDictionary(id => id, _ => new List<StoredFinding>());
        using var c = Dialect.Open();
        foreach (var chunk in found.Keys.Chunk(500))
            foreach (var f in Findings(c, $"WHERE f.report_id IN ({string.Join(", ", chunk)})"))
                found[f.ReportId].Add(f);
        return found;
    }

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
}
