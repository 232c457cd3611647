using DisclosureWatch.Core.Checks;
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
