using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Tests.Checks;

public class StructureRuleTests
{
    [Fact]
    public void MissingSection_OneFindingPerMissingSection()
    {
        var b = ReportBuilder.Township().Section(1, "x").Section(2, "").Section(3, "").Section(4, "").Section(5, "x");
        var f = Assert.Single(Run.Rule("structure.missing-section", b).Findings);
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Equal(6, f.Section);
        Assert.Contains("其他需要报告的事项", f.Message);
        Assert.Equal(Outcome.Pass, Run.Rule("structure.missing-section", ReportBuilder.Township().AllSections()).Outcome);
        Assert.Equal(Outcome.NotAssessable, Run.Rule("structure.missing-section", ReportBuilder.Township()).Outcome);
    }

    [Fact]
    public void Heading_MissingWrongOrSubHeadingOrdinal_AndLegacyTitle()
    {
        var b = ReportBuilder.Township().Section(1, "x").Section(2, "", ordinal: null).Section(3, "", ordinal: "（三）")
            .Section(4, "", legacy: true, titleText: "政府信息公开工作被申请行政复议、提起行政诉讼情况").Section(5, "x", ordinal: "六、").Section(6, "x", ordinal: "六.");
        var r = Run.Rule("structure.heading", b);
        Assert.Equal([2, 3, 4, 5], r.Findings.Select(f => f.Section!.Value));
        Assert.Contains("缺少序号“二、”", r.Findings[0].Message);
        Assert.Contains("二级标题的序号“（三）”", r.Findings[1].Message);
        Assert.Contains("旧模板", r.Findings[2].Message);
        Assert.Contains("序号为“六、”，应为“五、”", r.Findings[3].Message);
        Assert.Equal(Outcome.Pass, Run.Rule("structure.heading", ReportBuilder.Township().AllSections()).Outcome);
    }

    [Fact]
    public void Order_OutOfOrderAndRepeatedSections()
    {
        var b = ReportBuilder.Township().Section(1, "").Section(3, "").Section(2, "").Section(4, "").Section(4, "").Section(5, "").Section(6, "");
        var r = Run.Rule("structure.order", b);
        Assert.Equal(2, r.Findings.Count);
        Assert.Contains("排在第三部分之后", r.Findings[0].Message);
        Assert.Contains("出现了两次", r.Findings[1].Message);
        Assert.Equal(Outcome.Pass, Run.Rule("structure.order", ReportBuilder.Township().AllSections()).Outcome);
    }
}

public class TitleAndPlaceholderTests
{
    [Fact]
    public void Title_WithoutTheYear()
    {
        var no = new ReportBuilder().Organ("哈拉直沟乡人民政府").Year(2023).TitleYear(null).Title("哈拉直沟乡人民政府 政府信息公开工作年度报告").AllSections();
        var f = Assert.Single(Run.Rule("structure.title", no).Findings);
        Assert.Contains("哈拉直沟乡2023年政府信息公开工作年度报告", f.Message);
        Assert.Equal(Outcome.Pass, Run.Rule("structure.title", ReportBuilder.Township().AllSections()).Outcome);
        Assert.Equal(Outcome.NotAssessable, Run.Rule("structure.title", new ReportBuilder().Year(2023).AllSections()).Outcome);
    }

    [Fact]
    public void Title_of_the_blank_template_names_what_is_missing_instead_of_XX()
    {
        var blank = new ReportBuilder().Title("政府信息公开工作年度报告").TitleYear(null).AllSections();
        var f = Assert.Single(Run.Rule("structure.title", blank).Findings);
        Assert.Equal("报告标题未写明年度，请在“政府信息公开工作年度报告”前写明机关名称和报告年度。", f.Message);
        Assert.DoesNotContain("XX", f.Message);
    }

    [Fact]
    public void Placeholder_LeftFromTheTemplate()
    {
        var r = Run.Rule("text.placeholder", ReportBuilder.Township().Section(1, "XX乡认真贯彻落实条例。××年共公开信息。").AllSections());
        Assert.Equal(2, r.Findings.Count);
        Assert.Single(Run.Rule("text.placeholder", ReportBuilder.Township().Section(1, "通过“XXX”微信公众号发布。").AllSections()).Findings);
        Assert.Equal(Outcome.Pass, Run.Rule("text.placeholder", ReportBuilder.Township().Section(1, "通过OA系统、APP和WeChat发布，邮箱xxgk@example.cn。").AllSections()).Outcome);
        Assert.Equal(Outcome.Pass, Run.Rule("text.placeholder", ReportBuilder.Township().AllSections()).Outcome);
    }
}

public class ForeignPlaceCityTests
{
    [Fact]
    public void ACitysReport_NamesItsOwnCountiesPortals()
    {
        var b = new ReportBuilder().Organ("淮安市人民政府").Year(2024).Section(1, "涟水县人民政府门户网站、盱眙县人民政府门户网站获评优秀。").AllSections();
        Assert.Equal(Outcome.NotAssessable, Run.Rule("name.foreign-place", b).Outcome);
    }
}
