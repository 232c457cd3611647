using System.Data.Common;
using System.Globalization;
using System.Text;
using DisclosureWatch.Core.Reports;
using DisclosureWatch.Storage.Findings;
using DisclosureWatch.Storage.Passages;

namespace DisclosureWatch.Storage.Reports;

/// <summary>Reading the reports: as listed, one in full, those received in a week, who reported what.</summary>
public sealed partial class ReportRepository
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
        var findings = FindingStore.Findings(c, "WHERE f.report_id = @id", ("@id", id));
        var passages = PassageStore.Count(c, id);
        return new ReportDetail(summary, sections, values, findings, passages, json);
    }

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
}
