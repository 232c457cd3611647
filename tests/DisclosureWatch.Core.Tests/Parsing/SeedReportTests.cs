using System.Globalization;
using DisclosureWatch.Core.Documents;
using DisclosureWatch.Core.Parsing;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Tests.Parsing;

/// <summary>The five seeds as users sent them: metadata, sections and every table value as stated.</summary>
public class SeedReportTests
{
    private static AnnualReport Seed(string prefix) =>
        ReportParser.Parse(ExtractedDocument.FromText("txt", File.ReadAllText(TestPaths.Seed(prefix))));

    [Theory]
    [InlineData("000", "河曲县社梁乡人民政府", 2024, null)]
    [InlineData("001", "延津县司寨乡", 2023, null)]
    [InlineData("002", "(石咢)嘉镇人民政府", 2024, null)]
    [InlineData("003", "哈拉直沟乡人民政府", 2023, "2024-01-29")]
    [InlineData("004", "灵丘县下关乡", 2022, "2023-01-18")]
    public void Reads_organ_year_and_date(string seed, string organ, int year, string? published)
    {
        var report = Seed(seed);
        Assert.Equal(organ, report.Organ);
        Assert.Equal(year, report.Year);
        Assert.Equal(published, report.PublishedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("000", new[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData("001", new[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData("002", new[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData("003", new[] { 1, 2, 3, 4, 5 })]
    [InlineData("004", new[] { 1, 2, 3, 4, 5, 6 })]
    public void Finds_every_section_the_text_has(string seed, int[] numbers)
    {
        var report = Seed(seed);
        Assert.Equal(numbers, report.Sections.Select(s => s.Number));
        Assert.Equal(Enumerable.Range(1, 6).Except(numbers), report.MissingSections);
    }

    [Fact]
    public void Seed_003_reports_section_six_missing_and_keeps_markdown_headings_as_written()
    {
        var report = Seed("003");
        Assert.Equal([6], report.MissingSections);
        Assert.Equal("一、总体情况", report.Section(1)!.Heading);
        Assert.Equal("四、政府信息公开行政复议、行政诉讼情况", report.Section(4)!.Heading);
        Assert.StartsWith("因政府信息公开申请行政复议", report.Section(4)!.Text);
    }

    [Fact]
    public void Seed_004_untitled_and_misnumbered_headings_still_land_as_2_and_3()
    {
        var report = Seed("004");
        var two = report.Section(2)!;
        Assert.Null(two.Ordinal);
        Assert.Equal("主动公开政府信息情况", two.Heading);
        var three = report.Section(3)!;
        Assert.Equal("（三）", three.Ordinal);
        Assert.Equal("收到和处理政府信息公开申请情况", three.Title);
        Assert.True(report.Section(4)!.IsLegacyTitle);
        Assert.False(report.Section(5)!.IsLegacyTitle);
    }

    [Fact]
    public void Seed_002_pipe_rows_read_punishment_1()
    {
        var t2 = Seed("002").ActiveDisclosure!;
        Assert.Equal(1m, t2.Value("punishment", 0));
        Assert.Equal(0m, t2.Value("licensing", 0));
        Assert.Equal([0m, 0m, 0m], Enumerable.Range(0, 3).Select(c => t2.Value("normativeDocuments", c)!.Value));
        var t4 = Seed("002").ReviewLitigation!;
        Assert.All(Template.T4Blocks, b => Assert.All(Enumerable.Range(0, 5), c => Assert.Equal(0m, t4.Value(b, c))));
    }

    [Fact]
    public void Seed_003_placeholder_and_blank_cells_are_null_and_keep_their_raw_text()
    {
        var report = Seed("003");
        var t3 = report.Applications!;
        Assert.Equal(Template.T3Rows.Count - 3 + 1, t3.Rows.Count); // (六) given as one line: its three sub-rows absent
        Assert.NotNull(t3.Row("otherHandling"));
        Assert.Null(t3.Row("otherHandling.other"));
        var total = t3.Cell("newReceived", Template.T3Total)!;
        Assert.Null(total.Value);
        Assert.Equal("无", total.Raw);
        Assert.True(total.IsPlaceholder);
        var blank = t3.Cell("granted", 0)!;
        Assert.True(blank.IsBlank);
        Assert.All(t3.Rows, r => Assert.All(r.Cells, c => Assert.Null(c!.Value)));
        var t4 = report.ReviewLitigation!;
        Assert.All(t4.Rows, r => Assert.All(r.Cells, c => Assert.Null(c?.Value)));
        Assert.Equal("无", t4.Cell("review", 4)!.Raw);
    }

    [Fact]
    public void Seed_000_keeps_off_template_rows_readable_and_counts_what_they_state()
    {
        var report = Seed("000");
        var punishment = report.ActiveDisclosure!.Row("punishment")!;
        Assert.Equal(3, punishment.StatedCount);
        Assert.Equal(0m, punishment[0]);
        Assert.Contains(report.Notes, n => n is { Kind: "shape", Table: "t2", Row: "punishment" });
        Assert.Equal(25, report.Applications!.Rows.Count);
        Assert.Equal(16, report.ReviewLitigation!.Row("review")!.StatedCount);
    }

    [Theory]
    [InlineData("000")]
    [InlineData("001")]
    [InlineData("002")]
    [InlineData("004")]
    public void Zero_reports_read_all_175_table_3_values_as_zero(string seed)
    {
        var t3 = Seed(seed).Applications!;
        Assert.Equal(Template.T3Rows, t3.Rows.Select(r => r.Key));
        Assert.All(t3.Rows, r => Assert.Equal(Enumerable.Repeat<decimal?>(0m, 7), r.Cells.Select(c => c?.Value)));
    }
}

public class ReportJsonRoundTripTests
{
    [Theory]
    [InlineData("000")]
    [InlineData("003")]
    public void A_stored_report_reads_back_with_the_same_sections_and_cells(string seed)
    {
        var analysis = new ReportAnalyzer().Analyze(ExtractedDocument.FromText("txt", File.ReadAllText(TestPaths.Seed(seed))));
        var back = ReportJsonReader.Read(ReportJson.Write("f", "sha", analysis));
        var report = analysis.Report;
        Assert.Equal(report.Organ, back.Organ);
        Assert.Equal(report.Year, back.Year);
        Assert.Equal(report.Sections.Select(s => (s.Number, s.Heading, s.Ordinal, s.Title, s.Text)), back.Sections.Select(s => (s.Number, s.Heading, s.Ordinal, s.Title, s.Text)));
        Assert.Equal(report.MissingSections, back.MissingSections);
        foreach (var (a, b) in new[] { (report.ActiveDisclosure, back.ActiveDisclosure), (report.Applications, back.Applications), (report.ReviewLitigation, back.ReviewLitigation) })
            Assert.Equal(a!.Rows.Select(r => (r.Key, string.Join("|", r.Cells.Select(c => c is null ? "?" : c.Raw + "=" + c.Value)))),
                b!.Rows.Select(r => (r.Key, string.Join("|", r.Cells.Select(c => c is null ? "?" : c.Raw + "=" + c.Value)))));
    }
}
