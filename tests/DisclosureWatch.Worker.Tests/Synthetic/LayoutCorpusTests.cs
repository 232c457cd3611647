using DisclosureWatch.Worker.Synthetic;
using Xunit.Abstractions;

namespace DisclosureWatch.Worker.Tests.Synthetic;

/// <summary>
/// Generated reports in every layout × noise, parsed back and compared cell by cell: no cell may be wrong, and
/// nearly every cell must be read. Seeded, so a failure names a report that can be generated again.
/// </summary>
public class LayoutCorpusTests(ITestOutputHelper output)
{
    private static readonly Layout[] TextLayouts = Enum.GetValues<Layout>().Where(l => l != Layout.Pdf).ToArray();

    [Fact]
    public void Every_cell_of_every_layout_and_noise_is_right_or_null_and_nearly_all_are_read()
    {
        var scores = CorpusRun.Run(seed: 19, perCombination: 42, TextLayouts);
        output.WriteLine(CorpusRun.Table(scores));
        var all = new CorpusScore();
        foreach (var s in scores.Values) all.Add(s);
        foreach (var w in all.WrongCells) output.WriteLine(w);
        Assert.True(all.Reports >= 2000, $"{all.Reports} reports");
        Assert.All(scores, kv => Assert.True(kv.Value.Wrong == 0, $"{kv.Key}: {kv.Value.Wrong} wrong cells"));
        Assert.True(all.ReadShare >= 0.995, $"read {all.ReadShare:P2}");
    }
}
