using System.Runtime.InteropServices;
using System.Text;
using DisclosureWatch.Core;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Store;
using DisclosureWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace DisclosureWatch.Worker.Tests.Inbox;

/// <summary>Names an operator's share really produces, on the real file system: none stuck, none silently skipped.</summary>
public sealed class OddNamesTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly LogCapture _log = new();

    static OddNamesTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private (InboxService Inbox, ReportRepository Store, DataPaths Paths) Create()
    {
        var paths = new DataPaths(_dir.Path, "t").EnsureCreated();
        var database = new Database(SqlDialect.Sqlite(paths.Database, TimeSpan.FromSeconds(2)));
        database.Migrate(DateTime.UtcNow);
        var store = new ReportRepository(database);
        var runs = new RunStore(database);
        var options = new InboxOptions { SettleTime = TimeSpan.Zero, BatchSize = 3, MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(50) };
        var factory = LoggerFactory.Create(b => b.AddProvider(_log).SetMinimumLevel(LogLevel.Debug));
        var pipeline = PipelineBuilder.Build(store, runs, new ReportAnalyzer(), options, TimeProvider.System, factory);
        var inbox = new InboxService(paths, pipeline, runs, options, new WorkerOptions { InstanceId = "t" }, TimeProvider.System, factory.CreateLogger<InboxService>());
        return (inbox, store, paths);
    }

    [Fact]
    public void GBK_byte_names_names_with_newlines_and_255_byte_names_are_each_processed_or_failed_with_a_reason()
    {
        var (inbox, store, paths) = Create();
        var gbk = Encoding.GetEncoding("GB18030");
        var report = File.ReadAllBytes(Seeds.Files[0]);
        var garbage = "not a report at all\n"u8.ToArray();
        var gbkName = "河曲县社梁乡2024年报告.txt";
        WriteRaw(paths.Inbox, gbk.GetBytes(gbkName), report);                           // a report under a GBK name
        WriteRaw(paths.Inbox, [.. gbk.GetBytes("坏文件"), 0xFF, .. ".txt"u8], garbage);   // neither UTF-8 nor GB18030, and no report
        File.WriteAllBytes(Path.Combine(paths.Inbox, "line1\nreason: forged\nsha256: 0.txt"), garbage);
        File.WriteAllBytes(Path.Combine(paths.Inbox, "two\nlines.txt"), File.ReadAllBytes(Seeds.Files[1]));
        var longName = new string('报', 83) + ".txt";                                    // 83 × 3 + 4 = 253 bytes
        var longest = new string('a', 251) + ".txt";                                    // 255 bytes: failed/NAME.error.txt would be 265
        Assert.Equal((253, 255), (Encoding.UTF8.GetByteCount(longName), Encoding.UTF8.GetByteCount(longest)));
        File.WriteAllBytes(Path.Combine(paths.Inbox, longName), File.ReadAllBytes(Seeds.Files[2]));
        File.WriteAllBytes(Path.Combine(paths.Inbox, longest), garbage);

        var first = inbox.Poll();
        var second = inbox.Poll();

        Assert.Equal((3, 3, "ok", "ok"), (first.Stored, first.Failed, first.Outcome, second.Outcome));
        Assert.Equal(0, Count(paths.Inbox) + Count(paths.Claims));
        // The GBK name is recorded as it reads, and GB18030 gives the original bytes back.
        var names = store.ListReports(new ReportFilter()).Select(r => r.FileName).ToList();
        Assert.Contains(gbkName, names);
        Assert.Contains("two\nlines.txt", names);
        Assert.Contains(longName, names);
        // Each failure has its reason file, one line per key whatever the name holds.
        var errors = Directory.GetFiles(paths.Failed, "*.error.txt");
        Assert.Equal(3, errors.Length);
        Assert.Equal(3, Directory.GetFiles(paths.Failed).Length - errors.Length);
        foreach (var error in errors)
        {
            var lines = File.ReadAllLines(error);
            Assert.Single(lines, l => l.StartsWith("reason: ", StringComparison.Ordinal));
            Assert.Single(lines, l => l.StartsWith("sha256: ", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("reason: ", StringComparison.Ordinal) && l.Contains(ReportPipeline.NotAReport));
        }
        var forged = File.ReadAllLines(errors.Single(e => Path.GetFileName(e).StartsWith("line1", StringComparison.Ordinal)));
        Assert.Equal(@"file: line1\nreason: forged\nsha256: 0.txt", forged[0]);
        var undecodable = File.ReadAllLines(errors.Single(e => Path.GetFileName(e).StartsWith("坏文件", StringComparison.Ordinal)));
        Assert.Equal(@"file: 坏文件\\xFF.txt", undecodable[0]); // the \xHH of the name, its backslash escaped
        Assert.Equal("name-bytes: " + Convert.ToHexStringLower([.. gbk.GetBytes("坏文件"), 0xFF, .. ".txt"u8]), undecodable[1]);
        Assert.Equal(3, store.Database.Count("failures"));
        _log.AssertNoUnexpectedErrors();
    }

    [Fact]
    public void Ignored_files_are_logged_once_each_and_stay()
    {
        var (inbox, _, paths) = Create();
        foreach (var name in new[] { ".hidden.txt", "~$report.docx", "upload.tmp" }) File.WriteAllText(Path.Combine(paths.Inbox, name), "x");

        inbox.Poll();
        inbox.Poll();

        var lines = _log.Entries.Where(e => e.Message.Contains("ignored by its name", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Contains(lines, l => l.StartsWith("~$report.docx:", StringComparison.Ordinal));
        Assert.Equal(3, Count(paths.Inbox));
    }

    [Fact]
    public void A_poll_that_throws_is_recorded_as_failed_with_the_error_and_its_files_stay_claimed()
    {
        var (inbox, store, paths) = Create();
        Seeds.CopyTo(paths.Inbox);
        Directory.Delete(paths.Processed);
        File.WriteAllText(paths.Processed, "a file where the processed folder should be");

        var result = inbox.Poll();

        Assert.Equal("failed", result.Outcome);
        var run = new RunStore(store.Database).JobRuns().First();
        Assert.Equal("failed", run.Outcome);
        Assert.Contains("processed", run.Message);
        Assert.Equal(5, Count(paths.Claims) + Count(paths.Inbox)); // nothing lost: the next poll finishes them
        File.Delete(paths.Processed);
        Directory.CreateDirectory(paths.Processed);
        var next = inbox.Poll();
        Assert.Equal(("ok", 0), (next.Outcome, Count(paths.Claims) + Count(paths.Inbox)));
        Assert.Equal(5, store.CountReports());
        _log.AssertNoUnexpectedErrors(m => m.StartsWith("Inbox poll failed", StringComparison.Ordinal));
    }

    private static int Count(string folder) => Directory.GetFiles(folder).Length;

    /// <summary>A file whose name is the given bytes (.NET only writes UTF-8 names).</summary>
    private static void WriteRaw(string folder, byte[] name, byte[] content)
    {
        var fd = open([.. Encoding.UTF8.GetBytes(folder + "/"), .. name, 0], 0x41 /* O_WRONLY|O_CREAT */, 420);
        Assert.True(fd >= 0, $"open failed: errno {Marshal.GetLastPInvokeError()}");
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        RandomAccess.Write(handle, content, 0);
    }

    [DllImport("libc", SetLastError = true)] private static extern int open(byte[] path, int flags, int mode);

    public void Dispose() => _dir.Dispose();
}
