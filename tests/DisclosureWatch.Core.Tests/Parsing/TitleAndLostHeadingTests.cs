using System.Globalization;
using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Documents;
using DisclosureWatch.Core.Parsing;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Tests.Parsing;

/// <summary>The title shapes real reports use (issue 19, class 5) and a section known only by its sub-headings (class 6).</summary>
public class TitleAndLostHeadingTests
{
    private static AnnualReport Parse(string text) => ReportParser.Parse(ExtractedDocument.FromText("md", text));

    private const string Body = """
        一、总体情况
        本年度，我乡认真贯彻落实《条例》。
        二、主动公开政府信息情况
        三、收到和处理政府信息公开申请情况
        四、政府信息公开行政复议、行政诉讼情况
        五、存在的主要问题及改进情况
        一是解读形式单一。下一步将丰富解读形式。
        六、其他需要报告的事项
        本年度未收取信息处理费。
        """;

    [Theory]
    [InlineData("河曲县社梁乡人民政府2023年\n政府信息公开工作年度报告")]                      // wrapped at the year
    [InlineData("河曲县社梁乡人民政府2023年政府信息\n公开工作年度报告")]                      // wrapped inside 政府信息公开
    [InlineData("河曲县社梁乡人民政府\n\n2023年政府信息公开工作年度报告")]                   // the organ on its own line
    [InlineData("河曲县社梁乡人民政府\n2023年度\n政府信息公开工作年度报告")]                  // three lines
    [InlineData("# 河曲县社梁乡人民政府二〇二三年政府信息公开工作年度报告")]                 // markdown, the year in numerals
    [InlineData("河曲县社梁乡人民政府政府信息公开工作年度报告（2023年度）")]                   // the year in brackets after
    [InlineData("首页 > 政务公开 > 年度报告\n文章名称：河曲县社梁乡人民政府2023年政府信息公开工作年度报告")]
    [InlineData("当前位置：首页 > 信息公开\n标题：河曲县社梁乡人民政府2023年政府信息公开工作年度报告\n来源：河曲县政务公开办　浏览次数：35")]
    [InlineData("索引号：11140930MB1525/2024-0012\t发布机构：河曲县人民政府\n文章名称：河曲县社梁乡人民政府2023年政府信息公开工作年度报告")]
    [InlineData("关键词：政务公开,年度报告\n主题分类：综合政务，其他\n河曲县社梁乡人民政府2023年政府信息公开工作年度报告")]
    [InlineData("河曲县社梁乡人民政府关于2023年度政府信息公开工作情况的报告")]
    public void Every_title_shape_names_the_organ_and_the_year(string title)
    {
        var report = Parse(title + "\n" + Body);
        Assert.Equal("河曲县社梁乡人民政府", report.Organ);
        Assert.Equal(2023, report.Year);
        Assert.Equal(2023, report.TitleYear);
        Assert.Equal([1, 2, 3, 4, 5, 6], report.Sections.Select(s => s.Number));
    }

    [Fact]
    public void A_publishing_organ_field_is_used_only_when_the_title_names_none()
    {
        var report = Parse("发布机构：河曲县社梁乡人民政府\n文章名称：2023年政府信息公开工作年度报告\n" + Body);
        Assert.Equal("河曲县社梁乡人民政府", report.Organ);
        Assert.Equal(2023, report.Year);
        // a 来源 is who posted the page, not the organ
        Assert.Null(Parse("来源：河曲县政务公开办\n文章名称：2023年政府信息公开工作年度报告\n" + Body).Organ);
    }

    [Fact]
    public void The_title_block_does_not_open_the_first_paragraph()
    {
        var report = Parse("河曲县社梁乡人民政府\n2023年政府信息公开工作\n年度报告\n本报告根据《条例》编制。\n" + Body);
        var first = Prose.Of(report).First();
        Assert.Equal(0, first.Section);
        Assert.Equal("河曲县社梁乡人民政府", first.Text);
        Assert.Contains(Prose.Of(report), s => s.Section == 0 && s.Text == "本报告根据《条例》编制。");
    }

