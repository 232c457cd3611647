using System.Globalization;
using DisclosureWatch.Core;
using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Narrative;
using DisclosureWatch.Core.Reports;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Findings;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace DisclosureWatch.Storage.Tests;

/// <summary>The same behaviour on both databases: every test runs against SQLite and a real PostgreSQL.</summary>
public abstract partial class StoreContractTests
{
    /// <summary>A new, empty database (no schema yet).</summary>
    protected abstract Database NewEmptyDatabase();

    /// <summary>A store on a new, empty database (no schema yet).</summary>
    protected ReportRepository NewEmptyStore() => new(NewEmptyDatabase());

    protected ReportRepository NewStore()
    {
        var store = NewEmptyStore();
        store.Database.Migrate(DateTime.UtcNow);
        return store;
    }

    [Fact]
    public void Migration_4_keeps_the_cells_stored_one_row_per_cell()
    {
        var store = NewEmptyStore();
        store.Database.Migrate(T0, upTo: 3);
        using (var c = store.Dialect.Open())
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = """
                INSERT INTO reports (sha256, file_name, source, organ, year, status, received_at, processed_at, finding_count, analysis_json)
                VALUES ('abc', 'a.txt', 'inbox', '某乡', 2024, 'new', @t, @t, 0, '{}');
                INSERT INTO table_values (report_id, seq, tbl, row_key, col, value, raw) VALUES
                  (1, 0, 't2', 'fees', 'made', 96171.6, '96171.6'),
                  (1, 1, 't3', 'newReceived', 'naturalPerson', 3, '3'),
                  (1, 2, 't3', 'newReceived', 'commercial', NULL, '无');
                """;
            cmd.AddParameter("@t", T0);
            cmd.ExecuteNonQuery();
        }
        store.Database.Migrate(T0);
        var values = store.GetReport(1)!.Values;
        Assert.Equal([("t2", "fees", "made", 96171.6m, "96171.6"), ("t3", "newReceived", "naturalPerson", 3m, "3"), ("t3", "newReceived", "commercial", (decimal?)null, "无")],
            values.Select(v => (v.Table, v.Row, v.Column, v.Value, v.Raw)));
    }

    [Fact]
    public void Migration_7_keeps_reports_stored_before_it_readable_and_compresses_those_after()
    {
        var store = NewEmptyStore();
        store.Database.Migrate(T0, upTo: 4);
        var before = ReportJson.Write("old.txt", "old00001", SampleAnalysis(year: 2023));
        using (var c = store.Dialect.Open())
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = """
                INSERT INTO reports (sha256, file_name, source, organ, year, status, received_at, processed_at, finding_count, analysis_json)
                VALUES ('old00001', 'old.txt', 'inbox', '河曲县社梁乡人民政府', 2023, 'new', @t, @t, 2, @json)
                """;
            cmd.AddParameter("@t", T0);
            cmd.AddParameter("@json", before);
            cmd.ExecuteNonQuery();
        }
        store.Database.Migrate(T0);
        var id = store.Save([Sample("a1b2c3d4")], T0).Single()!.Value;

        Assert.Equal(before, store.GetReport(1)!.AnalysisJson);
        Assert.Equal(ReportJson.Write("a1b2c3.txt", "a1b2c3d4", SampleAnalysis()), store.GetReport(id)!.AnalysisJson);
        // What the cross-year rules read: last year's report, written before the migration.
        Assert.Equal(before, store.AnalysesOf([("河曲县社梁乡人民政府", 2023)])[("河曲县社梁乡人民政府", 2023)]);
        Assert.Equal(store.GetReport(id)!.AnalysisJson, store.AnalysesOf([("河曲县社梁乡人民政府", 2024)])[("河曲县社梁乡人民政府", 2024)]);
        using (var c = store.Dialect.Open())
        {
            var (text, compressed) = Sql.Query(c, "SELECT analysis_json, length(analysis) FROM reports WHERE id = @id",
                r => (r.GetString(0), Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture)), ("@id", id)).Single();
            Assert.Equal("", text);
            Assert.InRange(compressed, 1, System.Text.Encoding.UTF8.GetByteCount(store.GetReport(id)!.AnalysisJson) - 1);
        }
    }

    private static readonly DateTime T0 = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    internal static Analysis SampleAnalysis(string organ = "河曲县社梁乡人民政府", int year = 2024, decimal newReceived = 3)
    {
        var t3 = new StatTable("t3", Template.T3Columns,
        [
            new TableRow("newReceived", "一、本年新收政府信息公开申请数量",
                [TableCell.Parse("1"), TableCell.Parse("0"), TableCell.Parse("无"), TableCell.Blank, TableCell.Parse("0"), TableCell.Parse("2"), TableCell.Parse(newReceived.ToString(CultureInfo.InvariantCulture))], 7, 55),
            new TableRow("carriedOver", "二、上年结转政府信息公开申请数量", [.. Enumerable.Repeat<TableCell?>(TableCell.Parse("0"), 6), null], 6, 56),
        ]);
        var report = new AnnualReport
        {
            Organ = organ,
            Year = year,
            Title = $"{organ}{year}年政府信息公开工作年度报告",
            Sections =
            [
                new Section(1, "一、总体情况", "一、", "总体情况", "2024年，社梁乡认真贯彻落实……", 7),
                new Section(5, "五、存在的主要问题及改进情况", "五、", "存在的主要问题及改进情况", "一是公开内容不够全面。", 90),
            ],
            Applications = t3,
        };
        var findings = new[]
        {
            new Finding("t3.identity", Severity.Error, "表三总计与分项之和不一致", "newReceived 总计 3 ≠ 1+0+0+0+0+2", 3),
            new Finding("section.missing", Severity.Warning, "缺少第二、三、四、六部分", "", null),
        };
        var passages = new[]
        {
            new Passage(5, "一是公开内容不够全面。", "存在的问题", 0) { Label = "problem", Confidence = 0.91 },
            new Passage(1, "2024年，社梁乡认真贯彻落实……", null, 0),
        };
        return new Analysis(report, findings, passages);
    }

    private static NewReport Sample(string sha, string organ = "河曲县社梁乡人民政府", int year = 2024) =>
        new(sha, $"{sha[..6]}.txt", "test", T0, SampleAnalysis(organ, year), "model-7");

    [Fact]
    public void Migrating_twice_applies_each_version_once()
    {
        var store = NewStore();
        Assert.Equal(0, store.Database.Migrate(T0));
        Assert.Equal(Migrations.Latest, store.Database.SchemaVersion()); // every helper appends versions
    }

    [Fact]
    public void A_report_is_stored_with_all_its_children_and_reads_back()
    {
        var store = NewStore();
        var id = store.Save([Sample("a1b2c3d4")], T0.AddMinutes(1)).Single();
        Assert.NotNull(id);

        var detail = store.GetReport(id.Value)!;
        Assert.Equal("河曲县社梁乡人民政府", detail.Report.Organ);
        Assert.Equal(2024, detail.Report.Year);
        Assert.Equal(ReportStatus.New, detail.Report.Status);
        Assert.Equal(T0, detail.Report.ReceivedAt);
        Assert.Equal(T0.AddMinutes(1), detail.Report.ProcessedAt);
        Assert.Equal([1, 5], detail.Sections.Select(s => s.Number));
        Assert.Equal(2, detail.Findings.Count);
        Assert.All(detail.Findings, f => Assert.Equal(FindingStatus.Open, f.Status));
        Assert.Equal(2, detail.PassageCount);
        Assert.Equal(14, detail.Values.Count);
        var total = detail.Values.Single(v => v.Table == "t3" && v.Row == "newReceived" && v.Column == "total");
        Assert.Equal(3m, total.Value);
        var placeholder = detail.Values.Single(v => v.Row == "newReceived" && v.Column == "research");
        Assert.Equal((null, "无"), (placeholder.Value, placeholder.Raw));
        var unread = detail.Values.Single(v => v.Row == "carriedOver" && v.Column == "total");
        Assert.Equal((null, null), (unread.Value, unread.Raw));
        // Full fidelity: the stored JSON is ReportJson's output for the same analysis.
        Assert.Equal(ReportJson.Write("a1b2c3.txt", "a1b2c3d4", SampleAnalysis()), detail.AnalysisJson);
    }

    [Fact]
    public void The_same_sha256_is_stored_once_and_a_second_save_is_a_no_op()
    {
        var store = NewStore();
        var first = store.Save([Sample("aaaa1111"), Sample("bbbb2222")], T0);
        var again = store.Save([Sample("aaaa1111"), Sample("cccc3333")], T0);
        Assert.All(first, id => Assert.NotNull(id));
        Assert.Null(again[0]);
        Assert.NotNull(again[1]);
        Assert.Equal(3, store.CountReports());
        Assert.Equal(6, store.Database.Count("findings"));
        Assert.Equal(first[0], store.FindBySha("aaaa1111"));
        Assert.Equal(["aaaa1111", "cccc3333"], store.FindByShas(["aaaa1111", "cccc3333", "dddd4444"]).Keys.Order());
    }

    [Fact]
    public void The_same_text_in_another_file_is_stored_once_reports_without_a_text_hash_never_collide()
    {
        var store = NewStore();
        NewReport WithText(string sha, string? text) => Sample(sha) with { Analysis = SampleAnalysis() with { TextSha256 = text } };
        var first = store.Save([WithText("aaaa1111", "text-1")], T0).Single();
        // A GBK copy of a UTF-8 file: another sha256, the same normalised text.
        var again = store.Save([WithText("bbbb2222", "text-1"), WithText("cccc3333", "text-2"), WithText("dddd4444", null), WithText("eeee5555", null)], T0);

        Assert.NotNull(first);
        Assert.Null(again[0]);
        Assert.All(again.Skip(1), id => Assert.NotNull(id));
        Assert.Equal(4, store.CountReports());
        Assert.Equal(first, store.FindBySha("bbbb2222", "text-1"));
        Assert.Null(store.FindBySha("bbbb2222"));
    }

    [Fact]
    public void A_batch_is_one_transaction_a_failure_stores_none_of_it()
    {
        var store = NewStore();
        var broken = Sample("ffff0000") with { FileName = null! }; // NOT NULL violation on the second report
        Assert.ThrowsAny<Exception>(() => store.Save([Sample("eeee9999"), broken], T0));
        Assert.Equal(0, store.CountReports());
        Assert.Equal(0, store.Database.Count("findings"));
        Assert.Equal(0, store.Database.Count("passages"));
    }

    [Fact]
    public void Reports_are_listed_by_organ_year_and_status()
    {
        var store = NewStore();
        store.Save([Sample("1111aaaa", "河曲县社梁乡人民政府", 2024), Sample("2222bbbb", "偏关县人民政府", 2024), Sample("3333cccc", "偏关县人民政府", 2023)], T0);
        Assert.Equal(2, store.ListReports(new ReportFilter(Organ: "偏关")).Count);
        Assert.Equal(["1111aaaa", "2222bbbb"], store.ListReports(new ReportFilter(Year: 2024)).Select(r => r.Sha256));
        Assert.Single(store.ListReports(new ReportFilter(Organ: "偏关", Year: 2023)));
        Assert.Equal(3, store.ListReports(new ReportFilter(Status: ReportStatus.New)).Count);
        Assert.Equal(2, store.ListReports(new ReportFilter(Limit: 2)).Count);
    }

    [Fact]
    public void Reviewing_findings_moves_the_report_from_new_to_in_review_to_reviewed()
    {
        var store = NewStore();
        var id = store.Save([Sample("abcd0001")], T0).Single()!.Value;
        var findings = store.GetReport(id)!.Findings;
        var findingStore = new FindingStore(store.Database);

        Assert.True(findingStore.ReviewFinding(findings[0].Id, FindingStatus.Confirmed, "已通知整改", T0.AddDays(1)));
        var after = store.GetReport(id)!;
        Assert.Equal(ReportStatus.InReview, after.Report.Status);
        Assert.Equal(1, after.Report.OpenFindings);
        var confirmed = findingStore.GetFinding(findings[0].Id)!;
        Assert.Equal((FindingStatus.Confirmed, "已通知整改", (DateTime?)T0.AddDays(1)), (confirmed.Status, confirmed.Comment, confirmed.ReviewedAt));

        Assert.True(findingStore.ReviewFinding(findings[1].Id, FindingStatus.Dismissed, null, T0.AddDays(1)));
        Assert.Equal(ReportStatus.Reviewed, store.GetReport(id)!.Report.Status);
        Assert.False(findingStore.ReviewFinding(999_999, FindingStatus.Confirmed, null, T0));
        Assert.Throws<ArgumentException>(() => findingStore.ReviewFinding(findings[0].Id, "maybe", null, T0));
    }
}

