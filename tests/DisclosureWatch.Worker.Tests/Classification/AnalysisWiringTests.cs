using System.Text.Json;
using DisclosureWatch.Core;
using DisclosureWatch.Core.Narrative;
using DisclosureWatch.Core.Reports;
using DisclosureWatch.Worker.Classification;

namespace DisclosureWatch.Worker.Tests.Classification;

/// <summary>What `dw analyze` does with the narrative: segment a parsed report, classify with the default model, write JSON.</summary>
public class AnalysisWiringTests
{
    private const string Section5 = """
        （一）存在的问题
        我局政府信息公开工作虽然取得了一定成效，但仍存在一些不足：一是政策解读形式较为单一；二是部分栏目更新不够及时。
        （二）改进措施
        1、丰富解读形式。多采用图解、音视频等形式解读政策。
        2、加强栏目管理。明确专人负责栏目更新，确保信息及时准确。
        """;

    [Fact]
    public void The_default_model_labels_the_segmented_narrative_and_the_json_carries_label_and_confidence()
    {
        var model = ModelFiles.LoadDefault();
        Assert.NotNull(model); // shipped next to dw (Content item), so next to the tests too
        var report = new AnnualReport
        {
            Sections =
            [
                new Section(1, "一、总体情况", "一、", "总体情况", "（一）主动公开情况。2024年，我局通过门户网站主动公开政府信息1260条。", 0),
                new Section(5, "五、存在的主要问题及改进情况", "五、", "存在的主要问题及改进情况", Section5, 10),
                new Section(6, "六、其他需要报告的事项", "六、", "其他需要报告的事项", "本年度无其他需要报告的事项。", 20),
            ],
        };
        var passages = model.Classify(PassageSegmenter.Segment(report));
        Assert.Equal(["measure", "problem", "problem", "problem", "improvement", "improvement", "boilerplate"], passages.Select(p => p.Label));
        Assert.All(passages, p => Assert.InRange(p.Confidence!.Value, 0.25, 1.0));

        var json = ReportJson.Write("r.txt", "00", new Core.Analysis(report, [], passages));
        var first = JsonDocument.Parse(json).RootElement.GetProperty("passages")[0];
        Assert.Equal(1, first.GetProperty("section").GetInt32());
        Assert.Equal("主动公开情况", first.GetProperty("context").GetString());
        Assert.Equal("measure", first.GetProperty("label").GetString());
        Assert.True(first.GetProperty("confidence").GetDouble() > 0.5);
    }
}
