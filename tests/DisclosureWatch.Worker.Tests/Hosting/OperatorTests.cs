using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DisclosureWatch.Tests;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace DisclosureWatch.Worker.Tests.Hosting;

/// <summary>The built `dw` as an operator runs it: a broken config, a machine without pdftotext, a 3 GB .eml.</summary>
public sealed class OperatorTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new();
    private string Data => _dir["data"];

    private static Dictionary<string, string> Environment(string instance) => new()
    {
        ["DW_Inbox__Interval"] = "00:00:00.500",
        ["DW_Inbox__SettleTime"] = "00:00:00.200",
        ["DW_Worker__InstanceId"] = instance,
    };

    private long Scalar(string sql)
    {
        var db = Path.Combine(Data, "dw.db");
        if (!File.Exists(db)) return 0;
        try
        {
            using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (SqliteException) { return 0; } // not created yet
    }

    [Fact]
    public void A_malformed_config_file_exits_78_naming_the_file_line_and_position_without_a_stack_trace()
    {
        var config = _dir["broken.json"];
        File.WriteAllText(config, "{\n  \"Inbox\": { \"Interval\": ");
        using var dw = new DwProcess(_dir.Path, Environment("cfg"), "run", "--config", config);

        Assert.Equal(78, dw.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains($"{config}: malformed JSON at line 2, position 26", dw.Text);
        Assert.DoesNotContain("   at ", dw.Text);
    }

    [Fact]
    public void Without_pdftotext_PDFs_wait_with_one_error_and_are_stored_once_it_is_back()
    {
        var bin = Directory.CreateDirectory(_dir["bin"]).FullName; // the worker's PATH: no pdftotext in it
        var inbox = Directory.CreateDirectory(Path.Combine(Data, "inbox")).FullName;
        var pdfs = Directory.GetFiles(TestPaths.SeedPdfs, "*.pdf").Take(2).ToList();
        foreach (var pdf in pdfs) File.Copy(pdf, Path.Combine(inbox, Path.GetFileName(pdf)));
        File.Copy(Seeds.Files[0], Path.Combine(inbox, "text.txt"));
        var env = Environment("nopdf");
        env["PATH"] = bin;

        using var dw = new DwProcess(_dir.Path, env, "run");
        // The text report goes through, the PDFs stay through several more polls, with one error line.
        Wait.Until(() => Scalar("SELECT COUNT(*) FROM reports") == 1, TimeSpan.FromSeconds(60), () => dw.Text);
        var runs = Scalar("SELECT COUNT(*) FROM job_runs");
        Wait.Until(() => Scalar("SELECT COUNT(*) FROM job_runs WHERE ended_at IS NOT NULL") >= runs + 3, TimeSpan.FromSeconds(60), () => dw.Text);
        Assert.Equal(2, Directory.GetFiles(inbox, "*.pdf").Length);
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM failures"));
        var error = Assert.Single(dw.ErrorLines);
        Assert.Contains("pdftotext is not installed or not on PATH", error);
        Assert.Contains(dw.Output, l => l.Contains("warn:") && l.Contains("dw run: pdftotext is not installed"));

        File.CreateSymbolicLink(Path.Combine(bin, "pdftotext"), "/usr/bin/pdftotext");
        Wait.Until(() => Scalar("SELECT COUNT(*) FROM reports") == 3 && Directory.GetFiles(inbox).Length == 0, TimeSpan.FromSeconds(60), () => dw.Text);
        Assert.Equal(0, dw.Terminate(TimeSpan.FromSeconds(60)));
        Assert.Contains(dw.Output, l => l.Contains("pdftotext is back"));
        Assert.Single(dw.ErrorLines);
    }

    [Fact]
    public void A_3_GB_sparse_eml_goes_to_failed_with_the_size_reason_unread_in_little_memory()
    {
        using var dw = new DwProcess(_dir.Path, Environment("big"), "run");
        Wait.Until(() => dw.Text.Contains("Application started"), TimeSpan.FromSeconds(60), () => dw.Text);
        var big = Path.Combine(Data, "inbox", "huge.eml");
        var watch = Stopwatch.StartNew();
        using (var f = File.Create(big)) f.SetLength(3L << 30); // sparse: no block written
        var error = Path.Combine(Data, "failed", "huge.eml.error.txt");
        Wait.Until(() => File.Exists(Path.Combine(Data, "failed", "huge.eml")) && File.Exists(error), TimeSpan.FromSeconds(60), () => dw.Text);
        var elapsed = watch.Elapsed;
        var peak = PeakResidentKiB(dw.Id);
        Assert.Equal(0, dw.Terminate(TimeSpan.FromSeconds(60)));

        output.WriteLine($"3 GiB sparse .eml: in failed/ {elapsed.TotalSeconds:0.00} s after it was written (settle time 0.2 s, poll every 0.5 s); dw peak resident {peak / 1024.0:0.0} MiB");
        Assert.Contains("over the 67,108,864-byte limit for .eml files: not read", File.ReadAllText(error));
        Assert.InRange(peak, 1, 200 * 1024);
    }

    /// <summary>VmHWM: the most resident memory the process ever had.</summary>
    private static long PeakResidentKiB(int pid) =>
        long.Parse(File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    [Fact]
    public void The_deploy_files_agree_on_one_writable_data_path()
    {
        var deploy = Path.Combine(TestPaths.RepoRoot, "src", "DisclosureWatch.Worker", "deploy");
        var writable = File.ReadAllLines(Path.Combine(deploy, "disclosurewatch.service"))
            .Where(l => l.StartsWith("ReadWritePaths=", StringComparison.Ordinal))
            .SelectMany(l => l["ReadWritePaths=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.NotEmpty(writable);
        var examples = Directory.GetFiles(deploy, "appsettings*.json");
        Assert.Equal(2, examples.Length);
        foreach (var example in examples)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(example));
            var data = json.RootElement.GetProperty("Store").GetProperty("DataDirectory").GetString()!;
            Assert.True(writable.Any(w => data == w || data.StartsWith(w.TrimEnd('/') + "/", StringComparison.Ordinal)),
                $"{Path.GetFileName(example)}: Store:DataDirectory {data} is not under ReadWritePaths {string.Join(" ", writable)}");
        }
    }

    public void Dispose() => _dir.Dispose();
}
