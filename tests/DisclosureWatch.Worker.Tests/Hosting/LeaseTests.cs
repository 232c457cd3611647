using System.Globalization;
using DisclosureWatch.Tests;
using DisclosureWatch.Tests.Shared;
using DisclosureWatch.Worker.Inbox;
using Npgsql;
using Xunit.Abstractions;

namespace DisclosureWatch.Worker.Tests.Hosting;

/// <summary>
/// Live `dw run` processes on one real PostgreSQL sharing one inbox: a claim is lost only by a silent owner,
/// and kill -9 at any moment loses and doubles nothing. The default run is scaled down (300 reports; 2 kills over 200);
/// the issue's full size (1,000 reports, 10 kills): <c>DW_TEST_FULL=1 dotnet test tests/DisclosureWatch.Worker.Tests --filter LeaseTests</c>.
/// </summary>
public sealed class LeaseTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly TempDir _dir = new();
    private static readonly bool Full = Environment.GetEnvironmentVariable("DW_TEST_FULL") == "1";

    private static Dictionary<string, string> Env(string cs, string instance) => new()
    {
        ["DW_Store__Provider"] = "postgres",
        ["DW_Store__ConnectionString"] = cs,
        ["DW_Inbox__Interval"] = "00:00:00.500",
        ["DW_Inbox__SettleTime"] = "00:00:00.300",
        ["DW_Inbox__BatchSize"] = "10",
        ["DW_Worker__InstanceId"] = instance,
        ["DW_Worker__ClaimLease"] = "00:00:05",
    };

    private static long Count(string cs, string sql)
    {
        using var c = new NpgsqlConnection(cs);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static long HeartbeatsAfter(string cs, DateTime t)
    {
        using var c = new NpgsqlConnection(cs);
        c.Open();
        using var cmd = new NpgsqlCommand("SELECT COUNT(*) FROM instances WHERE heartbeat_at > @t", c);
        cmd.Parameters.AddWithValue("t", t);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Two_live_instances_with_a_5_s_lease_and_batches_slower_than_it_never_take_each_others_files()
    {
        var total = Full ? 1000 : 300;
        var cs = server.CreateDatabase();
        // pdftotext behind a gate: every call waits for the test's lock, so the batches holding PDFs take as long as the test says.
        var bin = Directory.CreateDirectory(_dir["bin"]).FullName;
        var gate = _dir["gate.lock"];
        var calls = _dir["pdftotext.calls"];
        // Each call notes the PDFs it reads: pdftotext its input (a PDF alone, or a group joined by pdfunite), pdfunite its inputs.
        File.WriteAllText(Path.Combine(bin, "pdftotext"), $"#!/bin/sh\necho \"$4\" >> '{calls}'\nflock -s '{gate}' true\nexec /usr/bin/pdftotext \"$@\"\n");
        File.WriteAllText(Path.Combine(bin, "pdfunite"), $"#!/bin/sh\nfor a in \"$@\"; do echo \"$a\" >> '{calls}.unite'; done\nexec /usr/bin/pdfunite \"$@\"\n");
        File.SetUnixFileMode(Path.Combine(bin, "pdftotext"), (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(Path.Combine(bin, "pdfunite"), (UnixFileMode)0b111_101_101);
        var hold = new FileStream(gate, FileMode.Create, FileAccess.ReadWrite, FileShare.None); // flock(LOCK_EX) until released
        Dictionary<string, string> Gated(string instance)
        {
            var env = Env(cs, instance);
            env["PATH"] = bin + ":/usr/bin:/bin";
            return env;
        }

        using var a = new DwProcess(_dir.Path, Gated("a"), "run");
        using var b = new DwProcess(_dir.Path, Gated("b"), "run");
        Wait.Until(() => a.Text.Contains("Application started") && b.Text.Contains("Application started"), TimeSpan.FromSeconds(60), () => a.Text + "\n---\n" + b.Text);

        var inbox = _dir["data/inbox"];
        var pdfs = Directory.GetFiles(TestPaths.SeedPdfs, "*.pdf");
        foreach (var pdf in pdfs) File.Copy(pdf, Path.Combine(inbox, "0-" + Path.GetFileName(pdf))); // first in name order
        SyntheticReports.FromSeedFolder(Seeds.Folder).Write(inbox, total - pdfs.Length);

        // Hold the gate until four leases have passed with the PDFs stuck in whichever instance took them, both
        // instances keeping their heartbeat (the event: heartbeat_at past three leases after the first call).
        Wait.Until(() => File.Exists(calls), TimeSpan.FromSeconds(60), () => a.Text + "\n---\n" + b.Text);
        var blocked = DateTime.UtcNow;
        Wait.Until(() => HeartbeatsAfter(cs, blocked.AddSeconds(20)) == 2,
            TimeSpan.FromSeconds(28), () => "heartbeats stopped while a batch was slow\n" + a.Text + "\n---\n" + b.Text);
        var heldFor = DateTime.UtcNow - blocked;
        hold.Dispose();

        Wait.Until(() => Count(cs, "SELECT COUNT(*) FROM reports") == total && Wait.FilesUnder(inbox) == 0 && Wait.FilesUnder(_dir["data/work"]) == 0,
            TimeSpan.FromSeconds(240), () => $"stored {Count(cs, "SELECT COUNT(*) FROM reports")}, inbox {Wait.FilesUnder(inbox)}\n{a.Text}\n---\n{b.Text}");
        Assert.Equal(0, a.Terminate(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, b.Terminate(TimeSpan.FromSeconds(60)));

        var pdftotextInputs = File.ReadAllLines(calls);
        var pdftotextCalls = pdftotextInputs.Length;
        var read = pdftotextInputs.Concat(File.Exists(calls + ".unite") ? File.ReadAllLines(calls + ".unite") : [])
            .Select(Path.GetFileName).Where(n => n!.StartsWith("0-", StringComparison.Ordinal)).ToList();
        output.WriteLine($"{total} reports; gate held {heldFor.TotalSeconds:0.0} s (lease 5 s); pdftotext calls {pdftotextCalls}; " +
                         $"runs: {Count(cs, "SELECT COUNT(*) FROM job_runs")}, failed or partial {Count(cs, "SELECT COUNT(*) FROM job_runs WHERE outcome IN ('failed', 'partial')")}");
        // Each stored once, from its one claim: no duplicate, no failure, nothing adopted or taken over between the living.
        Assert.Equal(total, Count(cs, "SELECT COUNT(DISTINCT file_name) FROM reports"));
        Assert.Equal(0, Count(cs, "SELECT COUNT(*) FROM duplicates"));
        Assert.Equal(0, Count(cs, "SELECT COUNT(*) FROM failures"));
        Assert.Equal(total, Wait.FilesUnder(_dir["data/processed"]));
        Assert.Equal(pdfs.Select(p => "0-" + Path.GetFileName(p)).Order(), read.Order()); // each PDF read once: claimed once
        foreach (var text in new[] { a.Text, b.Text })
        {
            Assert.DoesNotContain("adopted", text);
            Assert.DoesNotContain("taken over by another instance", text);
        }
        // The run history: every poll finished, and a failed row for each poll that logged a failure (here: none).
        Assert.Equal(0, Count(cs, "SELECT COUNT(*) FROM job_runs WHERE ended_at IS NULL OR outcome = 'running'"));
        var failedPolls = a.Output.Concat(b.Output).Count(l => l.Contains("Inbox poll failed") || l.Contains("Inbox poll partial"));
        Assert.Equal(failedPolls, Count(cs, "SELECT COUNT(*) FROM job_runs WHERE outcome IN ('failed', 'partial')"));
        Assert.Equal(total, Count(cs, "SELECT SUM(stored) FROM job_runs"));
        Assert.True(a.ErrorLines.Count == 0 && b.ErrorLines.Count == 0, a.Text + "\n---\n" + b.Text);
    }

    [Fact]
    public void Kill_9_at_random_moments_across_two_instances_loses_nothing_and_stores_nothing_twice()
    {
        var cs = server.CreateDatabase();
        var inbox = Directory.CreateDirectory(_dir["data/inbox"]).FullName;
        var reports = SyntheticReports.FromSeedFolder(Seeds.Folder);
        var random = new Random(12);
        const int chunk = 100;
        var kills = Full ? 10 : 2;
        var instances = new[] { new DwProcess(_dir.Path, Env(cs, "a"), "run"), new DwProcess(_dir.Path, Env(cs, "b"), "run") };
        try
        {
            for (var i = 0; i < kills; i++)
            {
                var victim = i % 2;
                Wait.Until(() => instances[victim].Text.Contains("Application started"), TimeSpan.FromSeconds(60), () => instances[victim].Text);
                // A new chunk, and the kill at a random point inside it: claims, analyses, commits and moves are all in flight.
                reports.Write(inbox, chunk, first: i * chunk);
                var at = i * chunk + random.Next(1, chunk);
                Wait.Until(() => Count(cs, "SELECT COUNT(*) FROM reports") >= at, TimeSpan.FromSeconds(120),
                    () => $"stored {Count(cs, "SELECT COUNT(*) FROM reports")} of {at}\n{instances[0].Text}\n---\n{instances[1].Text}");
                instances[victim].KillHard();
                Assert.True(instances[victim].ErrorLines.Count == 0, instances[victim].Text);
                instances[victim].Dispose();
                instances[victim] = new DwProcess(_dir.Path, Env(cs, victim == 0 ? "a" : "b"), "run");
            }
            var total = chunk * kills;
            Wait.Until(() => Count(cs, "SELECT COUNT(*) FROM reports") == total && Wait.FilesUnder(inbox) == 0 && Wait.FilesUnder(_dir["data/work"]) == 0,
                TimeSpan.FromSeconds(180), () => $"stored {Count(cs, "SELECT COUNT(*) FROM reports")}, inbox {Wait.FilesUnder(inbox)}, work {Wait.FilesUnder(_dir["data/work"])}");
            foreach (var dw in instances) Assert.Equal(0, dw.Terminate(TimeSpan.FromSeconds(60)));
            output.WriteLine($"{kills} kill -9 across two instances, {total} reports: {Count(cs, "SELECT COUNT(*) FROM reports")} stored, " +
                             $"{Count(cs, "SELECT COUNT(*) FROM duplicates")} duplicates, {Count(cs, "SELECT COUNT(*) FROM failures")} failures");

            Assert.Equal(total, Count(cs, "SELECT COUNT(DISTINCT file_name) FROM reports"));
            Assert.Equal(total, Wait.FilesUnder(_dir["data/processed"]));
            Assert.Equal(0, Wait.FilesUnder(_dir["data/duplicates"]) + Wait.FilesUnder(_dir["data/failed"]));
            Assert.Equal(0, Count(cs, "SELECT COUNT(*) FROM duplicates") + Count(cs, "SELECT COUNT(*) FROM failures"));
            foreach (var dw in instances) Assert.True(dw.ErrorLines.Count == 0, dw.Text);
        }
        finally
        {
            foreach (var dw in instances) dw.Dispose();
        }
    }

    public void Dispose() => _dir.Dispose();
}
