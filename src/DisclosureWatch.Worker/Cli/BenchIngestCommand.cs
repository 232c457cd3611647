using System.CommandLine;
using System.Diagnostics;
using DisclosureWatch.Core;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Classification;
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace DisclosureWatch.Worker.Cli;

/// <summary>
/// `dw bench ingest [--count N]`: end-to-end inbox → store throughput and peak memory over N synthetic text
/// reports (made from the seeds), printed at 1k, 5k, 10k … reports. SQLite in a fresh temporary data directory.
/// </summary>
internal static class BenchIngestCommand
{
    public static Command CreateIngest()
    {
        var count = new Option<int>("--count") { Description = "Reports to ingest.", DefaultValueFactory = _ => 10_000 };
        var batch = new Option<int>("--batch") { Description = "Reports per transaction (default: the inbox's).", DefaultValueFactory = _ => new InboxOptions().BatchSize };
        var seeds = new Option<string?>("--seeds") { Description = "Folder of seed .txt reports (default: shared/seeds above the binary or working directory)." };
        var data = new Option<string?>("--data") { Description = "Data directory to use (default: a fresh temporary one, removed afterwards)." };
        var pdf = new Option<int>("--pdf") { Description = "Then as many distinct PDF reports (laid out by LibreOffice), into a store of their own: PDFs/s with pdftotext.", DefaultValueFactory = _ => 0 };
        var workers = new Option<int>("--workers") { Description = "Analysis workers (default: one per core).", DefaultValueFactory = _ => 0 };
        var ingest = new Command("ingest", "Measure inbox → store throughput (reports/s) and peak working set.") { count, batch, seeds, data, pdf, workers };
        ingest.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var n = parse.GetValue(count);
            var root = parse.GetValue(data) ?? Path.Combine(Path.GetTempPath(), $"dw-bench-{Environment.ProcessId}");
            var temporary = parse.GetValue(data) is null;
            var paths = new DataPaths(Path.GetFullPath(root), "bench").EnsureCreated();
            try
            {
                var synthetic = SyntheticReports.Find(parse.GetValue(seeds));
                var gen = Stopwatch.StartNew();
                synthetic.Write(paths.Inbox, n);
                output.WriteLine($"generated {n} reports in {paths.Inbox} ({gen.Elapsed.TotalSeconds:0.0} s)");
                var floor = ReadAndHash(paths.Inbox);
                output.WriteLine($"floor: read + SHA-256 of the same {n} files in {floor:0.00} s ({n / floor:0} files/s on {Environment.ProcessorCount} cores, load average {LoadAverage()})");

                var store = new Database(SqlDialect.Sqlite(paths.Database, TimeSpan.FromSeconds(5)));
                store.Migrate(DateTime.UtcNow);
                var runs = new RunStore(store);
                var inboxOptions = new InboxOptions { SettleTime = TimeSpan.Zero, BatchSize = parse.GetValue(batch) };
                var analyzer = new ReportAnalyzer(ModelFiles.LoadDefault(paths.Models));
                var pipeline = PipelineBuilder.Build(store, analyzer, inboxOptions, TimeProvider.System, workers: parse.GetValue(workers));
                var inbox = new InboxService(paths, pipeline, runs, inboxOptions, new WorkerOptions { InstanceId = "bench" }, TimeProvider.System,
                    NullLogger<InboxService>.Instance);

                var checkpoints = new[] { 1_000, 5_000, 10_000, 20_000, 50_000, 100_000 }.Where(c => c < n).Append(n).ToArray();
                var next = 0;
                var watch = Stopwatch.StartNew();
                var process = Process.GetCurrentProcess();
                var cpu0 = process.TotalProcessorTime;
                var system0 = process.PrivilegedProcessorTime;
                output.WriteLine($"{"reports",8} {"seconds",8} {"reports/s",10} {"CPU s",7} {"peak WS MB",11} {"WS MB",7} {"heap MB",8}");
                inbox.BatchCommitted = r =>
                {
                    while (next < checkpoints.Length && r.Handled >= checkpoints[next])
                    {
                        process.Refresh();
                        var seconds = watch.Elapsed.TotalSeconds;
                        output.WriteLine($"{r.Handled,8} {seconds,8:0.00} {r.Handled / seconds,10:0} {(process.TotalProcessorTime - cpu0).TotalSeconds,7:0.0} {process.PeakWorkingSet64 / 1048576.0,11:0.0} " +
                                         $"{process.WorkingSet64 / 1048576.0,7:0.0} {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0,8:0.0}");
                        next++;
                    }
                };
                var result = inbox.Poll();
                var total = watch.Elapsed.TotalSeconds;
                var counts = $"store: {store.Count("reports")} reports, {store.Count("findings")} findings";
                var peakWal = store.Dialect.PeakWalBytes ?? 0;
                store.Dispose(); // checkpoints and truncates the WAL, as every command does on exit
                process.Refresh();
                var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
                var system = (process.PrivilegedProcessorTime - system0).TotalSeconds;
                output.WriteLine($"{result.Stored} stored, {result.Duplicates} duplicates, {result.Failed} failed in {total:0.00} s: " +
                                 $"{result.Handled / total:0} reports/s end to end (hash, extract, parse, rules, one transaction per {inboxOptions.BatchSize}, move), " +
                                 $"{total / floor:0.0}× the read + SHA-256 floor ({n / floor:0}/s), load average {LoadAverage()}");
                output.WriteLine(counts);
                var stored = FileSize(paths.Database) + FileSize(paths.Database + "-wal");
                output.WriteLine($"{stored / 1024.0 / Math.Max(result.Stored, 1):0.0} KB stored per report (database {FileSize(paths.Database) / 1048576.0:0.0} MB + WAL {FileSize(paths.Database + "-wal") / 1048576.0:0.0} MB after the closing checkpoint); peak WAL {peakWal / 1048576.0:0.0} MB");
                output.WriteLine($"CPU {cpu:0.0} s, {system:0.0} s of it in the kernel ({result.Handled / Math.Max(cpu, 1e-3):0} reports per CPU-second; on {Environment.ProcessorCount} cores, load average {LoadAverage()}); " +
                                 $"GCs gen0/1/2: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, {GC.GetTotalAllocatedBytes() / 1048576.0 / result.Handled:0.00} MB allocated per report, GC pauses {GC.GetTotalPauseDuration().TotalSeconds:0.0} s");
                if (parse.GetValue(pdf) is > 0 and var pdfs && !BenchPdf(synthetic, analyzer, inboxOptions, Path.Combine(paths.Root, "pdf"), first: n, pdfs, parse.GetValue(workers), output))
                    return 1;
                return result.Stored == n ? 0 : 1;
            }
            finally
            {
                if (temporary)
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(paths.Root, recursive: true);
                }
            }
        });
        return ingest;
    }

    /// <summary>
    /// PDF ingest: <paramref name="count"/> distinct PDFs through the inbox into a store of their own; each analysis worker
    /// extracts its group of PDFs with one pdfunite and one pdftotext, so as many run at once as there are workers.
    /// </summary>
    private static bool BenchPdf(SyntheticReports synthetic, ReportAnalyzer analyzer, InboxOptions options, string root, int first, int count, int workers, TextWriter output)
    {
        var paths = new DataPaths(root, "bench").EnsureCreated();
        var gen = Stopwatch.StartNew();
        synthetic.WritePdfs(paths.Inbox, count, first);
        output.WriteLine($"generated {count} PDFs in {paths.Inbox} with LibreOffice ({gen.Elapsed.TotalSeconds:0.0} s)");
        using var database = new Database(SqlDialect.Sqlite(paths.Database, TimeSpan.FromSeconds(5)));
        database.Migrate(DateTime.UtcNow);
        var pipeline = PipelineBuilder.Build(database, analyzer, options, TimeProvider.System, workers: workers);
        var inbox = new InboxService(paths, pipeline, pipeline.Runs, options, new WorkerOptions { InstanceId = "bench" }, TimeProvider.System, NullLogger<InboxService>.Instance);
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = inbox.Poll();
        var seconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds; // pdftotext's own CPU is its children's, not counted here
        output.WriteLine($"PDF: {result.Stored} stored, {result.Duplicates} duplicates, {result.Failed} failed in {seconds:0.00} s: {result.Handled / seconds:0.0} PDFs/s end to end " +
                         $"({(workers > 0 ? workers : Environment.ProcessorCount)} analysis workers, each extracting groups of up to {FileStages.PdfGroup} PDFs with one pdfunite and one pdftotext), {cpu:0.0} CPU-s in dw, load average {LoadAverage()}");
        return result.Stored == count;
    }

    /// <summary>Seconds to read and hash every file of <paramref name="folder"/>, one worker per core: the I/O floor of an ingest.</summary>
    private static double ReadAndHash(string folder)
    {
        var watch = Stopwatch.StartNew();
        Parallel.ForEach(Directory.EnumerateFiles(folder), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            System.Security.Cryptography.SHA256.HashData(stream);
        });
        return watch.Elapsed.TotalSeconds;
    }

    private static long FileSize(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    /// <summary>The 1-minute load average (Linux), so a figure taken on a busy machine says so.</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
