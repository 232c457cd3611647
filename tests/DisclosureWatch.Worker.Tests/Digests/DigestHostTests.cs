using DisclosureWatch.Core;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Digests;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Tests.Shared;
using DisclosureWatch.Worker.Digests;
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Store;
using DisclosureWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DisclosureWatch.Worker.Tests.Digests;

/// <summary>The digest job inside the real `dw run` host (Quartz), and exactly once on a PostgreSQL store shared by two workers.</summary>
public sealed class DigestHostTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Dw_run_sends_the_latest_due_digest_at_start_up_and_not_again_after_a_restart()
    {
        var capture = new LogCapture();
        var config = _dir["config.json"];
        File.WriteAllText(config, """
            { "Worker": { "InstanceId": "digest-host" },
              "Digest": { "CheckInterval": "00:00:01",
                "Supervisors": [ { "Name": "王科长", "Address": "wang@dw.test", "Regions": [ "河曲县" ], "ExpectedOrgans": [ "河曲县沙泉乡人民政府" ] } ] } }
            """);
        for (var run = 0; run < 2; run++)
        {
            using var host = RunHost.Build(config, _dir["data"], logging => logging.AddProvider(capture));
            var paths = host.Services.GetRequiredService<DataPaths>();
            await host.StartAsync();
            Wait.Until(() => Directory.Exists(paths.Outbox) && Directory.GetFiles(paths.Outbox, "*.eml").Length == 1, TimeSpan.FromSeconds(30),
                () => "no digest in the outbox");
            await Task.Delay(TimeSpan.FromSeconds(2.5)); // a few retry checks pass
            await host.StopAsync();
            var store = host.Services.GetRequiredService<DigestStore>();
            var digest = Assert.Single(store.Digests());
            Assert.Equal((DigestStatus.Sent, 1), (digest.Status, digest.Attempts));
            Assert.Single(Directory.GetFiles(paths.Outbox));
        }
        capture.AssertNoUnexpectedErrors();
        Assert.Single(capture.Entries, e => e.Message.Contains("sent to wang@dw.test"));
    }

    [Fact]
    public async Task Two_workers_on_one_postgres_store_send_each_digest_once()
    {
        var dialect = SqlDialect.Postgres(postgres.ConnectionString(postgres.CreateDatabase()));
        var database = new Database(dialect);
        database.Migrate(DateTime.UtcNow);
        var store = new DigestStore(database);
        var pipeline = new ReportPipeline(new ReportAnalyzer(), new ReportRepository(database), new RunStore(database), new Retry(3, TimeSpan.FromMilliseconds(20)), TimeProvider.System, NullLogger.Instance);
        var work = Seeds.Files.Select((f, i) => FileWork.At(f, new DateTime(2025, 1, 14, i, 0, 0, DateTimeKind.Utc))).ToList();
        Assert.All(pipeline.Process(work, "test", recovered: false, CancellationToken.None), w => Assert.Equal(Outcome.Stored, w.Outcome));

        var settings = DigestConfig.Read(DigestConfig.Supervisors);
        var clock = new ManualClock(SeededStore.Due);
        var workers = new[] { "a", "b" }.Select(id => new DataPaths(_dir[id], id).EnsureCreated()).ToList();
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            DigestConfig.Service(settings, new DigestStore(new Database(dialect)), workers[i % 2], clock).RunAsync(false, CancellationToken.None))));

        Assert.Equal(2, results.Sum(r => r.Created));
        Assert.Equal(2, results.Sum(r => r.Sent));
        Assert.All(store.Digests(), d => Assert.Equal((DigestStatus.Sent, 1), (d.Status, d.Attempts)));
        Assert.Equal(2, workers.Sum(p => Directory.GetFiles(p.Outbox).Length));
        Assert.StartsWith("政务公开年报周报 2025-01-13至01-19：收到5份", store.Digests().Single(d => d.Address == "wang@dw.test").Subject);
    }

    public void Dispose() => _dir.Dispose();
}
