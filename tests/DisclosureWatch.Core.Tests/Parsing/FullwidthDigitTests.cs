using DisclosureWatch.Core.Documents;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Tests.Parsing;

/// <summary>
/// Fullwidth digits (２０２４年, 收到申请３件) are common in Chinese typing. A seed with every digit written fullwidth
/// must read as the seed does: before, the narrative checks threw on decimal.Parse("３").
/// </summary>
public class FullwidthDigitTests
{
    private static string Fullwidth(string text) =>
        new(text.Select(c => c is >= '0' and <= '9' ? (char)('０' + (c - '0')) : c).ToArray());

    [Theory]
    [InlineData("000")]
    [InlineData("001")]
    [InlineData("002")]
    [InlineData("003")]
    [InlineData("004")]
    public void A_seed_written_in_fullwidth_digits_reads_and_is_reviewed_as_the_seed(string seed)
    {
        var text = File.ReadAllText(TestPaths.Seed(seed));
        Assert.NotEqual(text, Fullwidth(text));
        var analyzer = new ReportAnalyzer();
        var plain = analyzer.Analyze(ExtractedDocument.FromText("txt", text));
        var wide = analyzer.Analyze(ExtractedDocument.FromText("txt", Fullwidth(text)));

        Assert.Equal((plain.Report.Organ, plain.Report.Year, plain.Report.PublishedOn), (wide.Report.Organ, wide.Report.Year, wide.Report.PublishedOn));
        Assert.Equal(Values(plain.Report), Values(wide.Report));
        Assert.Equal(plain.Findings.Select(f => (f.Rule, f.Message)), wide.Findings.Select(f => (f.Rule, f.Message)));
    }

    [Fact]
    public void Digits_of_any_script_have_their_value_and_overlong_runs_none()
    {
        Assert.Equal(2024, DecimalDigits.Value("２０２４"));
        Assert.Equal(37, DecimalDigits.Value("37"));
        Assert.Null(DecimalDigits.Value("1234567890123456789")); // 19 digits: not a count
        Assert.Null(DecimalDigits.Value("3件"));
        Assert.Equal("收到申请3件，2024年", DecimalDigits.ToAscii("收到申请３件，２０２４年"));
    }

    private static List<(string, string, decimal?)> Values(AnnualReport r) =>
        new[] { r.ActiveDisclosure, r.Applications, r.ReviewLitigation }.Where(t => t is not null)
            .SelectMany(t => t!.Rows.SelectMany(row => row.Cells.Select((c, i) => (t.Name, $"{row.Key}/{i}", c?.Value)))).ToList();
}
