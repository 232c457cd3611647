using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Narrative;

namespace DisclosureWatch.Core.Tests.Checks;

public class SectionContentRuleTests
{
    private static ReportBuilder With5(string text) => ReportBuilder.Township().Section(5, text).AllSections();

    [Fact]
    public void Section5Empty_NothingOrWu()
    {
        Assert.Equal(Outcome.Fail, Run.Rule("section5.empty", With5("无。")).Outcome);
        Assert.Equal(Outcome.Fail, Run.Rule("section5.empty", With5("")).Outcome);
        Assert.Equal(Outcome.Pass, Run.Rule("section5.empty", With5("一是信息公开的时效性有待进一步提高。下一步将加强审核。")).Outcome);
        Assert.Equal(Outcome.NotAssessable, Run.Rule("section5.empty", ReportBuilder.Township().Section(1, "x")).Outcome);
        // an empty section 5 is one finding, not three
        Assert.Equal(Outcome.NotAssessable, Run.Rule("section5.no-problems", With5("无。")).Outcome);
    }

    [Fact]
    public void NoProblems_ByCueWords()
    {
        var r = Run.Rule("section5.no-problems", With5("下一步，我乡将进一步加强政务公开工作，全面提升公开质量，扎实推进各项任务落实。"));
        Assert.Equal(Severity.Warning, Assert.Single(r.Findings).Severity);
        Assert.Equal(Outcome.Pass, Run.Rule("section5.no-problems", With5("公开形式还不够丰富，信息更新不够及时。下一步将加强。")).Outcome);
    }

    [Fact]
    public void NoImprovements_ByCueWords()
    {
        Assert.Equal(Outcome.Fail, Run.Rule("section5.no-improvements", With5("主要问题是公开形式单一，信息更新不够及时，群众知晓度不高。")).Outcome);
        Assert.Equal(Outcome.Pass, Run.Rule("section5.no-improvements", With5("公开形式单一。下一步，我乡将丰富公开形式。")).Outcome);
    }

    [Fact]
    public void ClassifierLabels_WinOverCueWords()
    {
        var text = "公开形式单一，信息更新不够及时，群众知晓度不高。我乡将丰富公开形式。";
        Passage[] labelled =
        [
            new(5, "公开形式单一，信息更新不够及时，群众知晓度不高。", null, 0) { Label = "problem" },
            new(5, "我乡将丰富公开形式。", null, 1) { Label = "boilerplate" },
        ];
        var input = With5(text).Input(passages: labelled);
        Assert.Equal(Outcome.Pass, Run.Rule("section5.no-problems", input).Outcome);
        Assert.Equal(Outcome.Fail, Run.Rule("section5.no-improvements", input).Outcome);
    }

    [Fact]
    public void FeeStatement_AbsentFromSectionSix()
    {
        var r = Run.Rule("section6.fee-statement", ReportBuilder.Township().Section(6, "无其他需要报告的相关事项。").AllSections());
        var f = Assert.Single(r.Findings);
        Assert.Equal(Severity.Warning, f.Severity);
        Assert.Equal(6, f.Section);
    }

    [Theory]
    [InlineData("2023年度本单位未收到依申请公开事项，未产生政府信息公开信息处理费用。")]
    [InlineData("2024年,我单位未发生收取信息处理费的情况。")]
    [InlineData("2024 年，市政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费 3940 元。")]
    [InlineData("本年度未收取任何费用。")]
    public void FeeStatement_Present(string text) =>
        Assert.Equal(Outcome.Pass, Run.Rule("section6.fee-statement", ReportBuilder.Township().Section(6, text).AllSections()).Outcome);

    [Fact]
    public void FeeStatement_TableTwosChargesDoNotCount_AndAMissingSectionSixIsNotAssessed()
    {
        Assert.Equal(Outcome.Fail, Run.Rule("section6.fee-statement", ReportBuilder.Township().Section(6, "行政事业性收费情况见第二部分。").AllSections()).Outcome);
        var noSix = ReportBuilder.Township().Section(1, "x").Section(2, "").Section(3, "").Section(4, "").Section(5, "x");
        Assert.Equal(Outcome.NotAssessable, Run.Rule("section6.fee-statement", noSix).Outcome);
    }
}
