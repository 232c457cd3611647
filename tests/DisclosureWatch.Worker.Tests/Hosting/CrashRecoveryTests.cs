using DisclosureWatch.Worker.Inbox;
using Microsoft.Data.Sqlite;

namespace DisclosureWatch.Worker.Tests.Hosting;

/// <summary>The built `dw run` process with the default data directory (./data under its working directory).</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly TempDir _dir = new();
    private string Data => _dir["data"];

    private static Dictionary<string, string> Environment(string instance) => new()
    {
        ["DW_Inbox__Interval"] = "00:00:01",
        ["DW_Inbox__SettleTime"] = "00:00:00.500",
        ["DW_Inbox__BatchSize"] = "5",
        ["DW_Worker__InstanceId"] = instance,
    };

    private long Stored()
    {
        var db = Path.Combine(Data, "dw.db");
        if (!File.Exists(db)) return 0;
        try
        {
            using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM reports";
            return (long)cmd.ExecuteScalar()!;
        }
        catch (SqliteException) { return 0; } // not created yet
    }

    private long Scalar(string sql)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(Data, "dw.db")};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    public void Kill_9_in_the_middle_of_500_reports_then_a_restart_stores_every_report_exactly_once_and_loses_no_file()
    {
        SyntheticReports.FromSeedFolder(Seeds.Folder).Write(Path.Combine(Data, "inbox"), 500);

        long atKill;
        using (var first = new DwProcess(_dir.Path, Environment("w1"), "run"))
        {
            Wait.Until(() => Stored() > 0 || first.HasExited, TimeSpan.FromSeconds(60), () => first.Text);
            first.KillHard();
            atKill = Stored();
            Assert.True(first.ErrorLines.Count == 0, first.Text);
        }
        Assert.InRange(atKill, 1, 499);

        using var second = new DwProcess(_dir.Path, Environment("w1"), "run");
        Wait.Until(() => Stored() == 500 && Wait.FilesUnder(Path.Combine(Data, "inbox")) == 0 && Wait.FilesUnder(Path.Combine(Data, "work")) == 0,
            TimeSpan.FromSeconds(120), () => $"stored {Stored()}, inbox {Wait.FilesUnder(Path.Combine(Data, "inbox"))}, work {Wait.FilesUnder(Path.Combine(Data, "work"))}\n{second.Text}");
        Assert.Equal(0, second.Terminate(TimeSpan.FromSeconds(60)));

        Assert.Equal(500, Scalar("SELECT COUNT(DISTINCT file_name) FROM reports"));
        Assert.Equal(500, Wait.FilesUnder(Path.Combine(Data, "processed")));
        Assert.Equal(0, Wait.FilesUnder(Path.Combine(Data, "failed")));
        Assert.Equal(0, Wait.FilesUnder(Path.Combine(Data, "duplicates")));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM duplicates") + Scalar("SELECT COUNT(*) FROM failures"));
        Assert.True(second.ErrorLines.Count == 0, second.Text);
    }

    [Fact]
    public void SIGTERM_during_a_batch_stops_gracefully_every_stored_report_has_its_file_in_processed()
    {
        SyntheticReports.FromSeedFolder(Seeds.Folder).Write(Path.Combine(Data, "inbox"), 300);
        using var dw = new DwProcess(_dir.Path, Environment("w2"), "run");
        Wait.Until(() => Stored() > 0 || dw.HasExited, TimeSpan.FromSeconds(60), () => dw.Text);

        Assert.Equal(0, dw.Terminate(TimeSpan.FromSeconds(60)));

        Assert.Contains("Application is shutting down", dw.Text);
        Assert.Equal(0, Wait.FilesUnder(Path.Combine(Data, "work")));
        var stored = Stored();
        Assert.Equal(stored, Wait.FilesUnder(Path.Combine(Data, "processed")));
        Assert.Equal(300 - stored, Wait.FilesUnder(Path.Combine(Data, "inbox")));
        Assert.True(dw.ErrorLines.Count == 0, dw.Text);
    }

    public void Dispose() => _dir.Dispose();
}
