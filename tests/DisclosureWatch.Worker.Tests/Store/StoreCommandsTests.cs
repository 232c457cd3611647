using System.Globalization;
using System.Text.Json;
using DisclosureWatch.Storage;
using DisclosureWatch.Worker.Tests.Hosting;

namespace DisclosureWatch.Worker.Tests.Store;

/// <summary>`dw ingest`, `dw reports list|show` and `dw findings review` over a real store.</summary>
public sealed class StoreCommandsTests : IDisposable
{
    private readonly StoredReports _stored = new();

    private static async Task<(int Code, string Out, string Err)> Dw(params string[] args)
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
        Assert.Contains("共 2 份报告", text);

        var (_, json, _) = await Dw("reports", "list", "--data", _stored.Data, "--organ", "偏关", "--json");
        var line = Assert.Single(json.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var doc = JsonDocument.Parse(line);
        Assert.Equal("偏关县人民政府", doc.RootElement.GetProperty("organ").GetString());
        Assert.Equal(2023, doc.RootElement.GetProperty("year").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("openFindings").GetInt32());

        Assert.Contains("共 1 份报告", (await Dw("reports", "list", "--data", _stored.Data, "--year", "2024")).Out);
        Assert.Contains("共 0 份报告", (await Dw("reports", "list", "--data", _stored.Data, "--status", "reviewed")).Out);
        Assert.Contains("共 0 份报告", (await Dw("reports", "list", "--data", _stored.Data, "--status", "已审核")).Out);
    }

    [Fact]
    public async Task Reviewing_a_finding_is_kept_and_shown()
    {
        var findingId = _stored.Store.GetReport(1)!.Findings[0].Id;
        var (code, text, _) = await Dw("findings", "review", findingId.ToString(CultureInfo.InvariantCulture), "confirm", "--comment", "已电话通知", "--data", _stored.Data);
        Assert.Equal(0, code);
        Assert.Contains($"问题 #{findingId}（t3.identity）：已确认；报告 1：审核中（1 个待审）", text);

        var (_, show, _) = await Dw("reports", "show", "1", "--data", _stored.Data);
        Assert.Contains("状态: 审核中", show);
        Assert.Contains("[错误] t3.identity", show);
        Assert.Contains("— 已确认（已电话通知）", show);

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
        Assert.Contains($"{empty}: FAILED: ", text);
        Assert.DoesNotContain("FAILED: empty.txt", text); // the file is named once
        Assert.Contains("5 stored, 0 duplicates, 1 failed (6 files", text);
        Assert.Matches(@"ingest: 6/6 files +[\d.]+/s +ETA", text); // plain progress lines when not on a terminal

        var again = await Dw("ingest", folder, "--data", dir["data"]);
        Assert.Equal(0, again.Code);
        Assert.Contains("0 stored, 5 duplicates, 0 failed", again.Out);
        Assert.True(File.Exists(Path.Combine(folder, Path.GetFileName(Seeds.Files[0]))), "ingest must leave the files where they are");
        Assert.Equal(1, (await Dw("ingest", dir["missing.txt"], "--data", dir["data"])).Code);
    }

    [Fact]
    public async Task Ingest_reads_an_eml_as_the_inbox_does_and_the_same_mail_again_is_a_duplicate()
    {
        using var dir = new TempDir();
        var mail = global::DisclosureWatch.Worker.Tests.Mail.Infra.Corpus.PathOf("01-docx-pdf.eml"); // a docx and a pdf report attached

        var (code, text, error) = await Dw("ingest", mail, "--data", dir["data"]);
        Assert.True(code == 0, text + error);
        Assert.Contains("2 stored, 0 duplicates, 0 failed (1 files", text);

        var again = await Dw("ingest", mail, "--data", dir["data"]);
        Assert.Equal(0, again.Code);
        Assert.Contains("0 stored, 1 duplicates, 0 failed", again.Out);
        Assert.Contains("共 2 份报告", (await Dw("reports", "list", "--data", dir["data"])).Out);
    }

    [Fact]
    public async Task The_same_report_in_another_encoding_is_recorded_as_a_duplicate_not_a_second_report()
    {
        using var dir = new TempDir();
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var utf8 = dir["utf8.txt"];
        File.Copy(Seeds.Files[1], utf8);
        var gbk = dir["gbk.txt"];
        // The GBK copy as a county office re-sends it: other bytes, CRLF line ends, the same text.
        File.WriteAllBytes(gbk, System.Text.Encoding.GetEncoding("GB18030").GetBytes(File.ReadAllText(utf8).Replace("\n", "\r\n")));
        Assert.NotEqual(File.ReadAllBytes(utf8), File.ReadAllBytes(gbk));

        Assert.Contains("1 stored, 0 duplicates", (await Dw("ingest", utf8, "--data", dir["data"])).Out);
        var (code, text, _) = await Dw("ingest", gbk, "--data", dir["data"]);
        Assert.Equal(0, code);
        Assert.Contains("0 stored, 1 duplicates, 0 failed", text);
        Assert.Contains($"{gbk}: duplicate of report 1", text);
        Assert.Contains("共 1 份报告", (await Dw("reports", "list", "--data", dir["data"])).Out);

        // A changed report is a report of its own.
        var edited = dir["edited.txt"];
        File.WriteAllText(edited, File.ReadAllText(utf8).Replace("政务公开", "政务公开工作"));
        Assert.Contains("1 stored, 0 duplicates", (await Dw("ingest", edited, "--data", dir["data"])).Out);
    }

    [Fact]
    public async Task Usage_errors_name_what_was_expected_and_point_at_the_subcommands_help()
    {
        var (code, _, error) = await Dw("reports", "show", "abc", "--data", _stored.Data);
        Assert.Equal(2, code);
        Assert.Contains("'abc' is not a report ID", error);
        Assert.DoesNotContain("System.Int64", error);
        Assert.Contains("Try 'dw reports show --help'.", error);
        Assert.Contains("Try 'dw findings review --help'.", (await Dw("findings", "review", "1", "approve", "--data", _stored.Data)).Err);
    }

    public void Dispose() => _stored.Dispose();
}
