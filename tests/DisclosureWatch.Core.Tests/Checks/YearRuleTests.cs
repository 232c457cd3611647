using DisclosureWatch.Core.Checks;

namespace DisclosureWatch.Core.Tests.Checks;

public class YearRuleTests
{
    private static RuleResult Run1(string rule, string section1, int year = 2024, string? section5 = null)
    {
        var b = ReportBuilder.Township(year: year).Section(1, section1);
        if (section5 is not null) b.Section(5, section5);
        return Run.Rule(rule, b.AllSections().ZeroTables());
    }

    [Fact]
    public void Mismatch_LastYearsWorkStatement()
    {
        var r = Run1("year.mismatch", "2023年，我乡认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开。");
        var f = Assert.Single(r.Findings);
        Assert.Equal(Severity.Warning, f.Severity);
        Assert.Contains("本报告为2024年度报告", f.Message);
        Assert.Contains("“2023年”", f.Message);
    }

    [Fact]
    public void Mismatch_IgnoresPeriodCitationsPlansComparisonsAndDates()
    {
        var text = string.Join("", [
            "报告中所列数据的统计期限为2024年1月1日至2024年12月31日。",
            "按照《山西省2023年政务公开工作要点》要求开展工作。",
            "根据2023年工作要点，完善制度。",
            "2025年，我乡将进一步加强公开。",
            "较2023年，公开信息数量增长20%。",
            "2024年，我乡主动公开信息16条。",
            "本报告于2025年1月18日发布。",
            "2019年以来，我乡持续推进政务公开标准化建设。",
        ]);
        Assert.Equal(Outcome.Pass, Run1("year.mismatch", text).Outcome);
        Assert.Equal(Outcome.NotAssessable, Run.Rule("year.mismatch", new ReportBuilder().Section(1, "2023年，我乡…").AllSections()).Outcome);
    }

    [Fact]
    public void Plan_NamingTheReportYear()
    {
        var r = Run1("year.plan", "x", 2023, "(二) 改进措施。2023年，司寨乡将在县政务公开办指导下，进一步加大政务公开工作力度。");
        var f = Assert.Single(r.Findings);
        Assert.Contains("计划应针对2024年", f.Message);
        Assert.Equal(5, f.Section);
    }

    [Fact]
    public void Plan_ForTheComingYear_OrAReviewOfThisYear_IsFine()
    {
        Assert.Equal(Outcome.Pass, Run1("year.plan", "x", 2024, "围绕政务公开工作，社梁乡 2025 年将进一步强化政务公开工作水平。").Outcome);
        Assert.Equal(Outcome.Pass, Run1("year.plan", "x", 2024, "2024年，我乡政府信息公开工作存在不足。针对2024年存在的问题，2025年将加强培训。").Outcome);
        Assert.Equal(Outcome.Pass, Run1("year.plan", "x", 2024, "2024年，我乡将政务公开纳入考核，取得一定成效。").Outcome);
    }

    [Fact]
    public void Period_TitleAndStatisticalPeriodDisagree()
    {
        var bad = ReportBuilder.Township(year: 2024).PeriodYear(2023).AllSections();
        Assert.Equal(Severity.Error, Assert.Single(Run.Rule("year.period", bad).Findings).Severity);
        Assert.Equal(Outcome.Pass, Run.Rule("year.period", ReportBuilder.Township(year: 2024).PeriodYear(2024).AllSections()).Outcome);
        Assert.Equal(Outcome.NotAssessable, Run.Rule("year.period", ReportBuilder.Township(year: 2024).AllSections()).Outcome);
    }

    [Fact]
    public void Period_SignedBeforeTheYearEnded()
    {
        var early = ReportBuilder.Township(year: 2024).Published(2024, 6, 1).AllSections();
        Assert.Contains("早于2024年度结束", Assert.Single(Run.Rule("year.period", early).Findings).Message);
    }

    [Fact]
    public void Deadline_AfterJanuary31OfTheNextYear()
    {
        var late = ReportBuilder.Township(year: 2023).Published(2024, 2, 1).AllSections();
        var f = Assert.Single(Run.Rule("deadline.late", late).Findings);
        Assert.Contains("2024年1月31日", f.Message);
        Assert.Equal(Outcome.Pass, Run.Rule("deadline.late", ReportBuilder.Township(year: 2023).Published(2024, 1, 31).AllSections()).Outcome);
        Assert.Equal(Outcome.NotAssessable, Run.Rule("deadline.late", ReportBuilder.Township(year: 2023).AllSections()).Outcome);
    }
}

public class YearRuleVoiceTests
{
    private static ReportBuilder With(int section, string text) => ReportBuilder.Township(year: 2024).Section(section, text).AllSections();

    [Fact]
    public void Two_years_side_by_side_are_a_comparison()
    {
        Assert.Empty(Run.Rule("year.mismatch", With(1, "2023年共收到申请22件，2024年收到申请19件。")).Findings);
        Assert.Single(Run.Rule("year.mismatch", With(1, "2023年，我乡收到申请22件。")).Findings);
    }

    [Fact]
    public void A_plan_for_last_years_shortcomings_is_not_dated_last_year()
    {
        Assert.Empty(Run.Rule("year.plan", With(5, "针对2024年度工作中存在的不足，我乡将进一步加强学习培训。")).Findings);
        Assert.Single(Run.Rule("year.plan", With(5, "2024年，我乡将进一步加强学习培训。")).Findings);
    }
}
