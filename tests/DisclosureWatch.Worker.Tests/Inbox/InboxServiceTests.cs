using System.Globalization;
using DisclosureWatch.Core;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Store;
using DisclosureWatch.Worker.Tests.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Tests.Inbox;

/// <summary>The inbox service without Quartz: real files, a real SQLite store, the real analyzer.</summary>
public sealed class InboxServiceTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly LogCapture _log = new();

    private (InboxService Inbox, ReportRepository Store, DataPaths Paths) Create(string instance = "t", TimeSpan? settle = null,
        TimeSpan? busyTimeout = null, int maxAttempts = 3, TimeSpan? lease = null, int batchSize = 3)
    {
        var paths = new DataPaths(_dir.Path, instance).EnsureCreated();
        var database = new Database(SqlDialect.Sqlite(paths.Database, busyTimeout ?? TimeSpan.FromSeconds(2)));
        database.Migrate(DateTime.UtcNow);
        var store = new ReportRepository(database);
        var runs = new RunStore(database);
        var options = new InboxOptions { SettleTime = settle ?? TimeSpan.Zero, BatchSize = batchSize, MaxAttempts = maxAttempts, RetryDelay = TimeSpan.FromMilliseconds(100) };
        var factory = LoggerFactory.Create(b => b.AddProvider(_log).SetMinimumLevel(LogLevel.Debug));
        var pipeline = PipelineBuilder.Build(store, runs, new ReportAnalyzer(), options, TimeProvider.System, factory);
        var inbox = new InboxService(paths, pipeline, runs, options, new WorkerOptions { InstanceId = instance, ClaimLease = lease ?? TimeSpan.FromMinutes(2) },
            TimeProvider.System, factory.CreateLogger<InboxService>());
        return (inbox, store, paths);
    }

    private static string Today => TimeProvider.System.GetLocalNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public void Seeds_are_stored_and_moved_to_a_dated_processed_folder_and_bad_files_to_failed_with_a_reason()
    {
        var (inbox, store, paths) = Create();
        Seeds.CopyTo(paths.Inbox);
        Seeds.WriteBadFiles(paths.Inbox);

        var result = inbox.Poll();

        Assert.Equal((5, 0, 3, "ok"), (result.Stored, result.Duplicates, result.Failed, result.Outcome));
        Assert.Equal(5, store.CountReports());
        Assert.Equal(Seeds.Files.Select(Path.GetFileName), Directory.GetFiles(Path.Combine(paths.Processed, Today)).Select(Path.GetFileName).Order());
        Assert.Empty(Directory.GetFiles(paths.Inbox));
        Assert.Empty(Directory.GetFiles(paths.Claims));
        foreach (var bad in new[] { "empty.txt", "random.pdf", "truncated.docx" })
        {
            Assert.True(File.Exists(Path.Combine(paths.Failed, bad)), bad);
            var sidecar = File.ReadAllText(Path.Combine(paths.Failed, bad + ".error.txt"));
            Assert.Contains($"file: {bad}", sidecar);
            Assert.Matches(@"reason: \S+.*\S", sidecar);
            Assert.Matches(@"time: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", sidecar);
            Assert.Contains("attempts: 1", sidecar);
        }
        // The extractor may refuse an empty file itself; either way the reason names the file.
        Assert.Contains("reason: empty.txt: ", File.ReadAllText(Path.Combine(paths.Failed, "empty.txt.error.txt")));
        Assert.Equal(3, store.Database.Count("failures"));
        var run = new RunStore(store.Database).JobRuns().Single();
        Assert.Equal(("inbox", "ok", 5, 0, 3), (run.Job, run.Outcome, run.Stored, run.Duplicates, run.Failed));
        _log.AssertNoUnexpectedErrors();
    }

    [Fact]
    public void Pdfs_extracted_together_are_stored_and_failed_as_each_would_be_alone()
    {
        var (inbox, store, paths) = Create(batchSize: 10);
        var pdfs = Directory.GetFiles(TestPaths.SeedPdfs, "*.pdf")
            .Append(TestPaths.RealReport("huaian-city-2024.pdf")).ToList();
        foreach (var pdf in pdfs) File.Copy(pdf, Path.Combine(paths.Inbox, Path.GetFileName(pdf)));
        Seeds.WriteBadFiles(paths.Inbox); // random.pdf among them: pdfunite refuses its group, whose PDFs are then read one by one

        var result = inbox.Poll();

        Assert.Equal((6, 0, 3), (result.Stored, result.Duplicates, result.Failed));
        var analyzer = new ReportAnalyzer();
        foreach (var pdf in pdfs)
        {
            var alone = analyzer.Analyze(Extraction.DocumentReader.Read(pdf));
            var stored = store.ListReports(new ReportFilter()).Single(r => r.FileName == Path.GetFileName(pdf));
            Assert.Equal((alone.Report.Organ, alone.Report.Year, alone.Findings.Count), (stored.Organ, stored.Year, stored.FindingCount));
        }
        var randomError = File.ReadAllText(Path.Combine(paths.Failed, "random.pdf.error.txt"));
        Assert.True(randomError.Contains("reason: random.pdf: PDF文件已损坏或不是PDF", StringComparison.Ordinal), randomError);
        _log.AssertNoUnexpectedErrors();
    }

    [Fact]
    public void A_readable_text_with_no_sections_and_no_tables_is_not_stored()
    {
        var (inbox, store, paths) = Create();
        File.WriteAllText(Path.Combine(paths.Inbox, "notice.txt"), "关于召开政务公开工作会议的通知\n请各单位于下周一上午九点准时参加。\n");

        var result = inbox.Poll();

        Assert.Equal((0, 1), (result.Stored, result.Failed));
        Assert.Equal(0, store.CountReports());
        Assert.Contains($"reason: notice.txt: {ReportPipeline.NotAReport}", File.ReadAllText(Path.Combine(paths.Failed, "notice.txt.error.txt")));
    }

    [Fact]
    public void A_file_sent_again_is_recorded_as_a_duplicate_and_set_aside_never_re_analyzed()
    {
        var (inbox, store, paths) = Create();
        var seed = Seeds.Files[0];
        File.Copy(seed, Path.Combine(paths.Inbox, "first.txt"));
        inbox.Poll();
        File.Copy(seed, Path.Combine(paths.Inbox, "again.txt"));
        File.Copy(seed, Path.Combine(paths.Inbox, "first.txt"));

        var result = inbox.Poll();

        Assert.Equal((0, 2, 0), (result.Stored, result.Duplicates, result.Failed));
        Assert.Equal(1, store.CountReports());
        Assert.Equal(["again.txt", "first.txt"], Directory.GetFiles(paths.Duplicates).Select(Path.GetFileName).Order());
        Assert.Equal(2, store.Database.Count("duplicates"));
        Assert.Contains(_log.Entries, e => e.Message.Contains("again.txt: duplicate of report 1"));
        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains("again.txt") && e.Message.Contains("not stored"));
    }

    [Fact]
    public void Hidden_and_temporary_files_are_left_alone()
    {
        var (inbox, store, paths) = Create();
        var seed = File.ReadAllText(Seeds.Files[0]);
        foreach (var name in new[] { ".hidden.txt", "~$report.docx", "upload.tmp", "big.pdf.part", "REPORT.TMP" })
            File.WriteAllText(Path.Combine(paths.Inbox, name), seed);

        var result = inbox.Poll();

        Assert.Equal(0, result.Handled);
        Assert.Equal(5, Directory.GetFiles(paths.Inbox).Length);
        Assert.Equal(0, store.CountReports());
    }

    [Fact]
    public void A_file_still_being_written_waits_for_the_settle_time()
    {
        var (inbox, store, paths) = Create(settle: TimeSpan.FromHours(1));
        File.Copy(Seeds.Files[0], Path.Combine(paths.Inbox, "fresh.txt"));
        File.SetLastWriteTimeUtc(Path.Combine(paths.Inbox, "fresh.txt"), DateTime.UtcNow); // File.Copy keeps the seed's (old) mtime
        var old = Path.Combine(paths.Inbox, "old.txt");
        File.Copy(Seeds.Files[1], old);
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-2));

        var result = inbox.Poll();

        Assert.Equal((1, 1), (result.Stored, result.Waiting));
        Assert.True(File.Exists(Path.Combine(paths.Inbox, "fresh.txt")));
        Assert.Equal(1, store.CountReports());
    }

    [Fact]
    public void Settle_tracker_restarts_the_clock_when_size_or_mtime_changes()
    {
        var file = _dir["growing.txt"];
        File.WriteAllText(file, "a");
        var t0 = DateTime.UtcNow;
        File.SetLastWriteTimeUtc(file, t0);
        var tracker = new SettleTracker(TimeSpan.FromSeconds(5));
        var info = new FileInfo(file);

        Assert.Empty(tracker.Ready([info], t0.AddSeconds(1)));
        File.AppendAllText(file, "more");                 // grows: the clock restarts at the scan that sees it
        File.SetLastWriteTimeUtc(file, t0);               // even with the mtime put back (cp -p does that)
        Assert.Empty(tracker.Ready([info], t0.AddSeconds(6)));
        Assert.Empty(tracker.Ready([info], t0.AddSeconds(10)));
        Assert.Single(tracker.Ready([info], t0.AddSeconds(11)));
        File.Delete(file);
        Assert.Empty(tracker.Ready([info], t0.AddSeconds(12)));
        Assert.Equal(0, tracker.Tracked);
    }

    [Fact]
    public void After_a_crash_claimed_files_are_finished_a_committed_one_goes_to_processed_not_duplicates()
    {
        var (inbox, store, paths) = Create();
        // Committed before the crash, not yet moved:
        File.Copy(Seeds.Files[0], Path.Combine(paths.Inbox, Path.GetFileName(Seeds.Files[0])));
        inbox.Poll();
        var processed = Path.Combine(paths.Processed, Today, Path.GetFileName(Seeds.Files[0]));
        File.Move(processed, Path.Combine(paths.Claims, Path.GetFileName(Seeds.Files[0])));
        // Claimed before the crash, never analyzed:
        File.Copy(Seeds.Files[1], Path.Combine(paths.Claims, Path.GetFileName(Seeds.Files[1])));

        var (restarted, _, _) = Create();
        var result = restarted.Poll();

        Assert.Equal((2, 0, 0), (result.Stored, result.Duplicates, result.Failed));
        Assert.Equal(2, store.CountReports());
        Assert.Empty(Directory.GetFiles(paths.Claims));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(paths.Processed, Today)).Length);
        Assert.Equal(0, store.Database.Count("duplicates"));
    }

    [Fact]
    public void The_claims_of_an_instance_whose_heartbeat_stopped_are_adopted()
    {
        var (living, store, paths) = Create("living", lease: TimeSpan.FromMinutes(1));
        var runs = new RunStore(store.Database);
        var dead = Path.Combine(paths.Work, "dead");
        Directory.CreateDirectory(dead);
        Seeds.CopyTo(dead);
        runs.Heartbeat("dead", DateTime.UtcNow.AddMinutes(-5));
        var fresh = Path.Combine(paths.Work, "busy");
        Directory.CreateDirectory(fresh);
        File.Copy(Seeds.Files[0], Path.Combine(fresh, "mine.txt"));
        runs.Heartbeat("busy", DateTime.UtcNow);

        var result = living.Poll();

        Assert.Equal(5, result.Stored);
        Assert.Empty(Directory.GetFiles(dead));
        Assert.Single(Directory.GetFiles(fresh)); // a living instance keeps its claims
        Assert.DoesNotContain("dead", runs.SilentInstances(DateTime.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public async Task A_busy_database_is_retried_with_back_off_and_the_batch_is_stored_when_it_frees()
    {
        var (inbox, store, paths) = Create(busyTimeout: TimeSpan.FromMilliseconds(100), maxAttempts: 8); // 12.7 s of back-off for a 0.7 s lock
        Seeds.CopyTo(paths.Inbox);
        using var holder = new SqliteConnection($"Data Source={paths.Database}");
        holder.Open();
        var tx = holder.BeginTransaction();
        using (var cmd = holder.CreateCommand()) { cmd.Transaction = tx; cmd.CommandText = "INSERT INTO instances VALUES ('lock', '2026-01-01', '2026-01-01')"; cmd.ExecuteNonQuery(); }
        var release = Task.Run(async () => { await Task.Delay(700); tx.Rollback(); });

        var result = inbox.Poll();
        await release;

        Assert.Equal((5, "ok"), (result.Stored, result.Outcome));
        Assert.Equal(5, store.CountReports());
    }

    [Fact]
    public void A_database_busy_through_every_retry_leaves_the_files_claimed_for_the_next_poll()
    {
        var (inbox, store, paths) = Create(busyTimeout: TimeSpan.FromMilliseconds(50), maxAttempts: 2);
        // Poll once so the run history has its row, then lock the database for good.
        inbox.Poll();
        Seeds.CopyTo(paths.Inbox);
        PollResult result;
        using (var holder = new SqliteConnection($"Data Source={paths.Database}"))
        {
            holder.Open();
            using var tx = holder.BeginTransaction();
            using (var cmd = holder.CreateCommand()) { cmd.Transaction = tx; cmd.CommandText = "INSERT INTO instances VALUES ('lock', '2026-01-01', '2026-01-01')"; cmd.ExecuteNonQuery(); }
            result = inbox.Poll();
        }
        Assert.Equal(("failed", 0), (result.Outcome, result.Stored));
        Assert.Equal(0, store.CountReports());
        Assert.Empty(Directory.GetFiles(paths.Failed));

        var next = inbox.Poll();
        Assert.Equal(5, next.Stored);
        Assert.Empty(Directory.GetFiles(paths.Claims));
        Assert.Empty(Directory.GetFiles(paths.Inbox));
    }

    [Fact]
    public void Claimed_files_taken_over_by_another_instance_mid_poll_are_neither_failures_nor_moved()
    {
        var (inbox, store, paths) = Create();
        Seeds.CopyTo(paths.Inbox);
        var other = Directory.CreateDirectory(Path.Combine(paths.Work, "other")).FullName;
        var takenAway = -1;
        // After the first commit the batches claimed ahead are in work/t: "another instance" takes them (a rename, as adoption does).
        inbox.BatchCommitted = _ =>
        {
            if (takenAway >= 0) return;
            takenAway = 0;
            foreach (var f in Directory.GetFiles(paths.Claims)) { File.Move(f, Path.Combine(other, Path.GetFileName(f))); takenAway++; }
        };

        var result = inbox.Poll();

        Assert.InRange(takenAway, 1, 4);
        Assert.Equal((5 - takenAway, takenAway, 0, "ok"), (result.Stored, result.TakenOver, result.Failed, result.Outcome));
        Assert.Equal(0, store.Database.Count("failures"));
        Assert.Empty(Directory.GetFiles(paths.Failed));
        Assert.Equal(takenAway, Directory.GetFiles(other).Length);
        _log.AssertNoUnexpectedErrors();
    }

    public void Dispose() => _dir.Dispose();
}
