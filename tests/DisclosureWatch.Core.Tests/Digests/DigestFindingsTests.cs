using DisclosureWatch.Core.Digests;

namespace DisclosureWatch.Core.Tests.Digests;

public class DigestFindingsTests
{
    [Fact]
    public void One_row_per_finding_under_the_findings_header_reports_in_order_of_arrival_errors_first()
    {
        var input = DigestSamples.SeedWeek();
        var figures = DigestBuilder.Figures(input);
        Assert.Equal(Vocabulary.FindingColumns(input.TimeZone), DigestFindings.Header(input.TimeZone));
        var rows = DigestFindings.Rows(input, figures).ToList();
        Assert.Equal(input.Reports.Sum(r => r.Findings.Count), rows.Count);
        Assert.All(rows, r => Assert.Equal(DigestFindings.Header(input.TimeZone).Count, r.Length));
        Assert.Equal(figures.Received.Select(r => r.Report.Id).Where(id => rows.Any(r => (string)r[0]! == id)),
            rows.Select(r => (string)r[0]!).Distinct());
        foreach (var report in rows.GroupBy(r => r[0]))
        {
            var severities = report.Select(r => (string)r[5]!).ToList();
            Assert.Equal(severities.OrderBy(s => s == "错误" ? 0 : s == "警告" ? 1 : 2), severities);
        }
        var row = rows.Single(r => (string)r[6]! == "t3.identity");
        Assert.Equal(["R-0106", "河曲县文笔镇人民政府", 2024, "2025-01-14 08:55", "重新报送", "错误", "t3.identity"], row.Take(7));
        Assert.Contains("≠", (string)row[8]!);
    }

    [Fact]
    public void The_attachment_is_named_for_the_period_as_the_subject_spells_it() =>
        Assert.Equal("findings-2025-01-13至01-19.xlsx", DigestFindings.FileName(DigestSamples.Week, "xlsx"));
}