public sealed class SqliteStoreTests : StoreContractTests, IDisposable
{
    private readonly SqliteDatabases _databases = new();

    protected override Database NewEmptyDatabase() => _databases.New();

    [Fact]
    public void The_database_is_in_wal_mode()
    {
        var store = NewStore();
        using var c = store.Dialect.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", cmd.ExecuteScalar());
    }

    [Fact]
    public async Task Batches_reach_the_database_file_through_the_background_checkpoint()
    {
        var file = Path.Combine(_databases.Folder, "checkpoint.db");
        var store = new ReportRepository(_databases.New("checkpoint.db"));
        store.Database.Migrate(DateTime.UtcNow);
        var before = new FileInfo(file).Length;
        var padding = Incompressible(30_000); // about 60 KB a report compressed: 40 reports fill far more than the WAL's 1,000 pages
        for (var b = 0; b < 4; b++)
        {
            var batch = Enumerable.Range(0, 10).Select(i => new NewReport($"cp{b:D2}{i:D4}", $"{b}-{i}.txt", "test", DateTime.UtcNow,
                SampleAnalysis() with { Findings = [new Finding("t3.identity", Severity.Error, padding, "x")] })).ToList();
            store.Save(batch, DateTime.UtcNow);
            await ((SqliteDialect)store.Dialect).LastCheckpoint;
        }
        // The writer's own connection never checkpoints (wal_autocheckpoint=0 for the batch): the data is in the
        // database file because the background checkpoint copied it there.
        Assert.True(new FileInfo(file).Length > before + 2_000_000, $"database file {new FileInfo(file).Length} bytes, was {before}");
        Assert.Equal(40, store.Database.Count("reports"));
    }

