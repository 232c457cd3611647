using System.Text.Json;
using DisclosureWatch.Worker.Classification;
using DisclosureWatch.Worker.Cli;

namespace DisclosureWatch.Worker.Tests.Classification;

public class ClassifyCommandTests
{
    [Fact]
    public void Writes_each_jsonl_line_back_with_label_and_confidence_and_keeps_other_fields()
    {
        var model = ModelFiles.Load(ModelFiles.FindShipped() ?? throw new FileNotFoundException("the shipped model is not next to the tests"));
        var input = new StringReader(
            "{\"id\":7,\"text\":\"下一步，我局将进一步加强政策解读工作，提升解读质量。\",\"section\":5}\n" +
            "{\"text\":\"二是信息公开形式还不够丰富。\",\"section\":\"5\",\"context\":\"存在的问题\"}\n" +
            "{\"text\":\"无其他需要报告的事项。\",\"section\":6}\n" +
            "not json at all but a passage\n" +
            "{\"section\":1}\n");
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ClassifyCommand.Run(model, input, output, error, json: true);
        Assert.Equal(1, code); // the line without text is reported, the others answered
        Assert.Contains("stdin line 5", error.ToString());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal(7, lines[0].GetProperty("id").GetInt32());
        Assert.Equal(["improvement", "problem", "boilerplate"], lines.Take(3).Select(l => l.GetProperty("label").GetString()));
        Assert.All(lines, l => Assert.InRange(l.GetProperty("confidence").GetDouble(), 0.25, 1.0));
    }
}
