using DisclosureWatch.Core.Classification;

namespace DisclosureWatch.Core.Tests.Classification;

/// <summary>The shipped model on passages it was not trained on, given with their section only (as callers do).</summary>
public class ShippedModelTests
{
    private static LinearPassageModel Shipped()
    {
        using var f = File.OpenRead(Path.Combine(RepoFiles.Root(), "models", "passage-classifier.json"));
        return LinearPassageModel.Load(f);
    }

    [Fact]
    public void Reaches_macro_f1_090_on_the_differently_written_test_passages()
    {
        var report = ModelTrainer.Evaluate(Shipped(), RepoFiles.Samples("training-data/test/regression/style-test.jsonl"));
        Assert.True(report.MacroF1 >= 0.90, report.ToText());
    }

    [Theory]
    [InlineData(5, "下一步，我局将进一步加强政策解读工作，提升解读质量。", "improvement")]
    [InlineData(5, "二是加大宣传力度，不断深化公众参与。", "improvement")]
    [InlineData(5, "二是政策解读形式较为单一，解读质量有待提高。", "problem")]
    [InlineData(1, "全年通过政府网站主动公开政府信息 1 280 条，发布政策解读 12 篇。", "measure")]
    [InlineData(1, "二是加大宣传力度，通过公开栏发放宣传资料 300 余份。", "measure")]
    [InlineData(6, "无其他需要报告的事项。", "boilerplate")]
    [InlineData(0, "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。", "boilerplate")]
    public void Labels_typical_passages(int section, string text, string label)
    {
        var p = Shipped().Predict(text, section);
        Assert.Equal(label, p.Label);
        Assert.InRange(p.Confidence, 0.25, 1.0);
    }
}