    [Fact]
    public void The_wal_stays_within_its_bound_and_closing_the_store_removes_it()
    {
        var file = Path.Combine(_databases.Folder, "bounded.db");
        const long bound = 1024 * 1024;
        var store = new ReportRepository(_databases.Track(new Database(new SqliteDialect(file, TimeSpan.FromSeconds(2)) { WalBoundBytes = bound })));
        store.Database.Migrate(DateTime.UtcNow);
        var padding = Incompressible(30_000); // about 60 KB a report compressed, 600 KB a batch: 12 batches write 7 MB
        for (var b = 0; b < 12; b++)
        {
            var batch = Enumerable.Range(0, 10).Select(i => new NewReport($"wal{b:D2}{i:D4}", $"{b}-{i}.txt", "test", DateTime.UtcNow,
                SampleAnalysis() with { Findings = [new Finding("t3.identity", Severity.Error, padding, "x")] })).ToList();
            store.Save(batch, DateTime.UtcNow);
            Assert.InRange(new FileInfo(file + "-wal").Length, 0, bound);
        }
        Assert.InRange(store.Dialect.PeakWalBytes!.Value, 1, bound + 1024 * 1024); // the bound plus one batch at most

        store.Database.Dispose();
        Assert.False(File.Exists(file + "-wal"), "the WAL is left behind");
        Assert.Equal(120, store.Database.Count("reports")); // a closed store reopens
    }

