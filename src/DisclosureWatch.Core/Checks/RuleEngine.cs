using DisclosureWatch.Core.Narrative;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Checks;

/// <summary>What the review rules look at: this year's report, its passages (labelled when a model ran), and last year's report.</summary>
public sealed record ReviewInput(AnnualReport Report, IReadOnlyList<Passage> Passages, AnnualReport? Previous = null);

/// <summary>Runs the rule catalogue over one report.</summary>
public static class RuleEngine
{
    /// <summary>The findings of every rule that failed, in catalogue order.</summary>
    public static IReadOnlyList<Finding> Evaluate(ReviewInput input) =>
        Assess(input).SelectMany(r => r.Findings).ToArray();

    /// <summary>One outcome per rule: pass, fail (with its findings) or not assessable (operands missing).</summary>
    public static IReadOnlyList<RuleResult> Assess(ReviewInput input) => Assess(input, RuleCatalogue.All);

    public static IReadOnlyList<RuleResult> Assess(ReviewInput input, IEnumerable<IRule> rules)
    {
        var results = new List<RuleResult>();
        foreach (var rule in rules)
        {
            var sink = new FindingSink(rule.Id);
            rule.Evaluate(input, sink);
            results.Add(sink.Result());
        }
        return results;
    }
}
