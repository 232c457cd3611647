using DisclosureWatch.Worker.Tests.Mail.Infra;
using DisclosureWatch.Worker.Tests.Hosting;

namespace DisclosureWatch.Worker.Tests.Digests;

/// <summary>`dw digest preview|send|list` on a data directory holding the seeded store.</summary>
public sealed class DigestCommandTests(SeededStore seeded) : IClassFixture<SeededStore>, IDisposable
{
    private readonly List<IDisposable> _cleanup = [];

    private const string Config = """
        {
          "Digest": {
            "Supervisors": [
              { "Name": "王科长", "Address": "wang@dw.test", "Regions": [ "河曲县", "延津县", "灵丘县" ],
                "Organs": [ "（石咢）嘉镇人民政府", "哈拉直沟乡" ],
                "ExpectedOrgans": [ "河曲县社梁乡人民政府", "河曲县沙泉乡人民政府", "延津县司寨乡人民政府" ] },
              { "Name": "李主任", "Address": "li@dw.test", "Regions": [ "河曲县" ], "Schedule": "0 30 7 ? * MON" }
            ]
          }
        }
        """;

    private static async Task<(int Code, string Out, string Err)> Dw(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await global::DisclosureWatch.Worker.Cli.Cli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private (TempDir Dir, string Data, string ConfigFile) Setup(string config = Config)
    {
        var (dir, paths, _) = seeded.Copy();
        _cleanup.Add(dir);
        var file = dir["dw.json"];
        File.WriteAllText(file, config);
        return (dir, paths.Root, file);
    }

    [Fact]
    public async Task Preview_writes_the_html_digest_of_the_period_holding_a_day_from_the_store()
    {
        var (dir, data, config) = Setup();
        var html = dir["x.html"];
        var (code, output, error) = await Dw("digest", "preview", "--period", "2025-01-15", "--out", html, "--data", data, "--config", config);

        Assert.True(code == 0, error);
        Assert.Contains("王科长 <wang@dw.test>, 2025-01-13至01-19: 政务公开年报周报 2025-01-13至01-19：收到6份", output);
        var page = File.ReadAllText(html);
        foreach (var organ in new[] { "河曲县社梁乡人民政府", "延津县司寨乡", "(石咢)嘉镇人民政府", "哈拉直沟乡人民政府", "灵丘县下关乡", "河曲县沙泉乡人民政府" })
            Assert.Contains(organ, page);
        Assert.Contains("findings-2025-01-13至01-19.xlsx", page);
        Assert.DoesNotContain("偏关县", page);
        Assert.StartsWith("没有已记录的周报", (await Dw("digest", "list", "--data", data, "--config", config)).Out); // a preview records nothing
    }

    [Fact]
    public async Task The_report_year_is_the_year_before_the_period_unless_configured()
    {
        var (dir, data, config) = Setup();
        var html = dir["y.html"];
        Assert.Equal(0, (await Dw("digest", "preview", "--period", "2025-01-15", "--out", html, "--data", data, "--config", config)).Code);
        Assert.Contains("2024年度报告 · 致 王科长", File.ReadAllText(html));
        File.WriteAllText(config, Config.Replace("\"Supervisors\"", "\"ReportYear\": 2023, \"Supervisors\""));
        Assert.Equal(0, (await Dw("digest", "preview", "--period", "2025-01-15", "--out", html, "--data", data, "--config", config)).Code);
        Assert.Contains("2023年度报告 · 致 王科长", File.ReadAllText(html));
        Assert.Contains("河曲县社梁乡人民政府（本期报送的是2024年度报告）", File.ReadAllText(html)); // its 2023 report is missing
    }

    [Fact]
    public async Task Preview_as_eml_for_a_named_supervisor_is_a_whole_mail()
    {
        var (dir, data, config) = Setup();
        var eml = dir["li.eml"];
        var (code, _, error) = await Dw("digest", "preview", "--supervisor", "李主任", "--period", "2025-01-19", "--out", eml, "--data", data, "--config", config);

        Assert.True(code == 0, error);
        var seen = SmtpServer.Inspect(eml);
        Assert.StartsWith("政务公开年报周报 2025-01-13至01-19：收到2份", seen.GetProperty("subject").GetString());
        Assert.Equal(5, seen.GetProperty("structure").GetArrayLength());
    }

    [Fact]
    public async Task Send_writes_the_due_digests_to_the_outbox_once_and_list_shows_them()
    {
        var (_, data, config) = Setup();
        var first = await Dw("digest", "send", "--now", "--data", data, "--config", config);
        Assert.True(first.Code == 0, first.Err);
        Assert.Contains("2 built, 2 sent, 0 failed", first.Out);
        var again = await Dw("digest", "send", "--data", data, "--config", config);
        Assert.Contains("0 built, 0 sent, 0 failed", again.Out);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(data, "outbox"), "*.eml").Length);

