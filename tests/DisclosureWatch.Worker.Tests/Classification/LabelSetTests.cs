using System.Text;
using DisclosureWatch.Worker.Classification;

namespace DisclosureWatch.Worker.Tests.Classification;

/// <summary>A label outside the configured set is refused with its row; a new label needs an explicit configuration.</summary>
public sealed class LabelSetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dw-labelset-").FullName;
    private string Labels => Path.Combine(_dir, "labels");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_junk_label_in_an_imported_csv_is_refused_with_its_row_and_nothing_is_stored()
    {
        var csv = Path.Combine(_dir, "week12.csv");
        File.WriteAllText(csv, "text,label,section\r\n" +
            "信息发布的及时性有待进一步提高。,problem,5\r\n" +
            "下一步，我局将加强政策解读。,improvement,5\r\n" +
            "全年主动公开政府信息87条。,junk-label,1\r\n", new UTF8Encoding(true));

        var (code, _, err) = await Run(["labels", "import", "--labels-dir", Labels, csv]);

        Assert.Equal(1, code);
        Assert.Contains("week12.csv: row 4", err);
        Assert.Contains("\"junk-label\"", err);
        Assert.False(Directory.Exists(Labels) && Directory.EnumerateFiles(Labels, "*.jsonl").Any());
    }

    [Fact]
    public async Task A_new_label_is_accepted_only_when_configured()
    {
        var jsonl = Path.Combine(_dir, "fees.jsonl");
        File.WriteAllText(jsonl, "{\"text\": \"全年收取信息处理费3940元。\", \"label\": \"fee\", \"section\": 6}\n");

        Assert.Equal(1, (await Run(["labels", "import", "--labels-dir", Labels, jsonl])).Code);
        var (code, output, err) = await Run(["labels", "import", "--labels-dir", Labels, "--labels", "boilerplate,improvement,measure,problem,fee", jsonl]);
        Assert.True(code == 0, err);
        Assert.Contains("imported 1", output);
        Assert.Equal("fee", Assert.Single(new LabelStore(Labels).LoadAll(["boilerplate", "fee", "improvement", "measure", "problem"])).Label);
        // Read back under the default set, the stored label is refused again, naming the file and line.
        var e = Assert.Throws<FormatException>(() => new LabelStore(Labels).LoadAll(TrainingData.ParseLabels(null)));
        Assert.Contains(":1: label \"fee\"", e.Message);
    }

    [Fact]
    public async Task Dw_train_refuses_a_junk_label_in_the_training_data_naming_the_file_and_line()
    {
        var data = Path.Combine(_dir, "training-data");
        Directory.CreateDirectory(data);
        File.WriteAllLines(Path.Combine(data, "mixed.jsonl"),
        [
            "{\"text\": \"本年度无其他需要报告的事项。\", \"label\": \"boilerplate\", \"section\": 6}",
            "{\"text\": \"全年主动公开政府信息87条。\", \"label\": \"junk-label\", \"section\": 1}",
        ]);
        var (code, _, err) = await Run(["train", "--training-data", data, "--out", Path.Combine(_dir, "m.json")]);
        Assert.Equal(1, code);
        Assert.Contains("mixed.jsonl:2: label \"junk-label\" is not one of the configured labels", err);
        Assert.False(File.Exists(Path.Combine(_dir, "m.json")));
    }

    private static async Task<(int Code, string Out, string Err)> Run(string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await global::DisclosureWatch.Worker.Cli.Cli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }
}
