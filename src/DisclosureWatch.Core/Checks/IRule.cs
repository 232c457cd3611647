namespace DisclosureWatch.Core.Checks;

/// <summary>A review rule: one stable ID, one check.</summary>
public interface IRule
{
    /// <summary>Stable ID, e.g. t3.identity.</summary>
    string Id { get; }
    /// <summary>The most severe finding the rule can emit.</summary>
    Severity Severity { get; }
    /// <summary>What the rule checks, in Chinese (for the catalogue and RULES.md).</summary>
    string Description { get; }
    /// <summary>Checks the input; calls <see cref="FindingSink.Assessed"/> when its operands were present.</summary>
    void Evaluate(ReviewInput input, FindingSink sink);
}

public enum Outcome { Pass, Fail, NotAssessable }

/// <summary>What one rule concluded about one report.</summary>
public sealed record RuleResult(string Rule, Outcome Outcome, IReadOnlyList<Finding> Findings);

/// <summary>Collects a rule's findings and whether the rule could assess anything at all.</summary>
public sealed class FindingSink(string rule)
{
    private readonly List<Finding> findings = [];
    private bool assessed;

    public string Rule => rule;
    public IReadOnlyList<Finding> Findings => findings;

    /// <summary>The rule found its operands and checked them (pass unless it also reports).</summary>
    public void Assessed() => assessed = true;

    public void Report(Severity severity, string message, string evidence, int? section = null)
    {
        assessed = true;
        findings.Add(new Finding(rule, severity, message, evidence, section));
    }

    public RuleResult Result() =>
        new(rule, findings.Count > 0 ? Outcome.Fail : assessed ? Outcome.Pass : Outcome.NotAssessable, findings.ToArray());
}
