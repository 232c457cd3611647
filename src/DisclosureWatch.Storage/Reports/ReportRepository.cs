using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Reports;
using DisclosureWatch.Storage.Passages;

namespace DisclosureWatch.Storage.Reports;

/// <summary>
/// The reports: stored and read back. Writes go through <see cref="Save"/>: each report and all its children in the batch's one
/// transaction, the UNIQUE sha256 (the file) and text_sha256 (its normalised text) making a second save of the same
/// report a no-op.
/// Thread-safe: every call opens its own (pooled) connection.
/// </summary>
public sealed partial class ReportRepository(Database database)
{
    public Database Database { get; } = database;
    public SqlDialect Dialect => Database.Dialect;

    /// <summary>reports.layout of a report whose texts are in its analysis JSON only (migration 8).</summary>
    internal const int TextsInAnalysis = 8;

    /// <summary>
    /// Stores a batch in ONE transaction. Returns, per report, its new id, or null when a report with the
    /// same sha256 was already stored (then nothing of it is written).
    /// </summary>
    public IReadOnlyList<long?> Save(IReadOnlyList<NewReport> batch, DateTime processedAt)
    {
        var ids = new long?[batch.Count];
        if (batch.Count == 0) return ids;
        using (var c = Dialect.Open())
        {
            Dialect.BeforeBatch(c);
            using var tx = c.BeginTransaction();
            using var w = new BatchWriter(Dialect, c, tx);
            for (var i = 0; i < batch.Count; i++) ids[i] = w.Insert(batch[i], Utc(processedAt));
            tx.Commit();
        }
        Dialect.AfterBatch();
        return ids;
    }

    /// <summary>
    /// Prepared inserts reused for every report of a batch. A report is written in layout 8 (migration 8): its
    /// compressed analysis JSON is the single copy of its texts; its finding rows and its one passage set keep only what
    /// queries and reviews ask for.
    /// </summary>
    internal sealed class BatchWriter : IDisposable
    {
        private readonly InsertStatement _report, _finding, _passages;
        private readonly ArrayBufferWriter<byte> _json = new(32 * 1024);
        private readonly ArrayBufferWriter<byte> _compressed = new(16 * 1024);
        private readonly ArrayBufferWriter<byte> _passageBytes = new(1024);

        public BatchWriter(SqlDialect dialect, DbConnection c, DbTransaction tx)
        {
            _report = dialect.PrepareInsert(c, tx, $"""
                INSERT INTO reports (sha256, file_name, source, organ, year, status, received_at, processed_at, finding_count, analysis_json, analysis, text_sha256, model_version, layout)
                VALUES (@sha, @file, @source, @organ, @year, @status, @received, @processed, @findings, '', @analysis, @text, @mv, {TextsInAnalysis})
                ON CONFLICT DO NOTHING RETURNING id
                """);
            _finding = dialect.PrepareInsert(c, tx,
                "INSERT INTO findings (report_id, item, rule, severity, message, evidence, section, status) VALUES (@r, @item, @rule, @sev, '', '', @sec, 'open')");
            _passages = dialect.PrepareInsert(c, tx, "INSERT INTO passage_sets (report_id, least_confidence, passages) VALUES (@r, @least, @passages)");
        }

