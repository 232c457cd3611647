using DisclosureWatch.Core.Reports;
using DisclosureWatch.Worker.Analysis;

namespace DisclosureWatch.Worker.Tests.Analysis;

/// <summary>The published 淮安市 2024 report, read through pdftotext -layout: every table value as printed.</summary>
public class RealPdfTests
{
    private static readonly Lazy<AnnualReport> Huaian = new(() =>
    {
        var result = FileAnalyzer.CreateDefault().TryAnalyze(TestPaths.RealReport("huaian-city-2024.pdf"), null);
        Assert.Null(result.Error);
        return result.Analysis!.Report;
    });

    [Fact]
    public void Metadata_and_sections()
    {
        var r = Huaian.Value;
        Assert.Equal("淮安市人民政府", r.Organ);
        Assert.Equal(2024, r.Year);
        Assert.Equal([1, 2, 3, 4, 5, 6], r.Sections.Select(s => s.Number));
    }

    [Fact]
    public void Table_2()
    {
        var t2 = Huaian.Value.ActiveDisclosure!;
        Assert.Equal([1m, 0m, 11m], Enumerable.Range(0, 3).Select(c => t2.Value("regulations", c)!.Value));
        Assert.Equal([8m, 26m, 66m], Enumerable.Range(0, 3).Select(c => t2.Value("normativeDocuments", c)!.Value));
        Assert.Equal(447228m, t2.Value("licensing", 0));
        Assert.Equal(3985758m, t2.Value("punishment", 0));
        Assert.Equal(88283m, t2.Value("coercion", 0));
        Assert.Equal(96171.6m, t2.Value("fees", 0));
    }

    [Fact]
    public void All_175_values_of_table_3()
    {
        var expected = new Dictionary<string, decimal[]>
        {
            ["newReceived"] = [3001, 53, 0, 0, 61, 4, 3119],
            ["carriedOver"] = [34, 0, 0, 0, 0, 0, 34],
            ["granted"] = [1288, 21, 0, 0, 50, 3, 1362],
            ["partiallyGranted"] = [447, 7, 0, 0, 0, 0, 454],
            ["denied.stateSecret"] = [2, 0, 0, 0, 0, 0, 2],
            ["denied.prohibitedByLaw"] = [30, 1, 0, 0, 0, 0, 31],
            ["denied.threeSecurities"] = [5, 0, 0, 0, 0, 0, 5],
            ["denied.thirdPartyRights"] = [6, 0, 0, 0, 0, 0, 6],
            ["denied.internalAffairs"] = [7, 1, 0, 0, 0, 0, 8],
            ["denied.processInformation"] = [12, 0, 0, 0, 0, 0, 12],
            ["denied.enforcementFiles"] = [9, 0, 0, 0, 0, 0, 9],
            ["denied.queryMatters"] = [105, 0, 0, 0, 0, 0, 105],
            ["unable.notHeld"] = [746, 12, 0, 0, 10, 1, 769],
            ["unable.needsCreation"] = [11, 0, 0, 0, 0, 0, 11],
            ["unable.unclear"] = [1, 0, 0, 0, 0, 0, 1],
            ["notProcessed.complaint"] = [56, 6, 0, 0, 0, 0, 62],
            ["notProcessed.repeated"] = [25, 0, 0, 0, 0, 0, 25],
            ["notProcessed.publication"] = [0, 0, 0, 0, 0, 0, 0],
            ["notProcessed.massive"] = [0, 0, 0, 0, 0, 0, 0],
            ["notProcessed.confirmation"] = [1, 0, 0, 0, 0, 0, 1],
            ["otherHandling.overdueCorrection"] = [67, 3, 0, 0, 1, 0, 71],
            ["otherHandling.overdueFee"] = [6, 0, 0, 0, 0, 0, 6],
            ["otherHandling.other"] = [108, 2, 0, 0, 0, 0, 110],
            ["totalProcessed"] = [2932, 53, 0, 0, 61, 4, 3050],
            ["carriedForward"] = [103, 0, 0, 0, 0, 0, 103],
        };
        var t3 = Huaian.Value.Applications!;
        Assert.Equal(Template.T3Rows, t3.Rows.Select(r => r.Key));
        foreach (var (key, values) in expected)
            Assert.True(values.SequenceEqual(t3.Row(key)!.Cells.Select(c => c!.Value!.Value)), $"{key}: {string.Join(" ", t3.Row(key)!.Cells)}");
        Assert.Equal(175, t3.Rows.Sum(r => r.Cells.Count(c => c?.Value is not null)));
    }

    [Fact]
    public void Table_4()
    {
        var t4 = Huaian.Value.ReviewLitigation!;
        decimal[] Block(string b) => Enumerable.Range(0, 5).Select(c => t4.Value(b, c)!.Value).ToArray();
        Assert.Equal([72m, 64m, 178m, 37m, 351m], Block("review"));
        Assert.Equal([13m, 4m, 8m, 1m, 26m], Block("litigationDirect"));
        Assert.Equal([12m, 1m, 1m, 6m, 20m], Block("litigationAfterReview"));
    }
}
