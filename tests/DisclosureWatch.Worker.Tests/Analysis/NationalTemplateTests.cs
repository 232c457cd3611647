using DisclosureWatch.Core.Reports;
using DisclosureWatch.Worker.Analysis;

namespace DisclosureWatch.Worker.Tests.Analysis;

/// <summary>The blank national template (docx): every section and every cell found, every cell blank, none invented.</summary>
public class NationalTemplateTests
{
    [Fact]
    public void Every_template_row_is_found_and_every_cell_is_blank()
    {
        var result = FileAnalyzer.CreateDefault().TryAnalyze(TestPaths.RealReport("national-template-2021.docx"), null);
        Assert.Null(result.Error);
        var report = result.Analysis!.Report;
        Assert.Equal([1, 2, 3, 4, 5, 6], report.Sections.Select(s => s.Number));
        Assert.Equal(Template.T3Rows, report.Applications!.Rows.Select(r => r.Key));
        Assert.Equal(Template.T4Blocks, report.ReviewLitigation!.Rows.Select(r => r.Key));
        Assert.Equal(6, report.ActiveDisclosure!.Rows.Count);
        foreach (var table in new[] { report.ActiveDisclosure, report.Applications, report.ReviewLitigation })
            Assert.All(table.Rows, r => Assert.All(r.Cells, c => Assert.True(c!.IsBlank)));
        Assert.Equal(175, report.Applications.Rows.Sum(r => r.Cells.Count));
        Assert.Empty(report.Notes);
    }
}
