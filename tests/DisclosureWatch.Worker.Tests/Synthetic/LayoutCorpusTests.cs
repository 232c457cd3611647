using DisclosureWatch.Worker.Synthetic;
using Xunit.Abstractions;

namespace DisclosureWatch.Worker.Tests.Synthetic;

/// <summary>
/// Generated reports in every layout × noise, parsed back and compared cell by cell: no cell may be wrong, and
/// nearly every cell must be read. Seeded, so a failure names a report that can be generated again
/// (<c>LayoutCorpus.Create(seed, number, layout, noise)</c>); <c>dw bench corpus</c> runs more.
/// </summary>
public class LayoutCorpusTests(ITestOutputHelper output)
{
    private static readonly Layout[] TextLayouts = Enum.GetValues<Layout>().Where(l => l != Layout.Pdf).ToArray();
    /// <summary>The noises that touch the title or the headings: organ, year and sections are <c>_Metadata</c>'s to check.</summary>
    private static readonly Noise[] MetadataNoises = [Noise.WrappedTitle, Noise.LostHeadings, Noise.All];

    [Fact]
    public void Every_cell_of_every_layout_and_noise_is_right_or_null_and_nearly_all_are_read()
    {
        var scores = CorpusRun.Run(seed: 19, perCombination: 42, TextLayouts);
        var all = Report(scores);
        Assert.True(all.Reports >= 2000, $"{all.Reports} reports");
        Assert.All(scores, kv => Assert.True(kv.Value.Wrong == 0, $"{kv.Key}: {kv.Value.Wrong} wrong cells"));
        Assert.True(all.ReadShare >= 0.995, $"read {all.ReadShare:P2}");
        Assert.All(scores.Where(kv => !MetadataNoises.Contains(kv.Key.Noise)),
            kv => Assert.True(kv.Value.MetadataWrong == 0, $"{kv.Key}: organ, year or sections wrong in {kv.Value.MetadataWrong} reports"));
    }

    /// <summary>The docx through LibreOffice (one call for the batch) and pdftotext, as a published PDF is read.</summary>
    [Fact]
    public void Pdf_through_LibreOffice_and_pdftotext_has_no_wrong_cell()
    {
        var scores = CorpusRun.Run(seed: 20, perCombination: 2, [Layout.Pdf]);
        var all = Report(scores);
        Assert.Equal(2 * Enum.GetValues<Noise>().Length, all.Reports);
        Assert.All(scores, kv => Assert.True(kv.Value.Wrong == 0, $"{kv.Key}: {kv.Value.Wrong} wrong cells"));
        Assert.True(all.ReadShare >= 0.98, $"read {all.ReadShare:P2}");
    }

    /// <summary>
    /// Organ, year and sections under a wrapped title and lost headings: the other half of issue 19 (wrapped titles,
    /// section 五 without its heading) is fixed on another branch; enabled once both are merged.
    /// </summary>
    [Fact]
    public void Organ_year_and_sections_survive_wrapped_titles_and_lost_headings_Metadata()
    {
        var scores = CorpusRun.Run(seed: 21, perCombination: 10, TextLayouts, MetadataNoises);
        var all = Report(scores);
        foreach (var m in all.MetadataProblems) output.WriteLine(m);
        Assert.All(scores, kv => Assert.True(kv.Value.MetadataWrong == 0, $"{kv.Key}: organ, year or sections wrong in {kv.Value.MetadataWrong} reports"));
    }

    private CorpusScore Report(Dictionary<(Layout Layout, Noise Noise), CorpusScore> scores)
    {
        output.WriteLine(CorpusRun.Table(scores));
        var all = new CorpusScore();
        foreach (var s in scores.Values) all.Add(s);
        foreach (var w in all.WrongCells) output.WriteLine(w);
        return all;
    }
}
