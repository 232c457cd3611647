using System.Text.Json;

namespace DisclosureWatch.Worker.Tests.CliTests;

public class AnalyzeCommandTests
{
    private static async Task<(int Exit, string Out, string Err)> Dw(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = await Worker.Cli.Cli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Json_is_one_object_per_file_per_line_with_the_contract_keys()
    {
        var (exit, output, error) = await Dw(["analyze", "--json", .. TestPaths.Seeds]);
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(TestPaths.Seeds.Length, lines.Length);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            foreach (var key in new[] { "file", "sha256", "organ", "year", "publishedOn", "sections", "activeDisclosure", "applications", "reviewLitigation", "findings", "passages" })
                Assert.True(root.TryGetProperty(key, out _), key);
            Assert.Equal(64, root.GetProperty("sha256").GetString()!.Length);
            Assert.Equal(7, root.GetProperty("applications").GetProperty("columns").GetArrayLength());
        }
        using var seed2 = JsonDocument.Parse(lines[2]);
        Assert.Equal(1, seed2.RootElement.GetProperty("activeDisclosure").GetProperty("punishment").GetInt32());
        Assert.Equal("(石咢)嘉镇人民政府", seed2.RootElement.GetProperty("organ").GetString());
    }

    [Fact]
    public async Task Readable_summary_by_default()
    {
        var (exit, output, _) = await Dw("analyze", TestPaths.Seeds[3]);
        Assert.Equal(0, exit);
        Assert.Contains("哈拉直沟乡人民政府", output);
        Assert.Contains("缺少章节: 6", output);
    }

    [Fact]
    public async Task The_summary_speaks_the_supervisors_words_in_aligned_columns()
    {
        var (_, output, _) = await Dw("analyze", TestPaths.Seeds[3]);
        Assert.Contains("[错误] structure.missing-section", output);
        Assert.DoesNotContain("[error]", output);
        Assert.Matches(@"段落 \d+ 段: (套话|举措|问题|改进) \d+", output);
        Assert.DoesNotContain("! t", output); // parser notes without internal keys
        // Table 3's header and rows line up in display columns (a Chinese character is two wide).
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var header = lines.Single(l => l.Contains("自然人") && l.Contains("总计"));
        var row = lines.Single(l => l.Contains("一、本年新收政府信息公开申请数量"));
        Assert.Equal(global::DisclosureWatch.Worker.Cli.TextTable.Width(header[..header.IndexOf("总计", StringComparison.Ordinal)]), global::DisclosureWatch.Worker.Cli.TextTable.Width(row[..row.LastIndexOf('无')]));

        var blank = (await Dw("analyze", TestPaths.RealReport("national-template-2021.docx"))).Out;
        Assert.Contains("表二 主动公开: 表格未填写", blank);
    }

    [Fact]
    public async Task An_eml_is_read_as_the_inbox_reads_it_each_report_in_it_analyzed()
    {
        var mail = global::DisclosureWatch.Worker.Tests.Mail.Infra.Corpus.PathOf("01-docx-pdf.eml");
        var (exit, output, error) = await Dw("analyze", "--json", mail);
        Assert.True(exit == 0, error);
        var files = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("file").GetString()!).ToList();
        Assert.Equal(2, files.Count);
        Assert.All(files, f => Assert.StartsWith(mail + " › ", f));
        Assert.Contains(files, f => f.EndsWith(".docx", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".pdf", StringComparison.Ordinal));

        var none = await Dw("analyze", global::DisclosureWatch.Worker.Tests.Mail.Infra.Corpus.PathOf("05-no-report.eml"));
        Assert.Equal(1, none.Exit);
        Assert.Contains("no report in the message", none.Err);
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_is_named_on_stderr_and_exits_1_while_the_others_are_still_analyzed()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-report-" + Guid.NewGuid() + ".txt");
        var (exit, output, error) = await Dw("analyze", "--json", missing, TestPaths.Seeds[0]);
        Assert.Equal(1, exit);
        Assert.Contains(missing, error);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Usage_errors_exit_2()
    {
        Assert.Equal(2, (await Dw("analyze", "--no-such-option", TestPaths.Seeds[0])).Exit);
        Assert.Equal(2, (await Dw("analyze")).Exit);
        Assert.Equal(2, (await Dw("no-such-command")).Exit);
    }
}
