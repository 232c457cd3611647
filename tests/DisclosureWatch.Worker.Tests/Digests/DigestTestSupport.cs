using System.Diagnostics;
using System.Globalization;
using DisclosureWatch.Core;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Digests;
using DisclosureWatch.Storage.Findings;
using DisclosureWatch.Storage.Passages;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Classification;
using DisclosureWatch.Worker.Digests;
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Store;
using DisclosureWatch.Worker.Tests.Hosting;
using DisclosureWatch.Worker.Tests.Mail.Infra;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DisclosureWatch.Worker.Tests.Digests;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}

/// <summary>
/// A store made once per test class by the real pipeline: the five seeds received in the week of 2025-01-13 (China
/// time), plus a corrected version of seed 000 (a resubmission) and a report from another county received the same week.
/// Each test gets its own copy of the database file.
/// </summary>
public sealed class SeededStore : IDisposable
{
    /// <summary>Monday 2025-01-20 08:00 in Asia/Shanghai: the default schedule's time closing the seed week.</summary>
    public static readonly DateTimeOffset Due = new(2025, 1, 20, 8, 0, 0, TimeSpan.FromHours(8));
    public static readonly DateOnly WeekStart = new(2025, 1, 13);

    private readonly TempDir _template = new();
    public string Database => Path.Combine(_template.Path, "dw.db");

    public SeededStore()
    {
        var database = new Database(SqlDialect.Sqlite(Database, TimeSpan.FromSeconds(5)));
        database.Migrate(DateTime.UtcNow);
        var pipeline = new ReportPipeline(new ReportAnalyzer(ModelFiles.LoadDefault()), new ReportRepository(database), new RunStore(database), new Retry(3, TimeSpan.FromMilliseconds(20)),
            TimeProvider.System, NullLogger.Instance);
        var files = Seeds.Files.ToList();
        var extra = Directory.CreateDirectory(Path.Combine(_template.Path, "extra")).FullName;
        var corrected = Path.Combine(extra, "corrected-000.txt");
        File.WriteAllText(corrected, File.ReadAllText(files[0]) + "\n（更正版）\n");
        var other = Path.Combine(extra, "other-county.txt");
        File.WriteAllText(other, File.ReadAllText(files[1]).Replace("延津县司寨乡", "偏关县水泉乡"));
        var work = files.Select((f, i) => FileWork.At(f, new DateTime(2025, 1, 13, 2 + i, 0, 0, DateTimeKind.Utc))).ToList(); // 10:00+ China time
        work.Add(FileWork.At(corrected, new DateTime(2025, 1, 16, 3, 0, 0, DateTimeKind.Utc)));
        work.Add(FileWork.At(other, new DateTime(2025, 1, 17, 3, 0, 0, DateTimeKind.Utc)));
        var nextWeek = Path.Combine(extra, "next-week.txt");
        File.WriteAllText(nextWeek, File.ReadAllText(files[2]) + "\n（第二周）\n");
        work.Add(FileWork.At(nextWeek, new DateTime(2025, 1, 20, 3, 0, 0, DateTimeKind.Utc))); // the next week
        var failed = pipeline.Process(work, "test", recovered: false, CancellationToken.None).Where(w => w.Outcome != Outcome.Stored).Select(w => $"{w.Name}: {w.Outcome} {w.Error}").ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed));
        SqliteConnection.ClearAllPools(); // the last close checkpoints the WAL into dw.db, so the file can be copied
    }

    /// <summary>A data directory holding a copy of the seeded store, and its digests.</summary>
    internal (TempDir Dir, DataPaths Paths, DigestStore Store) Copy()
    {
        var dir = new TempDir();
        var paths = new DataPaths(dir["data"], "test").EnsureCreated();
        File.Copy(Database, paths.Database);
        var database = new Database(SqlDialect.Sqlite(paths.Database, TimeSpan.FromSeconds(5)));
        database.Migrate(DateTime.UtcNow);
        return (dir, paths, new DigestStore(database));
    }

    public void Dispose() => _template.Dispose();
}

internal static class DigestConfig
{
    /// <summary>Two supervisors: 王科长 (three counties by region, two towns by name) and 李主任 (河曲县 only).</summary>
    public static readonly Dictionary<string, string?> Supervisors = new()
    {
        ["Digest:Supervisors:0:Name"] = "王科长",
        ["Digest:Supervisors:0:Address"] = "wang@dw.test",
        ["Digest:Supervisors:0:Regions:0"] = "河曲县",
        ["Digest:Supervisors:0:Regions:1"] = "延津县",
        ["Digest:Supervisors:0:Regions:2"] = "灵丘县",
        ["Digest:Supervisors:0:Organs:0"] = "（石咢）嘉镇人民政府",
        ["Digest:Supervisors:0:Organs:1"] = "哈拉直沟乡",
        ["Digest:Supervisors:0:ExpectedOrgans:0"] = "河曲县社梁乡人民政府",
        ["Digest:Supervisors:0:ExpectedOrgans:1"] = "河曲县沙泉乡人民政府",
        ["Digest:Supervisors:0:ExpectedOrgans:2"] = "延津县司寨乡人民政府",
        ["Digest:Supervisors:0:ExpectedOrgans:3"] = "偏关县水泉乡人民政府",
        ["Digest:Supervisors:1:Name"] = "李主任",
        ["Digest:Supervisors:1:Address"] = "li@dw.test",
        ["Digest:Supervisors:1:Regions:0"] = "河曲县",
        ["Digest:Supervisors:1:ExpectedOrgans:0"] = "河曲县社梁乡人民政府",
        ["Digest:Supervisors:1:ExpectedOrgans:1"] = "河曲县沙泉乡人民政府",
    };

    public static DigestSettings Read(Dictionary<string, string?> values) =>
        DigestSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    public static Dictionary<string, string?> With(params (string Key, string? Value)[] more)
    {
        var values = new Dictionary<string, string?>(Supervisors);
        foreach (var (k, v) in more) values[k] = v;
        return values;
    }

    public static DigestService Service(DigestSettings settings, DigestStore store, DataPaths paths, TimeProvider clock, LogCapture? logs = null) =>
        new(settings, store, new ReportRepository(store.Database), new FindingStore(store.Database), new PassageStore(store.Database), new RunStore(store.Database), paths, clock, LoggerFactory.Create(b => b.AddProvider(logs ?? new LogCapture())).CreateLogger<DigestService>());
}

/// <summary>
/// The shared aiosmtpd server script (Fixtures/smtp_server.py) on ports chosen by the test, so it can be stopped and
/// started again on the same ports — the SMTP server being down at the scheduled time and back later.
/// </summary>
internal sealed class SmtpProcess : IDisposable
{
    private readonly Process _process;

    private SmtpProcess(Process process) => _process = process;

    public static async Task<SmtpProcess> StartAsync(TestCertificates certificates, string outDir, int implicitPort, int startTlsPort)
    {
        Tools.EnsurePackages(() => Tools.Succeeds(Tools.Python, "-c", "import aiosmtpd"), "python3-aiosmtpd");
        var psi = new ProcessStartInfo(Tools.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Tools.FixturePath("smtp_server.py"), certificates.CertFile, certificates.KeyFile, outDir,
                     SmtpServer.User, SmtpServer.Password, implicitPort.ToString(CultureInfo.InvariantCulture), startTlsPort.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        var ready = process.StandardOutput.ReadLineAsync();
        if (await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(30))) != ready || await ready != "READY")
        {
            process.Kill(true);
            throw new InvalidOperationException("smtp_server.py did not start: " + await process.StandardError.ReadToEndAsync());
        }
        return new SmtpProcess(process);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
