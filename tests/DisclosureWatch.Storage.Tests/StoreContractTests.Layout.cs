using System.Buffers;
using System.Globalization;
using System.Text.Json;
using DisclosureWatch.Core;
using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Documents;
using DisclosureWatch.Core.Reports;
using DisclosureWatch.Storage.Findings;
using DisclosureWatch.Storage.Passages;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Tests;

namespace DisclosureWatch.Storage.Tests;

/// <summary>
/// Migration 8 keeps each of a report's texts once, in its compressed analysis JSON: every read gives the same data for
/// a report stored that way as for one stored under version 7, with its texts in the rows.
/// </summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public void Migration_8_reads_a_report_stored_under_7_as_one_stored_after_it_and_as_analysed()
    {
        var store = NewEmptyStore();
        store.Database.Migrate(T0, upTo: 7);
        var (findingStore, passageStore) = (new FindingStore(store.Database), new PassageStore(store.Database));
        var analysis = SeedAnalysis("000");
        var oldId = WriteAsVersion7(store, "old00001", "old.txt", analysis);
        store.Database.Migrate(T0);
        var newId = store.Save([new NewReport("new00001", "new.txt", "test", T0, analysis, "model-7")], T0).Single()!.Value;
        var r = analysis.Report;

        foreach (var (id, file, sha) in new[] { (oldId, "old.txt", "old00001"), (newId, "new.txt", "new00001") })
        {
            var detail = store.GetReport(id)!;
            Assert.Equal(r.Sections.Select(s => (s.Number, s.Heading, s.Text)), detail.Sections.Select(s => (s.Number, s.Heading, s.Text)));
            Assert.Equal(ValuesAsTheyWereStored(r), detail.Values.Select(v => (v.Table, v.Row, v.Column, v.Value, v.Raw)));
            Assert.Equal(analysis.Findings.Select(f => (f.Rule, f.Severity.Name(), f.Message, f.Evidence, f.Section)),
                detail.Findings.Select(f => (f.Rule, f.Severity, f.Message, f.Evidence, f.Section)));
            Assert.Equal(analysis.Passages.Count, detail.PassageCount);
            Assert.Equal(ReportJson.Write(file, sha, analysis), detail.AnalysisJson);
            Assert.Equal(detail.Findings, findingStore.FindingsOf([id])[id]);
            Assert.Equal(detail.Findings, findingStore.AllFindings().Where(f => f.ReportId == id));
            Assert.Equal(detail.Findings[^1], findingStore.GetFinding(detail.Findings[^1].Id));

            var passages = analysis.Passages.OrderBy(p => p.Section).ThenBy(p => p.Position)
                .Select(p => (p.Section, p.Position, p.Text, p.Context, p.Label, p.Confidence)).ToList();
            Assert.Equal(passages, passageStore.PassagesOf([id])[id].Select(p => (p.Section, p.Position, p.Text, p.Context, p.Label, p.Confidence)));
            var first = analysis.Passages.First(p => p.Position == 3);
            Assert.Equal((first.Section, first.Text, first.Context), passageStore.PassageAt(id, 3) is { } at ? (at.Section, at.Text, at.Context) : default);
        }

        // Least confident first, ties by report: each passage of the old report beside the same one of the new.
        var least = passageStore.LeastConfidentPassages(6);
        var expected = analysis.Passages.Where(p => p.Confidence is not null).OrderBy(p => p.Confidence).Take(3)
            .SelectMany(p => new[] { (oldId, p.Text, p.Context, p.Confidence), (newId, p.Text, p.Context, p.Confidence) });
        Assert.Equal(expected, least.Select(p => (p.ReportId, p.Text, p.Context, p.Confidence)));

        // A review of a finding stored after the migration keeps its texts.
        var finding = store.GetReport(newId)!.Findings[0];
        Assert.True(findingStore.ReviewFinding(finding.Id, FindingStatus.Confirmed, "已核实", T0));
        Assert.Equal(finding with { Status = FindingStatus.Confirmed, Comment = "已核实", ReviewedAt = T0 }, findingStore.GetFinding(finding.Id));

        // The texts are kept once: none of them in the rows of the report stored after the migration.
        using var c = store.Dialect.Open();
        Assert.Equal(0L, Convert.ToInt64(Sql.Scalar(c, "SELECT COUNT(*) FROM sections WHERE report_id = @id", ("@id", newId)), CultureInfo.InvariantCulture));
        Assert.Equal(0L, Convert.ToInt64(Sql.Scalar(c, "SELECT COUNT(*) FROM table_cells WHERE report_id = @id", ("@id", newId)), CultureInfo.InvariantCulture));
        Assert.Equal(0L, Convert.ToInt64(Sql.Scalar(c,
            "SELECT COUNT(*) FROM findings WHERE report_id = @id AND (message <> '' OR evidence <> '')", ("@id", newId)), CultureInfo.InvariantCulture));
        Assert.Equal(0L, Convert.ToInt64(Sql.Scalar(c, "SELECT COUNT(*) FROM passages WHERE report_id = @id", ("@id", newId)), CultureInfo.InvariantCulture));
    }

    /// <summary>A seed report analysed, its passages labelled with confidences that need more than the JSON's four decimals.</summary>
    private static Analysis SeedAnalysis(string seed)
    {
        var analysis = new ReportAnalyzer().Analyze(ExtractedDocument.FromText("txt", File.ReadAllText(TestPaths.Seed(seed))));
        Assert.True(analysis.Findings.Count > 2 && analysis.Passages.Count > 10, "the seed exercises findings and passages");
        return analysis with
        {
            Passages = analysis.Passages.Select((p, i) => i % 4 == 0 ? p : p with { Label = "measure", Confidence = 0.9 - i * 0.0123456789 }).ToList(),
        };
    }

    /// <summary>The cells as table_values rows held them: by table, then row by row and cell by cell.</summary>
    private static IEnumerable<(string, string, string, decimal?, string?)> ValuesAsTheyWereStored(AnnualReport r) =>
        new[] { r.ActiveDisclosure, r.Applications, r.ReviewLitigation }.OfType<StatTable>().SelectMany(CellsOf);

    private static IEnumerable<(string Table, string Row, string Column, decimal? Value, string? Raw)> CellsOf(StatTable t) =>
        t.Rows.SelectMany(row => row.Cells.Select((cell, col) =>
            (t.Name, row.Key, col < t.Columns.Count ? t.Columns[col] : col.ToString(CultureInfo.InvariantCulture), cell?.Value, cell?.Raw)));

    /// <summary>A report written as the batch writer of version 7 wrote it: every text in its rows too.</summary>
    private static long WriteAsVersion7(ReportRepository store, string sha, string file, Analysis a)
    {
        using var c = store.Dialect.Open();
        using var tx = c.BeginTransaction();
        long Run(string sql, params (string, object?)[] ps)
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            foreach (var (name, value) in ps) cmd.AddParameter(name, value);
            return Convert.ToInt64(cmd.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
        }
        var json = ReportJson.Write(file, sha, a);
        var compressed = CompressedJson.Compress(System.Text.Encoding.UTF8.GetBytes(json), new ArrayBufferWriter<byte>()).ToArray();
        var id = Run("""
            INSERT INTO reports (sha256, file_name, source, organ, year, status, received_at, processed_at, finding_count, analysis_json, analysis, text_sha256)
            VALUES (@sha, @file, 'test', @organ, @year, 'new', @t, @t, @n, '', @analysis, NULL) RETURNING id
            """, ("@sha", sha), ("@file", file), ("@organ", a.Report.Organ), ("@year", a.Report.Year), ("@t", T0), ("@n", a.Findings.Count), ("@analysis", compressed));
        for (var i = 0; i < a.Report.Sections.Count; i++)
        {
            var s = a.Report.Sections[i];
            Run("INSERT INTO sections (report_id, position, number, heading, text) VALUES (@r, @p, @n, @h, @t)",
                ("@r", id), ("@p", i), ("@n", s.Number), ("@h", s.Heading), ("@t", s.Text));
        }
        foreach (var table in new[] { a.Report.ActiveDisclosure, a.Report.Applications, a.Report.ReviewLitigation }.OfType<StatTable>())
        {
            var cells = new ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(cells, ReportJson.WriterOptions))
            {
                w.WriteStartArray();
                foreach (var (_, row, col, value, raw) in CellsOf(table))
                {
                    w.WriteStartArray();
                    w.WriteStringValue(row);
                    w.WriteStringValue(col);
                    if (value is { } v) w.WriteNumberValue(v); else w.WriteNullValue();
                    if (raw is null) w.WriteNullValue(); else w.WriteStringValue(raw);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            var cast = store.Dialect.Name == "postgres" ? "CAST(@cells AS jsonb)" : "@cells";
            Run($"INSERT INTO table_cells (report_id, tbl, cells) VALUES (@r, @tbl, {cast})",
                ("@r", id), ("@tbl", table.Name), ("@cells", System.Text.Encoding.UTF8.GetString(cells.WrittenSpan)));
        }
        foreach (var f in a.Findings)
            Run("INSERT INTO findings (report_id, rule, severity, message, evidence, section, status) VALUES (@r, @rule, @sev, @msg, @ev, @sec, 'open')",
                ("@r", id), ("@rule", f.Rule), ("@sev", f.Severity.Name()), ("@msg", f.Message), ("@ev", f.Evidence), ("@sec", f.Section));
        foreach (var p in a.Passages)
            Run("INSERT INTO passages (report_id, position, section, text, context, label, confidence, model_version) VALUES (@r, @p, @s, @t, @ctx, @l, @conf, @mv)",
                ("@r", id), ("@p", p.Position), ("@s", p.Section), ("@t", p.Text), ("@ctx", p.Context), ("@l", p.Label), ("@conf", p.Confidence),
                ("@mv", p.Label is null ? null : "model-7"));
        tx.Commit();
        return id;
    }
}
