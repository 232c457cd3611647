using DisclosureWatch.Core.Checks.Rules;

namespace DisclosureWatch.Core.Checks;

/// <summary>Every review rule, in the order findings are listed. IDs are stable: stored findings and digests refer to them.</summary>
public static class RuleCatalogue
{
    public static readonly IReadOnlyList<IRule> All =
    [
        new MissingSectionRule(),
        new HeadingRule(),
        new SectionOrderRule(),
        new TitleRule(),
        new TableMissingRule(),
        new TableShapeRule(),
        new T2ValueRule(),
        new T3IdentityRule(),
        new T3ResultsTotalRule(),
        new T3RowTotalRule(),
        new BlankCellsRule("t3"),
        new BlankCellsRule("t4"),
        new T4BlockTotalRule(),
        new TextTableMismatchRule(),
        new YearMismatchRule(),
        new YearPlanRule(),
        new YearPeriodRule(),
        new DeadlineLateRule(),
        new ForeignPlaceRule(),
        new SelfReferenceRule(),
        new Section5EmptyRule(),
        new Section5NoProblemsRule(),
        new Section5NoImprovementsRule(),
        new Section6FeeStatementRule(),
        new EnumerationRule(),
        new DuplicatedWordRule(),
        new PunctuationRule(),
        new PlaceholderRule(),
        new ContradictionRule(),
        new CarryoverRule(),
        new ValidDocumentsRule(),
        new RepeatedTextRule(),
    ];

    public static IRule? Find(string id) => All.FirstOrDefault(r => r.Id == id);
}
