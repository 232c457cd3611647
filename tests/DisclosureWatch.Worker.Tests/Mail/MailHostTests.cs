using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Mail;
using DisclosureWatch.Worker.Tests.Hosting;
using DisclosureWatch.Worker.Tests.Mail.Infra;
using MailKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;
using Xunit.Abstractions;

namespace DisclosureWatch.Worker.Tests.Mail;

/// <summary>The real `dw run` host in-process: the mail job on its Quartz schedule against Dovecot, bound from JSON.</summary>
[Collection("mail-server")]
public sealed class MailHostTests(MailServerFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task The_mail_job_runs_at_start_up_and_on_its_interval_and_an_eml_in_the_inbox_is_read_too()
    {
        var server = fixture.Server;
        var passwordFile = _dir["password"];
        File.WriteAllText(passwordFile, DovecotServer.Password);
        var config = _dir["config.json"];
        File.WriteAllText(config, JsonSerializer.Serialize(new
        {
            Inbox = new { Interval = "01:00:00", SettleTime = "00:00:00" },
            Worker = new { InstanceId = "mailhost" },
            Mail = new
            {
                Interval = "00:00:01",
                Accounts = new[] { new { Name = "county", Host = "127.0.0.1", Port = server.ImapsPort, User = "host", PasswordFile = passwordFile, TrustedCaFile = server.Certificates.CaFile } },
            },
        }));
        Directory.CreateDirectory(_dir["data/inbox"]);
        File.Copy(Corpus.PathOf("04-forwarded.eml"), _dir["data/inbox/forwarded.eml"]);
        var capture = new LogCapture();
        using var host = RunHost.Build(config, _dir["data"], logging => logging.AddProvider(capture));
        var store = host.Services.GetRequiredService<ReportRepository>();
        var (mail, runs) = (host.Services.GetRequiredService<Storage.Mail.MailStore>(), host.Services.GetRequiredService<RunStore>());
        await host.StartAsync();
        try
        {
            Wait.Until(() => mail.MailMessages(EmlInbox.Account).Count == 1, TimeSpan.FromSeconds(30), () => "the .eml was not read");
            // Mail arriving while the worker runs is picked up by the interval trigger.
            server.Deliver("host", "INBOX", Corpus.Files.Where(f => !f.EndsWith("04-forwarded.eml", StringComparison.Ordinal)));
            Wait.Until(() => mail.MailMessages("county") is { Count: 4 } m && m.All(x => x.MovedAt is not null), TimeSpan.FromSeconds(30),
                () => $"{mail.MailMessages("county").Count} messages booked");
        }
        finally { await host.StopAsync(); }

        Assert.Equal(6, store.CountReports());
        Assert.Contains(capture.Entries, e => e.Message.StartsWith("dw run: mail every 00:00:01 from county (host@127.0.0.1:", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.Entries, e => e.Message.Contains(DovecotServer.Password));
        Assert.Contains(runs.JobRuns(), r => r.Job == MailIntakeService.JobName && r.Stored > 0);
        capture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task With_IDLE_a_message_appended_to_the_inbox_is_stored_within_seconds_while_the_interval_is_ten_minutes_and_the_protocol_log_hides_the_password()
    {
        var server = fixture.Server;
        var protocolLog = _dir["imap.log"];
        var config = _dir["config.json"];
        File.WriteAllText(config, JsonSerializer.Serialize(new
        {
            Inbox = new { Interval = "01:00:00" },
            Worker = new { InstanceId = "idle" },
            Mail = new
            {
                Interval = "00:10:00",
                Accounts = new[] { new { Name = "idle", Host = "127.0.0.1", Port = server.ImapsPort, User = "idle", Password = DovecotServer.Password, TrustedCaFile = server.Certificates.CaFile, ProtocolLog = protocolLog } },
            },
        }));
        var capture = new LogCapture();
        using var host = RunHost.Build(config, _dir["data"], logging => logging.AddProvider(capture));
        var store = host.Services.GetRequiredService<ReportRepository>();
        var (mail, runs) = (host.Services.GetRequiredService<Storage.Mail.MailStore>(), host.Services.GetRequiredService<RunStore>());
        await host.StartAsync();
        TimeSpan took;
        try
        {
            // The start-up poll has run and the watch is in IDLE.
            Wait.Until(() => capture.Entries.Any(e => e.Message.Contains("waiting for new mail with IDLE")) && runs.JobRuns().Any(r => r.Job == MailIntakeService.JobName && r.EndedAt is not null),
                TimeSpan.FromSeconds(60), () => string.Join("\n", capture.Entries.Select(e => e.Message)));
            using (var world = new MailWorld(server, "idle"))
            using (var imap = await world.LoginAsync())
                await imap.Inbox.AppendAsync(new AppendRequest(await MimeMessage.LoadAsync(Corpus.PathOf("03-body-report.eml"))));
            var watch = Stopwatch.StartNew();
            Wait.Until(() => mail.MailMessages("idle") is [{ MovedAt: not null }], TimeSpan.FromSeconds(10), () => "the appended message was not stored within 10 s");
            took = watch.Elapsed;
        }
        finally { await host.StopAsync(); }

        output.WriteLine($"appended → stored and moved in {took.TotalSeconds:0.00} s (Mail:Interval 10 min)");
        Assert.Equal(1, store.CountReports());
        var log = File.ReadAllText(protocolLog);
        Assert.Contains("IDLE", log);
        Assert.Contains("AUTHENTICATE", log);
        Assert.DoesNotContain(DovecotServer.Password, log);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0idle\0{DovecotServer.Password}")), log);
        capture.AssertNoUnexpectedErrors();
    }

    public void Dispose() => _dir.Dispose();
}
