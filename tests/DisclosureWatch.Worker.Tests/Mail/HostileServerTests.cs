using System.Globalization;
using System.Text.Json;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Mail;
using DisclosureWatch.Worker.Tests.Hosting;
using DisclosureWatch.Worker.Tests.Mail.Infra;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace DisclosureWatch.Worker.Tests.Mail;

/// <summary>The test CA (with its CRL served on 127.0.0.1), made once for the hostile-server tests.</summary>
public sealed class HostileCertificates : IDisposable
{
    private readonly TempDir _dir = new();
    internal TestCertificates Certificates { get; }

    public HostileCertificates() => Certificates = TestCertificates.Create(_dir.Path);

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// The real `dw run` process against a TLS server written here that misbehaves on purpose. For each misbehaviour: the
/// process stays alive, its peak memory (VmHWM) stays under 300 MB, the poll fails within its deadline with the reason
/// logged and recorded in the run history, and the next poll tries again (a second connection reaches the server).
/// Deadlines are short through the account's Timeout / PollDeadline / IdleRenew.
/// </summary>
public sealed class HostileServerTests(HostileCertificates certificates, ITestOutputHelper output) : IClassFixture<HostileCertificates>, IDisposable
{
    private readonly TempDir _dir = new();
    private const long MemoryLimit = 300L * 1024 * 1024;

    [Theory]
    [InlineData(Hostility.DeepNesting, "broke the protocol")]
    [InlineData(Hostility.HugeLiteral, "MaxMessageBytes")]
    [InlineData(Hostility.ManyLiterals, "in answer to one command")]
    [InlineData(Hostility.Trickle, "deadline of 4 s")]
    [InlineData(Hostility.Garbage, "broke the protocol")]
    [InlineData(Hostility.NeverAnswersDone, "did not answer DONE within 2 s")]
    public async Task The_worker_survives_the_poll_fails_within_its_deadline_with_the_reason_recorded_and_the_next_poll_tries_again(Hostility hostility, string reason)
    {
        var certs = certificates.Certificates;
        await using var server = new HostileImapServer(hostility, certs.CertFile, certs.KeyFile);
        var idle = hostility == Hostility.NeverAnswersDone;
        var config = _dir["config.json"];
        File.WriteAllText(config, JsonSerializer.Serialize(new
        {
            Inbox = new { Interval = "01:00:00" },
            Worker = new { InstanceId = "hostile" },
            Mail = new
            {
                Interval = "00:00:01",
                Accounts = new[]
                {
                    new
                    {
                        Name = "hostile", Host = "127.0.0.1", Port = server.Port, User = "u", Password = "p", TrustedCaFile = certs.CaFile,
                        Timeout = "00:00:02", PollDeadline = "00:00:04", MaxMessageBytes = 4L << 20, Idle = idle, IdleRenew = "00:00:01",
                    },
                },
            },
        }));

        using var dw = new DwProcess(_dir.Path, new Dictionary<string, string>(), "run", "--config", config, "--data", _dir["data"]);
        var store = new RunStore(new Database(SqlDialect.Sqlite(_dir["data/dw.db"], TimeSpan.FromSeconds(5))));
        JobRun? Failure()
        {
            try { return store.JobRuns().FirstOrDefault(r => r.Job == MailIntakeService.JobName && r.Outcome != "ok" && r.Message?.Contains(reason) == true); }
            catch (Microsoft.Data.Sqlite.SqliteException) { return null; } // dw has not created the store yet
        }
        // The failure with this reason in the run history (a cold start may add others, e.g. a first login over the deadline)...
        Wait.Until(() => Failure() is not null || dw.HasExited, TimeSpan.FromSeconds(90), () => dw.Text);
        var failure = Failure();
        // ...then the next try reaches the server.
        var next = idle ? server.WaitForIdlesAsync(server.Idles + 1) : server.WaitForConnectionsAsync(server.Connections + 1);
        await next.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.False(dw.HasExited, dw.Text);
        var peak = PeakResidentBytes(dw.Id);
        if (Environment.GetEnvironmentVariable("DW_TEST_VERBOSE") is not null) output.WriteLine(dw.Text);
        output.WriteLine($"{hostility}: peak RSS {peak / (1024 * 1024)} MB, {server.Connections} connections");
        Assert.NotNull(failure);
        output.WriteLine($"{hostility}: run history: {failure.Outcome}: {failure.Message} ({(failure.EndedAt - failure.StartedAt)?.TotalSeconds:0.0} s)");
        Assert.InRange(peak, 1, MemoryLimit);
        Assert.StartsWith("hostile: ", failure.Message);
        Assert.Contains(failure.Message!["hostile: ".Length..], dw.Text); // and logged
        Assert.Equal(0, dw.Terminate(TimeSpan.FromSeconds(60)));
    }

    /// <summary>VmHWM: the most memory the process ever had resident.</summary>
    private static long PeakResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public void Dispose() => _dir.Dispose();
}
