using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Narrative;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Tests.Checks;

public class RuleEngineTests
{
    private static readonly string[] Required =
    [
        "structure.missing-section", "structure.heading", "structure.order", "table.shape", "t2.value", "t3.identity",
        "t3.results-total", "t3.row-total", "t3.blank", "t4.blank", "t4.block-total", "text.table-mismatch", "year.mismatch",
        "year.plan", "year.period", "name.foreign-place", "name.self-reference", "deadline.late", "section5.empty",
        "section5.no-problems", "section5.no-improvements", "section6.fee-statement", "text.enumeration",
        "text.duplicated-word", "text.punctuation", "text.contradiction", "crossyear.carryover",
        "crossyear.valid-documents", "crossyear.repeated-text",
    ];

    [Fact]
    public void Catalogue_HasEveryRuleOnce_WithAChineseDescription()
    {
        var ids = RuleCatalogue.All.Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Empty(Required.Except(ids));
        Assert.All(RuleCatalogue.All, r => Assert.Matches(@"[\u4e00-\u9fa5]", r.Description));
    }

    [Fact]
    public void EmptyReport_IsNotAssessable_NotPassedAndNotFailed()
    {
        var results = RuleEngine.Assess(new ReviewInput(new AnnualReport(), []));
        Assert.Empty(RuleEngine.Evaluate(new ReviewInput(new AnnualReport(), [])));
        foreach (var id in new[] { "t3.identity", "text.table-mismatch", "structure.missing-section", "year.plan", "crossyear.carryover", "name.foreign-place" })
            Assert.Equal(Outcome.NotAssessable, results.Single(r => r.Rule == id).Outcome);
    }

    [Fact]
    public void Evaluate_IsTheFindingsOfTheFailedRules_AndEachFindingCarriesItsRuleAndSeverity()
    {
        var input = new ReviewInput(SeedReports.Seed001(), []);
        var results = RuleEngine.Assess(input);
        var findings = RuleEngine.Evaluate(input);
        Assert.Equal(results.Where(r => r.Outcome == Outcome.Fail).SelectMany(r => r.Findings), findings);
        Assert.All(results, r => Assert.Equal(r.Outcome == Outcome.Fail, r.Findings.Count > 0));
        Assert.All(findings, f =>
        {
            Assert.True(RuleCatalogue.Find(f.Rule)!.Severity >= f.Severity, $"{f.Rule} emits above its declared severity");
            Assert.Matches(@"[\u4e00-\u9fa5]", f.Message);
            Assert.False(string.IsNullOrWhiteSpace(f.Evidence));
        });
    }

    [Fact]
    public void Findings_WriteThroughTheJsonContract()
    {
        var f = RuleEngine.Evaluate(new ReviewInput(SeedReports.Seed000(), [])).First(x => x.Rule == "name.foreign-place");
        using var buffer = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer, new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            ReportJson.WriteFinding(w, f);
        var json = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        Assert.Contains("\"rule\":\"name.foreign-place\"", json);
        Assert.Contains("\"severity\":\"error\"", json);
        Assert.Contains("\"section\":1", json);
        Assert.Contains("开江县", json);
    }
}

public class RulesDocumentTests
{
    [Fact]
    public void RulesMd_ListsEveryRuleOfTheCatalogue()
    {
        var here = Path.GetDirectoryName(Where())!;
        var doc = File.ReadAllText(Path.Combine(here, "..", "..", "..", "src", "DisclosureWatch.Core", "Checks", "RULES.md"));
        foreach (var rule in RuleCatalogue.All) Assert.Contains($"| `{rule.Id}` |", doc);
    }

    private static string Where([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}

public class RuleEngineRobustnessTests
{
    [Fact]
    public void OddReports_NeverThrow()
    {
        TableCell?[] shortRow = [TableCell.Parse("1")];
        TableCell?[] unread = [null, null, TableCell.Parse("无"), TableCell.Blank, null, TableCell.Parse("99999999999"), null];
        var odd = new AnnualReport
        {
            Organ = "（）县", Year = 2024, TitleYear = 1990, PeriodYear = 2099, PublishedOn = new DateOnly(2024, 1, 1), Title = "",
            Preamble = "一是\n\t\t\n二是二是。。，，XX", MissingSections = [0, 7, 6],
            Sections =
            [
                new Section(9, "", null, "", "", 0), new Section(1, "一", "", "", "2023年\n将\n“", 1), new Section(5, "五", "（", "", "无", 2),
                new Section(6, "六、", "六、", "", "   \n\t", 3), new Section(4, "四", null, "", "行政复议 5 件，行政诉讼件。收到申请件", 4) { IsLegacyTitle = true },
            ],
            ActiveDisclosure = new StatTable("t2", [], [new TableRow("regulations", "", shortRow, 9, -1), new TableRow("unknown", "", [], 0, -1)]),
            Applications = new StatTable("t3", Template.T3Columns, [new TableRow("newReceived", "一、", unread, 3, 5), new TableRow("denied", "", shortRow, 1, 6), new TableRow("totalProcessed", "", [], 0, 7)]),
            ReviewLitigation = new StatTable("t4", Template.T4Columns, [new TableRow("review", "", shortRow, 1, 8), new TableRow("review", "", unread, 7, 8)]),
            Notes = [new ParseNote("shape", null, null, ""), new ParseNote("ambiguous", "t9", "x", "")],
        };
        var results = RuleEngine.Assess(new ReviewInput(odd, [new Passage(5, "", null, 0) { Label = "problem" }], odd));
        Assert.Equal(RuleCatalogue.All.Count, results.Count);
    }

    [Fact]
    public void Enumeration_ASectionWhoseFirstItemIsNotYiShi_IsNoFinding() =>
        Assert.Equal(Outcome.Pass, Run.Rule("text.enumeration", ReportBuilder.Township().Section(1, "二是加强培训。三是完善制度。").AllSections()).Outcome);
}
