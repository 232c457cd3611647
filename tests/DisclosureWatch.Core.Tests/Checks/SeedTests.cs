using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Tests.Checks;

/// <summary>The seeds and the Huai'an report, read by hand: each shows what a supervisor would flag, and nothing they would reject.</summary>
public class SeedTests
{
    private static IReadOnlyList<Finding> Findings(AnnualReport r) => RuleEngine.Evaluate(new ReviewInput(r, []));

    private static void Has(IReadOnlyList<Finding> findings, string rule, string? evidenceContains = null, Severity? severity = null) =>
        Assert.True(findings.Any(f => f.Rule == rule && (evidenceContains is null || f.Evidence.Contains(evidenceContains) || f.Message.Contains(evidenceContains))
                                      && (severity is null || f.Severity == severity)),
            $"expected {rule} {evidenceContains}\n{Run.Show(findings)}");

    private static void OnlyErrors(IReadOnlyList<Finding> findings, params string[] rules) =>
        Assert.True(findings.Where(f => f.Severity == Severity.Error).All(f => rules.Contains(f.Rule)), Run.Show(findings));

    [Fact]
    public void Seed000_ForeignCounty_FeeStatement_AndThreeValuesOnOneValueRows()
    {
        var f = Findings(SeedReports.Seed000());
        Has(f, "name.foreign-place", "开江县", Severity.Error);
        Has(f, "section6.fee-statement", "无其他需要报告的相关事项");
        Has(f, "table.shape", "行政处罚");
        Has(f, "table.shape", "重复出具");
        OnlyErrors(f, "name.foreign-place");
    }

    [Fact]
    public void Seed001_PlanForTheReportYear_WrongSelfName_RepeatedItem()
    {
        var f = Findings(SeedReports.Seed001());
        Has(f, "year.plan", "2023年，司寨乡将在县政务公开办指导下");
        Has(f, "name.self-reference", "我镇", Severity.Error);
        Has(f, "text.enumeration", "二是坚持源头管理");
        OnlyErrors(f, "name.self-reference");
        Assert.DoesNotContain(f, x => x.Rule == "section6.fee-statement"); // 未产生政府信息公开信息处理费用
    }

    [Fact]
    public void Seed002_CountyNamedOnlyByTheBody_IsTakenAsItsOwn()
    {
        var f = Findings(SeedReports.Seed002());
        Assert.DoesNotContain(f, x => x.Rule is "name.foreign-place" or "name.self-reference" or "section6.fee-statement" or "text.enumeration");
        OnlyErrors(f);
    }

    [Fact]
    public void Seed003_MissingSectionSix_BlankTables_DoubledComma()
    {
        var f = Findings(SeedReports.Seed003());
        Has(f, "structure.missing-section", "其他需要报告的事项", Severity.Error);
        Has(f, "t3.blank", "“无”");
        Has(f, "t4.blank", "“无”");
        Has(f, "text.punctuation", "工作格局，，切实");
        Has(f, "structure.title", "哈拉直沟乡人民政府 政府信息公开工作年度报告");
        Assert.DoesNotContain(f, x => x.Rule is "section6.fee-statement" or "text.duplicated-word"); // 件件有落实、事事有回应
        OnlyErrors(f, "structure.missing-section");
    }

    [Fact]
    public void Seed004_HeadingsWithoutOrdinal_WithSubOrdinal_AndThe2019Title()
    {
        var f = Findings(SeedReports.Seed004());
        Has(f, "structure.heading", "缺少序号“二、”");
        Has(f, "structure.heading", "（三）");
        Has(f, "structure.heading", "工作被申请行政复议");
        Assert.DoesNotContain(f, x => x.Rule is "year.mismatch" or "name.foreign-place"); // 《山西省2022年政务公开工作要点》, 灵丘县
        OnlyErrors(f);
    }

    [Fact]
    public void Huaian2024_IsCleanAndItsNarrativeMatchesItsTables()
    {
        var input = new ReviewInput(HuaianReport.Build(), []);
        var results = RuleEngine.Assess(input);
        var findings = results.SelectMany(r => r.Findings).ToList();
        Assert.DoesNotContain(findings, f => f.Severity == Severity.Error);
        foreach (var rule in new[] { "t3.identity", "t3.results-total", "t3.row-total", "t4.block-total", "text.table-mismatch", "section6.fee-statement", "text.contradiction" })
            Assert.Equal(Outcome.Pass, results.Single(r => r.Rule == rule).Outcome);
    }

    [Fact]
    public void Huaian2024_NarrativeNumbersAreAllRead()
    {
        var stated = DisclosureWatch.Core.Checks.Rules.NarrativeNumbers.Read(Prose.Of(HuaianReport.Build()))
            .Select(s => $"{s.Quantity}={s.Value}").ToList();
        Assert.Equal(
            ["accepted=3119", "processed=3050", "carriedOver=34", "carriedForward=103",
             "review=351", "review.maintained=72", "review.corrected=64", "review.other=178", "review.pending=37",
             "litigation=46", "litigation.maintained=25", "litigation.corrected=5", "litigation.other=9", "litigation.pending=7"],
            stated);
    }
}