        var list = await Dw("digest", "list", "--data", data, "--config", config);
        var lines = list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("编号\t周期\t收件人\t状态", lines[0]);
        Assert.All(lines.Skip(1), line => Assert.Contains("\t已发送\t1\t", line));
    }

    [Fact]
    public async Task A_period_is_spelled_the_same_in_the_subject_the_list_and_the_outbox_and_send_period_takes_that_spelling()
    {
        var (_, data, config) = Setup();
        var sent = await Dw("digest", "send", "--period", "2025-01-13至01-19", "--supervisor", "王科长", "--data", data, "--config", config);
        Assert.True(sent.Code == 0, sent.Err);
        Assert.Contains("1 built, 1 sent", sent.Out);

        var row = (await Dw("digest", "list", "--data", data, "--config", config)).Out.Split('\n')[1].Split('\t');
        Assert.Equal("2025-01-13至01-19", row[1]);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(data, "outbox")));
        Assert.Equal("digest-2025-01-13至01-19-wang@dw.test.eml", Path.GetFileName(file));
        Assert.StartsWith("政务公开年报周报 2025-01-13至01-19：", SmtpServer.Inspect(file).GetProperty("subject").GetString());

        // The same period again (given as a day in it): recorded already, not built twice.
        var again = await Dw("digest", "send", "--period", "2025-01-15", "--supervisor", "王科长", "--data", data, "--config", config);
        Assert.Contains("recorded before", again.Out);
        Assert.Contains("0 built, 0 sent", again.Out);
    }

    [Fact]
    public async Task Send_without_supervisors_says_there_is_no_digest_to_build_and_fails()
    {
        var (_, data, config) = Setup("{}");
        var (code, output, error) = await Dw("digest", "send", "--data", data, "--config", config);
        Assert.Equal(1, code);
        Assert.Contains("no supervisor is configured (Digest:Supervisors", error);
        Assert.DoesNotContain("built", output);
    }

    [Fact]
    public async Task Bad_digest_configuration_exits_78_for_run_and_for_the_digest_commands()
    {
        var (_, data, config) = Setup("""
            { "Digest": { "Supervisors": [ { "Name": "王科长", "Address": "not-an-address", "Regions": [ "河曲县" ], "Schedule": "0 0 8 ? * MONDAY-ISH" } ] } }
            """);
        foreach (var args in new[] { new[] { "run" }, ["digest", "send"], ["digest", "preview", "--out", "x.html"] })
        {
            var (code, _, error) = await Dw([.. args, "--data", data, "--config", config]);
            Assert.Equal(78, code);
            Assert.Contains("Digest:Supervisors:0:Address: 'not-an-address' is not a mail address", error);
            Assert.Contains("Digest:Supervisors:0:Schedule", error);
        }
    }

    [Fact]
    public async Task Preview_names_the_configured_supervisors_when_asked_for_an_unknown_one()
    {
        var (dir, data, config) = Setup();
        var (code, _, error) = await Dw("digest", "preview", "--supervisor", "张三", "--out", dir["z.html"], "--data", data, "--config", config);
        Assert.Equal(1, code);
        Assert.Contains("no supervisor '张三' (configured: 王科长, 李主任)", error);
    }

    public void Dispose()
    {
        foreach (var c in _cleanup) c.Dispose();
    }
}
