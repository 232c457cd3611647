using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Configuration;
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Store;
using DisclosureWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Tests.Hosting;

/// <summary>The real `dw run` host in-process: Generic Host, Quartz, settings, SQLite in a temporary data directory.</summary>
public sealed class RunHostTests : IDisposable
{
    private readonly TempDir _dir = new();

    private string Config(string json)
    {
        var path = _dir["config.json"];
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public async Task Seeds_dropped_into_the_inbox_are_stored_after_the_settle_time_and_bad_files_fail_while_the_worker_keeps_running()
    {
        var capture = new LogCapture();
        var config = Config("""{ "Inbox": { "Interval": "00:00:01", "SettleTime": "00:00:01" }, "Worker": { "InstanceId": "host-test" } }""");
        using var host = RunHost.Build(config, _dir["data"], logging => logging.AddProvider(capture));
        var paths = host.Services.GetRequiredService<DataPaths>();
        await host.StartAsync();

        Seeds.CopyTo(paths.Inbox);
        Seeds.WriteBadFiles(paths.Inbox);
        Wait.Until(() => Wait.FilesUnder(paths.Processed) == 5 && Wait.FilesUnder(paths.Failed) == 6, TimeSpan.FromSeconds(30),
            () => $"processed {Wait.FilesUnder(paths.Processed)}, failed {Wait.FilesUnder(paths.Failed)}, inbox {Wait.FilesUnder(paths.Inbox)}");

        // Still running: a file sent again later is recognised as a duplicate.
        File.Copy(Seeds.Files[2], Path.Combine(paths.Inbox, "resent.txt"));
        Wait.Until(() => File.Exists(Path.Combine(paths.Duplicates, "resent.txt")), TimeSpan.FromSeconds(30), () => "resent.txt not set aside");

        await host.StopAsync();
        var store = host.Services.GetRequiredService<ReportRepository>();
        Assert.Equal(5, store.CountReports());
        Assert.All(new[] { "empty.txt", "random.pdf", "truncated.docx" },
            f => Assert.Contains("reason: ", File.ReadAllText(Path.Combine(paths.Failed, f + ".error.txt"))));
        Assert.Empty(Directory.GetFiles(paths.Claims));
        Assert.All(host.Services.GetRequiredService<RunStore>().JobRuns(), r => Assert.Contains(r.Outcome, new[] { "ok", "stopped" }));
        Assert.Contains(capture.Entries, e => e.Message.Contains("dw run: instance host-test, store sqlite"));
        capture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task The_inbox_is_scanned_at_start_up_not_only_on_the_schedule()
    {
        var capture = new LogCapture();
        var config = Config("""{ "Inbox": { "Interval": "01:00:00", "SettleTime": "00:00:00" }, "Worker": { "InstanceId": "startup" } }""");
        var inbox = _dir["data/inbox"];
        Directory.CreateDirectory(inbox);
        Seeds.CopyTo(inbox);
        using var host = RunHost.Build(config, _dir["data"], logging => logging.AddProvider(capture));
        await host.StartAsync();

        Wait.Until(() => Wait.FilesUnder(_dir["data/processed"]) == 5, TimeSpan.FromSeconds(30), () => $"processed {Wait.FilesUnder(_dir["data/processed"])}");

        await host.StopAsync();
        capture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Bad_configuration_exits_78_naming_every_bad_key_before_anything_starts()
    {
        var config = Config("""
            { "Store": { "Provider": "oracle" },
              "Inbox": { "Interval": "soon", "BatchSize": 0, "Cron": "every monday", "SettleTme": "00:00:05" } }
            """);
        var stderr = new StringWriter();
        var code = await Cli.Cli.Run(["run", "--config", config, "--data", _dir["data"]], new StringWriter(), stderr);

        Assert.Equal(ConfigurationException.ExitCode, code);
        var message = stderr.ToString();
        Assert.Contains("Store:Provider: 'oracle' is not sqlite or postgres", message);
        Assert.Contains("Inbox:Interval: 'soon' is not a valid duration", message);
        Assert.Contains("Inbox:BatchSize: must be 1..5000", message);
        Assert.Contains("Inbox:Cron: 'every monday' is not a Quartz cron expression", message);
        Assert.Contains("Inbox:SettleTme: unknown setting", message);
        Assert.False(Directory.Exists(_dir["data"]));
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_is_refused()
    {
        var stderr = new StringWriter();
        var code = await Cli.Cli.Run(["reports", "list", "--config", Config("""{ "Store": { "Provider": "postgres" } }""")], new StringWriter(), stderr);
        Assert.Equal(ConfigurationException.ExitCode, code);
        Assert.Contains("Store:ConnectionString: required", stderr.ToString());
    }

    [Fact]
    public void A_cron_schedule_is_accepted()
    {
        using var host = RunHost.Build(Config("""{ "Inbox": { "Cron": "0 0/5 * * * ?" } }"""), _dir["data"]);
        Assert.Equal("0 0/5 * * * ?", host.Services.GetRequiredService<InboxOptions>().Cron);
    }

    public void Dispose() => _dir.Dispose();
}
