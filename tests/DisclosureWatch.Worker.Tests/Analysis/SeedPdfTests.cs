using DisclosureWatch.Core.Documents;
using DisclosureWatch.Core.Parsing;
using DisclosureWatch.Core.Reports;
using DisclosureWatch.Worker.Analysis;

namespace DisclosureWatch.Worker.Tests.Analysis;

/// <summary>The seeds printed to PDF by LibreOffice and read back through pdftotext give the seeds' own values.</summary>
public class SeedPdfTests
{
    private static AnnualReport FromPdf(string seed)
    {
        var pdf = Directory.GetFiles(TestPaths.SeedPdfs, seed + "_*.pdf").Single();
        var result = FileAnalyzer.CreateDefault().TryAnalyze(pdf, null);
        Assert.Null(result.Error);
        return result.Analysis!.Report;
    }

    private static AnnualReport FromText(string seed) =>
        ReportParser.Parse(ExtractedDocument.FromText("txt", File.ReadAllText(TestPaths.Seeds.Single(s => Path.GetFileName(s).StartsWith(seed, StringComparison.Ordinal)))));

    [Theory]
    [InlineData("000")]
    [InlineData("001")]
    [InlineData("002")]
    [InlineData("004")]
    public void Same_metadata_sections_and_table_values_as_the_text(string seed)
    {
        var (pdf, text) = (FromPdf(seed), FromText(seed));
        Assert.Equal(text.Organ, pdf.Organ);
        Assert.Equal(text.Year, pdf.Year);
        Assert.Equal(text.Sections.Select(s => (s.Number, s.Heading)), pdf.Sections.Select(s => (s.Number, s.Heading)));
        foreach (var (a, b) in new[] { (text.ActiveDisclosure, pdf.ActiveDisclosure), (text.Applications, pdf.Applications), (text.ReviewLitigation, pdf.ReviewLitigation) })
        {
            Assert.Equal(a!.Rows.Select(r => r.Key), b!.Rows.Select(r => r.Key));
            Assert.Equal(a.Rows.Select(r => string.Join(" ", r.Cells.Select(c => c?.Value))), b.Rows.Select(r => string.Join(" ", r.Cells.Select(c => c?.Value))));
        }
    }

    [Fact]
    public void Blank_cells_a_layout_cannot_show_are_left_unread_with_the_reason()
    {
        var report = FromPdf("003");
        Assert.All(report.Applications!.Rows, r => Assert.All(r.Cells, c => Assert.Null(c?.Value)));
        Assert.Contains(report.Notes, n => n is { Kind: "ambiguous", Table: "t3", Row: "newReceived" });
        Assert.Equal([6], report.MissingSections);
    }
}