    [Fact]
    public void A_busy_database_is_a_transient_error()
    {
        var store = NewStore();
        using var holder = store.Dialect.Open();
        using var tx = holder.BeginTransaction(); // holds the write lock
        using (var cmd = holder.CreateCommand()) { cmd.Transaction = tx; cmd.CommandText = "INSERT INTO instances VALUES ('x', '2026-01-01', '2026-01-01')"; cmd.ExecuteNonQuery(); }
        var slow = new ReportRepository(new Database(SqlDialect.Sqlite(((SqliteConnection)holder).DataSource, TimeSpan.FromMilliseconds(100))));
        var e = Assert.ThrowsAny<Exception>(() => slow.Save([new NewReport("busy0001", "b.txt", "test", DateTime.UtcNow, SampleAnalysis())], DateTime.UtcNow));
        Assert.True(slow.Dialect.IsTransient(e), e.ToString());
    }

    public void Dispose() => _databases.Dispose();

    /// <summary>Chinese text that Brotli cannot shrink much (a report's texts are stored compressed): random characters, seeded.</summary>
    private static string Incompressible(int length)
    {
        var random = new Random(15);
        return string.Create(length, random, (span, r) => { for (var i = 0; i < span.Length; i++) span[i] = (char)r.Next(0x4E00, 0x9FA6); });
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresServer server) : StoreContractTests
{
    protected override Database NewEmptyDatabase() => new(SqlDialect.Postgres(server.CreateDatabase()));

    [Fact]
    public void Two_processes_migrating_at_once_apply_the_schema_once()
    {
        var cs = server.CreateDatabase();
        var results = new int[4];
        Parallel.For(0, 4, i => results[i] = new Database(SqlDialect.Postgres(cs)).Migrate(DateTime.UtcNow));
        Assert.Equal(Migrations.All.Count, results.Sum()); // each version applied once, by one of them
    }
}
