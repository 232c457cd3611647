using DisclosureWatch.Core.Documents;
using DisclosureWatch.Core.Parsing;

namespace DisclosureWatch.Core.Tests.Parsing;

public class SectionTests
{
    private static Reports.AnnualReport Parse(string text) => ReportParser.Parse(ExtractedDocument.FromText("md", text));

    [Fact]
    public void Headings_in_every_style_keep_their_text_and_get_their_number()
    {
        var report = Parse("""
            **某某街道办事处2021年政府信息公开工作年度报告**
            # 一、总体情况
            正文。
            二. 主动公开政府信息情况
            （三）收到和处理政府信息公开申请情况
            **四、因政府信息公开工作被申请行政复议、提起行政诉讼情况**
            六、其他需要报告的事项
            无。
            五、存在的主要问题及改进情况：一是公开不及时。二是……
            """);
        Assert.Equal([1, 2, 3, 4, 6, 5], report.Sections.Select(s => s.Number));
        Assert.Equal("二.", report.Section(2)!.Ordinal);
        Assert.Equal("（三）", report.Section(3)!.Ordinal);
        Assert.True(report.Section(4)!.IsLegacyTitle);
        Assert.Equal("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", report.Section(4)!.Heading);
        Assert.StartsWith("一是公开不及时", report.Section(5)!.Text);
        Assert.Equal("某某街道办事处", report.Organ);
        Assert.Equal(2021, report.Year);
        Assert.Empty(report.MissingSections);
    }

    [Fact]
    public void Sub_headings_and_sentences_that_name_a_section_are_not_sections()
    {
        var report = Parse("""
            某某县人民政府2024年政府信息公开工作年度报告
            一、总体情况
            （一）主动公开情况。2024年主动公开信息100条。
            报告包含总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等六部分。
            因政府信息公开申请行政复议、提起行政诉讼情况：无。
            """);
        Assert.Equal([1], report.Sections.Select(s => s.Number));
        Assert.Equal([2, 3, 4, 5, 6], report.MissingSections);
    }

    [Fact]
    public void A_title_run_into_its_first_paragraph_is_split()
    {
        var report = Parse("某某县2024年政府信息公开工作年度报告\n一、总体情况 2024年，我县坚持以公开为常态、不公开为例外，持续推进政务公开标准化规范化建设，全年主动公开政府信息1200条。\n二、主动公开政府信息情况");
        Assert.Equal("一、总体情况", report.Section(1)!.Heading);
        Assert.StartsWith("2024年，我县坚持", report.Section(1)!.Text);
    }

    [Fact]
    public void Year_falls_back_to_the_statistical_period_then_the_body()
    {
        Assert.Equal(2022, Parse("某某乡政府信息公开工作年度报告\n本报告统计期限自2022年1月1日至2022年12月31日。\n一、总体情况\n2021年……").Year);
        Assert.Equal(2023, Parse("某某乡政府信息公开工作年度报告\n一、总体情况\n2023年，我乡……2023年……2024年计划").Year);
    }

    [Fact]
    public void Publication_date_in_chinese_numerals()
    {
        var report = Parse("某某镇2024年政府信息公开工作年度报告\n一、总体情况\n正文。\n某某镇人民政府\n二〇二五年一月二十日");
        Assert.Equal(new DateOnly(2025, 1, 20), report.PublishedOn);
    }
}
