using System.Globalization;
using DisclosureWatch.Tests.Shared;
using DisclosureWatch.Worker.Inbox;
using Npgsql;

namespace DisclosureWatch.Worker.Tests.Hosting;

/// <summary>Two `dw run` processes on one real PostgreSQL sharing one inbox: every report analyzed exactly once.</summary>
public sealed class ClusterTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void Two_instances_sharing_an_inbox_of_1000_reports_analyze_each_exactly_once()
    {
        var cs = server.CreateDatabase();
        Dictionary<string, string> Env(string instance) => new()
        {
            ["DW_Store__Provider"] = "postgres",
            ["DW_Store__ConnectionString"] = cs,
            ["DW_Inbox__Interval"] = "00:00:00.500",
            ["DW_Inbox__SettleTime"] = "00:00:00.300",
            ["DW_Inbox__BatchSize"] = "10",
            ["DW_Worker__InstanceId"] = instance,
        };
        using var a = new DwProcess(_dir.Path, Env("a"), "run");
        using var b = new DwProcess(_dir.Path, Env("b"), "run");
        Wait.Until(() => a.Text.Contains("Application started") && b.Text.Contains("Application started"), TimeSpan.FromSeconds(60),
            () => a.Text + "\n---\n" + b.Text);

        var inbox = _dir["data/inbox"];
        SyntheticReports.FromSeedFolder(Seeds.Folder).Write(inbox, 1000);

        long Count(string sql)
        {
            using var c = new NpgsqlConnection(cs);
            c.Open();
            using var cmd = new NpgsqlCommand(sql, c);
            return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        Wait.Until(() => Count("SELECT COUNT(*) FROM reports") == 1000 && Wait.FilesUnder(inbox) == 0 && Wait.FilesUnder(_dir["data/work"]) == 0,
            TimeSpan.FromSeconds(180), () => $"stored {Count("SELECT COUNT(*) FROM reports")}, inbox {Wait.FilesUnder(inbox)}\n{a.Text}\n---\n{b.Text}");
        Assert.Equal(0, a.Terminate(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, b.Terminate(TimeSpan.FromSeconds(60)));

        // Analyzed once: no file was ever seen twice (that would be a duplicate), and the runs add up to 1000.
        Assert.Equal(0, Count("SELECT COUNT(*) FROM duplicates"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM failures"));
        Assert.Equal(1000, Count("SELECT SUM(stored + duplicates + failed) FROM job_runs"));
        Assert.True(Count("SELECT SUM(stored) FROM job_runs WHERE instance = 'a'") > 0, "instance a stored nothing");
        Assert.True(Count("SELECT SUM(stored) FROM job_runs WHERE instance = 'b'") > 0, "instance b stored nothing");
        Assert.Equal(1000, Wait.FilesUnder(_dir["data/processed"]));
        Assert.Equal(0, Wait.FilesUnder(_dir["data/duplicates"]) + Wait.FilesUnder(_dir["data/failed"]));
        Assert.True(a.ErrorLines.Count == 0 && b.ErrorLines.Count == 0, a.Text + "\n---\n" + b.Text);
    }

    public void Dispose() => _dir.Dispose();
}