        public long? Insert(NewReport n, DateTime processedAt)
        {
            var a = n.Analysis;
            var r = a.Report;
            _report.Text(0, n.Sha256);
            _report.Text(1, n.FileName);
            _report.Text(2, n.Source);
            _report.Text(3, r.Organ);
            _report.Int(4, r.Year);
            _report.Text(5, ReportStatus.New);
            _report.Time(6, Utc(n.ReceivedAt));
            _report.Time(7, processedAt);
            _report.Int(8, a.Findings.Count);
            _report.Bytes(9, CompressedJson.Compress(Json(n), _compressed));
            _report.Text(10, a.TextSha256);
            _report.Text(11, a.Passages.Any(p => p.Label is not null) ? n.ModelVersion : null);
            if (_report.Run() is not { } id) return null; // stored before: the sha256 or the text's hash is taken

            for (var i = 0; i < a.Findings.Count; i++)
            {
                var f = a.Findings[i];
                _finding.Int(0, id);
                _finding.Int(1, i);
                _finding.Text(2, f.Rule);
                _finding.Text(3, f.Severity.Name());
                _finding.Int(4, f.Section);
                _finding.Run();
            }
            if (a.Passages.Count > 0)
            {
                _passages.Int(0, id);
                _passages.Real(1, a.Passages.Min(p => p.Confidence));
                _passages.Bytes(2, PassageSet.Write(a.Passages, _passageBytes));
                _passages.Run();
            }
            return id;
        }

        /// <summary>The analysis JSON written into the writer's reused buffer, valid until the next call.</summary>
        private ReadOnlySpan<byte> Json(NewReport n)
        {
            _json.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(_json, ReportJson.WriterOptions)) ReportJson.Write(w, n.FileName, n.Sha256, n.Analysis);
            return _json.WrittenSpan;
        }

        public void Dispose()
        {
            _report.Dispose(); _finding.Dispose(); _passages.Dispose();
        }
    }

    /// <summary>The id of the report stored with this sha256 — or, given one, with this hash of its normalised text — if any.</summary>
    public long? FindBySha(string sha256, string? textSha256 = null)
    {
        using var c = Dialect.Open();
        return FindBySha(c, null, sha256, textSha256);
    }

    internal static long? FindBySha(DbConnection c, DbTransaction? tx, string sha256, string? textSha256)
    {
        var v = textSha256 is null
            ? Scalar(c, tx, "SELECT id FROM reports WHERE sha256 = @sha", ("@sha", sha256))
            : Scalar(c, tx, "SELECT id FROM reports WHERE sha256 = @sha OR text_sha256 = @text ORDER BY id LIMIT 1", ("@sha", sha256), ("@text", textSha256));
        return v is null or DBNull ? null : Convert.ToInt64(v, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The analysis JSON of each organ's latest stored report for the year asked (last year's, for the cross-year
    /// rules), one connection and one prepared query for a whole batch.
    /// </summary>
    public Dictionary<(string Organ, int Year), string> AnalysesOf(IReadOnlyCollection<(string Organ, int Year)> keys)
    {
        var found = new Dictionary<(string, int), string>();
        if (keys.Count == 0) return found;
        using var c = Dialect.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT analysis, analysis_json FROM reports WHERE organ = @organ AND year = @year ORDER BY id DESC LIMIT 1";
        var organ = cmd.AddParameter("@organ", "");
        var year = cmd.AddParameter("@year", 0);
        foreach (var key in keys.Distinct())
        {
            (organ.Value, year.Value) = (key.Organ, key.Year);
            using var r = cmd.ExecuteReader();
            if (r.Read()) found[key] = CompressedJson.Read(r.GetValue(0), r.GetValue(1));
        }
        return found;
    }

    /// <summary>Which of these sha256 are stored already: id and file name of the stored report.</summary>
    public Dictionary<string, (long Id, string FileName)> FindByShas(IReadOnlyCollection<string> shas)
    {
        var found = new Dictionary<string, (long, string)>(StringComparer.Ordinal);
        if (shas.Count == 0) return found;
        using var c = Dialect.Open();
        foreach (var chunk in shas.Distinct().Chunk(500))
        {
            var names = chunk.Select((_, i) => $"@s{i}").ToArray();
            var rows = Query(c, $"SELECT sha256, id, file_name FROM reports WHERE sha256 IN ({string.Join(", ", names)})",
                r => (Sha: r.GetString(0), Id: r.GetInt64(1), File: r.GetString(2)),
                chunk.Select((sha, i) => (names[i], (object?)sha)).ToArray());
            foreach (var row in rows) found[row.Sha] = (row.Id, row.File);
        }
        return found;
    }
}
