using DisclosureWatch.Core.Checks;

namespace DisclosureWatch.Core.Tests.Checks;

public class CrossYearRuleTests
{
    private static ReportBuilder Year(int year) => ReportBuilder.Township(year: year).AllSections().ZeroTables();

    [Fact]
    public void Carryover_LastYearsForwardIsThisYearsOver()
    {
        var last = Year(2023).T3("newReceived 3 0 0 0 0 0 3").T3("totalProcessed 1 0 0 0 0 0 1").T3("carriedForward 2 0 0 0 0 0 2").Build();
        var good = Year(2024).T3("carriedOver 2 0 0 0 0 0 2");
        Assert.Equal(Outcome.Pass, Run.Rule("crossyear.carryover", good, last).Outcome);

        var bad = Run.Rule("crossyear.carryover", Year(2024).T3("carriedOver 1 0 0 0 0 0 1"), last);
        var f = Assert.Single(bad.Findings);
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Contains("本年上年结转1件，上年报告结转下年度2件", f.Message);
        Assert.Contains("2023年报告", f.Message);
    }

    [Fact]
    public void Carryover_NeedsLastYearsReportOfTheYearBefore()
    {
        Assert.Equal(Outcome.NotAssessable, Run.Rule("crossyear.carryover", Year(2024)).Outcome);
        Assert.Equal(Outcome.NotAssessable, Run.Rule("crossyear.carryover", Year(2024), Year(2022).Build()).Outcome);
    }

    [Fact]
    public void ValidDocuments_LastValidPlusMadeMinusRepealed()
    {
        var last = Year(2023).T2("normativeDocuments 3 0 60").Build();
        Assert.Equal(Outcome.Pass, Run.Rule("crossyear.valid-documents", Year(2024).T2("normativeDocuments 8 2 66"), last).Outcome);
        var f = Assert.Single(Run.Rule("crossyear.valid-documents", Year(2024).T2("normativeDocuments 8 26 66"), last).Findings);
        Assert.Contains("60＋本年制发8－本年废止26＝42", f.Message);
        Assert.Equal(Severity.Warning, f.Severity);
    }

    private const string LastYearSection1 = "2023年，我乡认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政府政务公开工作标准化、规范化建设，坚持以公开为常态、不公开为例外原则，不断主动做好政府信息公开工作。一是及时调整完善乡政务公开工作领导小组，由主要领导任组长、分管领导任副组长。二是明确由专职人员根据上级工作要求对政府信息需公开的内容逐一收集汇总，及时依规向社会公开。";

    [Fact]
    public void RepeatedText_CopiedWithTheYearChanged()
    {
        var last = ReportBuilder.Township(year: 2023).Section(1, LastYearSection1).AllSections().Build();
        var copied = ReportBuilder.Township(year: 2024).Section(1, LastYearSection1.Replace("2023", "2024")).AllSections();
        var f = Assert.Single(Run.Rule("crossyear.repeated-text", copied, last).Findings);
        Assert.Equal(1, f.Section);
        Assert.Contains("100%", f.Message);
    }

    [Fact]
    public void RepeatedText_RewrittenSection_Passes()
    {
        var last = ReportBuilder.Township(year: 2023).Section(1, LastYearSection1).AllSections().Build();
        var fresh = ReportBuilder.Township(year: 2024).Section(1,
            "2024年，社梁乡围绕县委县政府中心工作，聚焦乡村振兴、民生保障等群众关切领域，新开设惠民惠农补贴公开专栏，全年通过县政府门户网站发布信息十六条，组织业务培训两次，开展自查整改一次，确保各类信息发布及时准确。").AllSections();
        Assert.Equal(Outcome.Pass, Run.Rule("crossyear.repeated-text", fresh, last).Outcome);
        Assert.Equal(Outcome.NotAssessable, Run.Rule("crossyear.repeated-text", fresh).Outcome);
    }
}