    private const string WithoutFive = """
        某某县某某乡人民政府2024年政府信息公开工作年度报告
        一、总体情况
        2024年，我乡认真落实条例。
        二、主动公开政府信息情况
        三、收到和处理政府信息公开申请情况
        四、政府信息公开行政复议、行政诉讼情况
        本年度未发生行政复议、行政诉讼。
        {0}
        六、其他需要报告的事项
        本年度未收取信息处理费。
        """;

    [Theory]
    [InlineData("（一）存在的主要问题\n政策解读形式单一。\n（二）改进情况\n下一步将丰富解读形式。", "（一）存在的主要问题")]
    [InlineData("（一）主要问题：政策解读形式单一。\n（二）改进措施：下一步将丰富解读形式。", "（一）主要问题")]
    [InlineData("**1.存在问题**\n政策解读形式单一。\n**2.下一步工作计划**\n将丰富解读形式。", "1.存在问题")]
    public void Section_five_known_only_by_its_sub_headings_is_section_five_with_its_heading_reported(string five, string heading)
    {
        var report = Parse(string.Format(CultureInfo.InvariantCulture, WithoutFive, five));
        Assert.Equal([1, 2, 3, 4, 5, 6], report.Sections.Select(s => s.Number));
        Assert.Empty(report.MissingSections);
        var section = report.Section(5)!;
        Assert.True(section.HeadingMissing);
        Assert.Equal(heading, section.Heading);
        Assert.StartsWith(heading.Replace("**", ""), section.Text.Replace("**", "")); // the sub-heading stays in the text
        var findings = RuleEngine.Evaluate(new ReviewInput(report, []));
        Assert.DoesNotContain(findings, f => f.Rule == "structure.missing-section");
        var f = Assert.Single(findings, f => f.Rule == "structure.heading");
        Assert.Contains("五、存在的主要问题及改进情况", f.Message);
        Assert.Equal(5, f.Section);
    }

    [Theory]
    [InlineData("（一）存在问题\n政策解读形式单一。")]                                      // a problem alone: no signature
    [InlineData("（一）改进情况\n下一步将丰富解读形式。\n（二）存在问题\n解读形式单一。")]        // out of the template's order
    [InlineData("下一步，我乡将丰富解读形式。")]                                             // nothing that names it
    public void Section_five_is_never_invented(string five)
    {
        var report = Parse(string.Format(CultureInfo.InvariantCulture, WithoutFive, five));
        Assert.Equal([5], report.MissingSections);
    }

    [Fact]
    public void Problem_sub_headings_before_section_four_are_not_section_five()
    {
        var report = Parse("""
            某某县某某乡人民政府2024年政府信息公开工作年度报告
            一、总体情况
            （一）存在问题
            有待加强。
            （二）改进措施
            将加强。
            二、主动公开政府信息情况
            三、收到和处理政府信息公开申请情况
            四、政府信息公开行政复议、行政诉讼情况
            六、其他需要报告的事项
            """);
        Assert.Equal([5], report.MissingSections);
    }

    [Fact]
    public void Section_one_known_by_its_sub_headings()
    {
        var report = Parse("""
            某某县某某乡人民政府2024年政府信息公开工作年度报告
            （一）主动公开情况
            全年公开信息100条。
            （二）依申请公开情况
            未收到申请。
            二、主动公开政府信息情况
            三、收到和处理政府信息公开申请情况
            四、政府信息公开行政复议、行政诉讼情况
            五、存在的主要问题及改进情况
            六、其他需要报告的事项
            """);
        Assert.Empty(report.MissingSections);
        Assert.True(report.Section(1)!.HeadingMissing);
        Assert.StartsWith("（一）主动公开情况\n全年公开信息100条。", report.Section(1)!.Text);
    }
}
