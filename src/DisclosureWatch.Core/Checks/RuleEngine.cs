using DisclosureWatch.Core.Narrative;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Checks;

/// <summary>What the review rules look at: this year's report, its passages (labelled when a model ran), and last year's report.</summary>
public sealed record ReviewInput(AnnualReport Report, IReadOnlyList<Passage> Passages, AnnualReport? Previous = null);

public static class RuleEngine
{
    public static IReadOnlyList<Finding> Evaluate(ReviewInput input) => [];
}
