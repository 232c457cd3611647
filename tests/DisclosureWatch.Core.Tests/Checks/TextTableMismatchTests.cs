using DisclosureWatch.Core.Checks;

namespace DisclosureWatch.Core.Tests.Checks;

public class TextTableMismatchTests
{
    private const string Rule = "text.table-mismatch";

    private static ReportBuilder With(string section1, int year = 2024) =>
        HuaianReport.Builder().Section(1, section1);

    private static ReportBuilder Huaian(string section1)
    {
        var b = new ReportBuilder().Organ("淮安市人民政府").Year(2024).Section(1, section1).AllSections()
            .T4("review 72 64 178 37 351").T4("litigationDirect 13 4 8 1 26").T4("litigationAfterReview 12 1 1 6 20");
        foreach (var row in HuaianReport.Applications) b.T3(row);
        return b;
    }

    [Fact]
    public void Huaian_ReceivedAnsweredCarriedReviewAndLitigation_AllAgree()
    {
        var r = Run.Rule(Rule, Huaian(HuaianReport.Section1));
        Assert.Equal(Outcome.Pass, r.Outcome);
    }

    [Theory]
    [InlineData("2024 年，我市共受理政府信息公开申请 3120 件，答复 3050 件。", "受理政府信息公开申请3120件")]
    [InlineData("2024 年，我市共收到政府信息公开申请 3119 件，答复 3049 件。", "办结（答复）政府信息公开申请3049件")]
    [InlineData("全年答复 3050 件（含上年度结转申请 35 件，另有 103 件顺延到下年度答复）。", "上年结转申请35件")]
    [InlineData("全年答复 3050 件（含上年度结转申请 34 件，另有 13 件顺延到下年度答复）。", "结转下年度办理的申请13件")]
    [InlineData("政府信息公开行政复议 350 件，其中结果维持 72 件。", "政府信息公开行政复议350件")]
    [InlineData("政府信息公开行政复议 351 件，其中结果维持 73 件，结果纠正 64 件。", "行政复议结果维持73件")]
    [InlineData("政府信息公开行政诉讼 26 件，其中结果维持 25 件。", "政府信息公开行政诉讼26件")]
    [InlineData("本年度未发生政府信息公开行政复议案件。", "政府信息公开行政复议0件")]
    public void Mismatches_AreErrors(string sentence, string expected)
    {
        var r = Run.Rule(Rule, Huaian(sentence));
        var f = Assert.Single(r.Findings);
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Contains(expected, f.Message);
        Assert.Equal(1, f.Section);
    }

    [Fact]
    public void Accepted_MayIncludeLastYearsCarryOver()
    {
        Assert.Equal(Outcome.Pass, Run.Rule(Rule, Huaian("全年共受理政府信息公开申请 3153 件（含上年结转 34 件）。")).Outcome);
        Assert.Equal(Outcome.Fail, Run.Rule(Rule, Huaian("全年新收政府信息公开申请 3153 件。")).Outcome);
    }

    [Fact]
    public void NarrowerScope_IsAtMostAWarning()
    {
        var r = Run.Rule(Rule, Huaian("2024年，市政府办公室代表市政府受理政府信息公开申请 17 件，均按时答复。"));
        var f = Assert.Single(r.Findings);
        Assert.Equal(Severity.Warning, f.Severity);
        Assert.Contains("口径", f.Message);
    }

    [Fact]
    public void ZeroStatements_MatchZeroTables()
    {
        var zero = ReportBuilder.Township().AllSections().ZeroTables()
            .Section(1, "2024 年收到政府信息公开申请 0 件。信息公开类行政复议 0 件，信息公开类行政诉讼 0 件。2023年未收到依申请公开政府信息。");
        Assert.Equal(Outcome.Pass, Run.Rule(Rule, zero).Outcome);
        var one = ReportBuilder.Township().AllSections().ZeroTables().T3("newReceived 1 0 0 0 0 0 1")
            .Section(1, "本年度未收到政府信息公开申请。");
        Assert.Contains("收到政府信息公开申请0件", Assert.Single(Run.Rule(Rule, one).Findings).Message);
    }

    [Fact]
    public void OtherCounts_HotlinesAndDisclosures_AreNotApplications()
    {
        var b = ReportBuilder.Township().AllSections().ZeroTables()
            .Section(1, "今年以来，我乡通过县政府门户网站主动公开政府信息 16 条，县长信箱、群众咨询等 22 件。2024年以来共处理12345公众热线36条，办结率达100%。受理依申请公开办件0条。公开行政复议决定书 12 件。");
        Assert.Equal(Outcome.Pass, Run.Rule(Rule, b).Outcome);
    }

    [Fact]
    public void WithoutTables_NotAssessable() =>
        Assert.Equal(Outcome.NotAssessable, Run.Rule(Rule, ReportBuilder.Township().AllSections().Section(1, "收到政府信息公开申请 5 件。")).Outcome);
}

