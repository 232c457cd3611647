using System.Text.Json;
using DisclosureWatch.Storage;
using DisclosureWatch.Worker.Tests.Hosting;

namespace DisclosureWatch.Worker.Tests.Store;

/// <summary>`dw ingest`, `dw reports list|show` and `dw findings review` over a real store.</summary>
public sealed class StoreCommandsTests : IDisposable
{
    private readonly StoredReports _stored = new();

    private async Task<(int Code, string Out, string Err)> Dw(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await Cli.Cli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Reports_list_filters_by_organ_year_and_status()
    {
        var (code, text, _) = await Dw("reports", "list", "--data", _stored.Data);
        Assert.Equal(0, code);
        Assert.Contains("河曲县社梁乡人民政府 — 1111.txt", text);
        Assert.Contains("2 reports", text);

        var (_, json, _) = await Dw("reports", "list", "--data", _stored.Data, "--organ", "偏关", "--json");
        var line = Assert.Single(json.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var doc = JsonDocument.Parse(line);
        Assert.Equal("偏关县人民政府", doc.RootElement.GetProperty("organ").GetString());
        Assert.Equal(2023, doc.RootElement.GetProperty("year").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("openFindings").GetInt32());

        Assert.Contains("1 reports", (await Dw("reports", "list", "--data", _stored.Data, "--year", "2024")).Out);
        Assert.Contains("0 reports", (await Dw("reports", "list", "--data", _stored.Data, "--status", "reviewed")).Out);
    }

    [Fact]
    public async Task Reviewing_a_finding_is_kept_and_shown()
    {
        var findingId = _stored.Store.GetReport(1)!.Findings[0].Id;
        var (code, text, _) = await Dw("findings", "review", findingId.ToString(), "confirm", "--comment", "已电话通知", "--data", _stored.Data);
        Assert.Equal(0, code);
        Assert.Contains($"finding #{findingId} (t3.identity) confirmed; report 1 is in-review (1 open)", text);

        var (_, show, _) = await Dw("reports", "show", "1", "--data", _stored.Data);
        Assert.Contains("状态: in-review", show);
        Assert.Contains("— confirmed (已电话通知)", show);

        var (_, json, _) = await Dw("reports", "show", "1", "--json", "--data", _stored.Data);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("confirmed", doc.RootElement.GetProperty("findings")[0].GetProperty("status").GetString());
        Assert.Equal("河曲县社梁乡人民政府", doc.RootElement.GetProperty("analysis").GetProperty("organ").GetString());

        Assert.Equal(1, (await Dw("findings", "review", "999", "dismiss", "--data", _stored.Data)).Code);
        Assert.Equal(2, (await Dw("findings", "review", "1", "maybe", "--data", _stored.Data)).Code);
        Assert.Equal(1, (await Dw("reports", "show", "42", "--data", _stored.Data)).Code);
    }

    [Fact]
    public async Task Ingest_stores_files_and_folders_once_and_names_the_files_it_could_not_read()
    {
        using var dir = new TempDir();
        var folder = dir["in"];
        Directory.CreateDirectory(folder);
        Seeds.CopyTo(folder);
        File.WriteAllText(Path.Combine(folder, ".~lock.tmp"), "ignored");
        var empty = dir["empty.txt"];
        File.WriteAllText(empty, "");

        var (code, text, _) = await Dw("ingest", folder, empty, "--data", dir["data"]);
        Assert.Equal(1, code);
        Assert.Contains($"{empty}: FAILED: empty.txt: ", text);
        Assert.Contains("5 stored, 0 duplicates, 1 failed (6 files", text);
        Assert.Matches(@"ingest: 6/6 files +[\d.]+/s +ETA", text); // plain progress lines when not on a terminal

        var again = await Dw("ingest", folder, "--data", dir["data"]);
        Assert.Equal(0, again.Code);
        Assert.Contains("0 stored, 5 duplicates, 0 failed", again.Out);
        Assert.True(File.Exists(Path.Combine(folder, Path.GetFileName(Seeds.Files[0]))), "ingest must leave the files where they are");
        Assert.Equal(1, (await Dw("ingest", dir["missing.txt"], "--data", dir["data"])).Code);
    }

    public void Dispose() => _stored.Dispose();
}
