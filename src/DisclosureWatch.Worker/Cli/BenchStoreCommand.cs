using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using DisclosureWatch.Core;
using DisclosureWatch.Extraction;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Worker.Classification;
using DisclosureWatch.Worker.Inbox;

namespace DisclosureWatch.Worker.Cli;

/// <summary>
/// `dw bench store [--count N]`: the store alone. N synthetic reports are analysed first (not timed), then saved into a
/// fresh SQLite store in batches, on one thread, as the inbox's writer saves them: CPU per report, the background
/// checkpoints included.
/// </summary>
internal static class BenchStoreCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Reports to store.", DefaultValueFactory = _ => 3_000 };
        var batch = new Option<int>("--batch") { Description = "Reports per transaction.", DefaultValueFactory = _ => new InboxOptions().BatchSize };
        var rounds = new Option<int>("--rounds") { Description = "Fresh stores to fill, one after another.", DefaultValueFactory = _ => 3 };
        var command = new Command("store", "Measure the store alone: CPU per report saved into SQLite.") { count, batch, rounds };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var n = parse.GetValue(count);
            var size = parse.GetValue(batch);
            var synthetic = SyntheticReports.Find(null);
            var analyzer = new ReportAnalyzer(ModelFiles.LoadDefault());
            var reports = Enumerable.Range(0, n).AsParallel().AsOrdered().Select(k =>
            {
                var bytes = Encoding.UTF8.GetBytes(synthetic.Text(k));
                var analysis = analyzer.Analyze(DocumentReader.Read(bytes, $"{k:D6}.txt"));
                return new NewReport(Convert.ToHexStringLower(SHA256.HashData(bytes)), $"{k:D6}.txt", "bench", DateTime.UtcNow, analysis, "bench");
            }).ToList();
            output.WriteLine($"analysed {n} reports (not timed); saving in batches of {size}, one thread");
            var process = Process.GetCurrentProcess();
            for (var round = 0; round < parse.GetValue(rounds); round++)
            {
                var root = Path.Combine(Path.GetTempPath(), $"dw-bench-store-{Environment.ProcessId}-{round}");
                Directory.CreateDirectory(root);
                try
                {
                    var database = new Database(SqlDialect.Sqlite(Path.Combine(root, "dw.db"), TimeSpan.FromSeconds(5)));
                    database.Migrate(DateTime.UtcNow);
                    var repository = new ReportRepository(database);
                    GC.Collect();
                    process.Refresh();
                    var cpu0 = process.TotalProcessorTime;
                    var allocated0 = GC.GetTotalAllocatedBytes();
                    var watch = Stopwatch.StartNew();
                    foreach (var chunk in reports.Chunk(size)) repository.Save(chunk, DateTime.UtcNow);
                    database.Dispose(); // the closing checkpoint, as every command ends: the WAL's pages copied into the database
                    var seconds = watch.Elapsed.TotalSeconds;
                    process.Refresh();
                    var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
                    output.WriteLine($"round {round + 1}: {n / seconds:N0} reports/s, {cpu * 1e6 / n:N0} µs CPU per report ({seconds:0.00} s wall, checkpoints included), " +
                                     $"{(GC.GetTotalAllocatedBytes() - allocated0) / 1024.0 / n:N1} KiB allocated per report, {new FileInfo(Path.Combine(root, "dw.db")).Length / 1024.0 / n:N1} KB stored per report, load {BenchIngestCommand.LoadAverage()}");
                }
                finally
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(root, recursive: true);
                }
            }
            return 0;
        });
        return command;
    }
}