public class TextTableMismatchScopeTests
{
    [Fact]
    public void WholeAreaNumbers_InACountyLevelReport_AreAtMostAWarning()
    {
        var b = ReportBuilder.Township("淮安市清江浦区人民政府").AllSections().ZeroTables().T3("newReceived 5 0 0 0 0 0 5")
            .T3("totalProcessed 5 0 0 0 0 0 5").Section(1, "全市各级行政机关共收到政府信息公开申请 3119 件。");
        Assert.Equal(Severity.Warning, Assert.Single(Run.Rule("text.table-mismatch", b).Findings).Severity);
        var own = ReportBuilder.Township("淮安市清江浦区人民政府").AllSections().ZeroTables().T3("newReceived 5 0 0 0 0 0 5")
            .T3("totalProcessed 5 0 0 0 0 0 5").Section(1, "全区共收到政府信息公开申请 6 件。");
        Assert.Equal(Severity.Warning, Assert.Single(Run.Rule("text.table-mismatch", own).Findings).Severity); // 全区 may mean every organ of the district
        var township = ReportBuilder.Township("河曲县社梁乡人民政府").AllSections().ZeroTables().T3("newReceived 5 0 0 0 0 0 5")
            .T3("totalProcessed 5 0 0 0 0 0 5").Section(1, "全乡共收到政府信息公开申请 6 件。");
        Assert.Equal(Severity.Error, Assert.Single(Run.Rule("text.table-mismatch", township).Findings).Severity);
    }
}

public class NarrativeNumberReadingTests
{
    private static string[] Read(string text) =>
        DisclosureWatch.Core.Checks.Rules.NarrativeNumbers.Read(Prose.Of(new ReportBuilder().Section(1, text).Build()))
            .Select(s => $"{s.Quantity}={s.Value}").ToArray();

    [Fact]
    public void TypicalSentences()
    {
        Assert.Equal(["received=12", "carriedOver=2", "processed=13", "carriedForward=1"],
            Read("本年度共收到政府信息公开申请12件，上年结转2件，办结13件，结转下年度1件。"));
        Assert.Equal(["received=8"], Read("2024年，我局共收到政府信息公开申请8件（其中当面申请2件、网络接收6件）。"));
        Assert.Equal(["received=8"], Read("共收到政府信息公开申请8件，其中，当面申请2件，网络接收6件。"));
        Assert.Equal(["carriedOver=3"], Read("办理的申请中，其中 3 件为上年结转申请。"));
        Assert.Equal(["review=0", "litigation=0"], Read("全年未发生因政府信息公开引起的行政复议和行政诉讼。"));
        Assert.Equal(["review=2", "review.pending=1"], Read("因政府信息公开被申请行政复议 2 件（其中 1 件尚未审结）。"));
        Assert.Empty(Read("收到申请较上年增加5件，答复率100%，在20个工作日内答复。"));
    }
}

/// <summary>Issue 19, class 8: numbers the narrative gives that are parts, another year's or pending are not totals.</summary>
public class PartialNumberTests
{
    private static string[] Read(string text, int? year = 2024) =>
        DisclosureWatch.Core.Checks.Rules.NarrativeNumbers.Read(Prose.Of(new ReportBuilder().Section(1, text).Build()), year)
            .Select(s => $"{s.Quantity}={s.Value}").ToArray();

    [Theory]
    [InlineData("依法同意公开答复12件。")]
    [InlineData("收到自然人申请10件，网络申请3件。")]
    [InlineData("2023年收到政府信息公开申请5件。")]
    [InlineData("上年度收到政府信息公开申请5件。")]
    [InlineData("与上年相比，本年收到政府信息公开申请15件。")]
    [InlineData("目前仍有2件申请正在办理中。")]
    [InlineData("结转至2022年继续办理的申请2件。")]
    public void Parts_other_years_and_pending_are_not_read_as_totals(string sentence) => Assert.Empty(Read(sentence));

    [Theory]
    [InlineData("依法同意公开答复申请8件，转入下年度继续办理2件。", "carriedForward=2")]
    [InlineData("上年度转入本年度继续办理的申请2件。", "carriedOver=2")]
    [InlineData("2023年结转至2024年继续办理申请2件。", "carriedOver=2")]
    [InlineData("结转至2025年继续办理申请2件。", "carriedForward=2")]
    [InlineData("2024年共收到政府信息公开申请12件。", "received=12")]
    public void Carry_overs_are_read_by_their_direction(string sentence, string expected) => Assert.Equal([expected], Read(sentence));

    [Fact]
    public void A_partial_count_beside_the_totals_draws_no_error_and_a_wrong_total_still_does()
    {
        ReportBuilder Report(string text) => ReportBuilder.Township().AllSections().ZeroTables()
            .T3("newReceived 12 0 0 0 0 0 12").T3("granted 10 0 0 0 0 0 10").T3("totalProcessed 10 0 0 0 0 0 10").T3("carriedForward 2 0 0 0 0 0 2")
            .Section(1, text);
        Assert.Equal(Outcome.Pass, Run.Rule("text.table-mismatch",
            Report("2024年共收到政府信息公开申请12件，依法同意公开答复8件，转入下年度继续办理2件。")).Outcome);
        var wrong = Run.Rule("text.table-mismatch", Report("2024年共收到政府信息公开申请13件，转入下年度继续办理3件。"));
        Assert.Equal(2, wrong.Findings.Count(f => f.Severity == Severity.Error));
    }
}
