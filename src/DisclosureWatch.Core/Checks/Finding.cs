namespace DisclosureWatch.Core.Checks;

public enum Severity { Info, Warning, Error }

public static class SeverityNames
{
    private static readonly string[] Names = Enum.GetNames<Severity>().Select(n => n.ToLowerInvariant()).ToArray();

    /// <summary>info, warning, error: how the JSON, the store and the text output write it.</summary>
    public static string Name(this Severity severity) => Names[(int)severity];
}

/// <summary>One result of a review rule.</summary>
/// <param name="Rule">Stable rule ID, e.g. t3.identity.</param>
/// <param name="Severity">error: the report is wrong; warning: probably wrong or off-template; info.</param>
/// <param name="Message">Chinese, forwardable to the organ unchanged.</param>
/// <param name="Evidence">The cells or the quoted sentence the finding rests on.</param>
/// <param name="Section">The section number (1..6) the evidence sits in, when it sits in one.</param>
public sealed record Finding(string Rule, Severity Severity, string Message, string Evidence, int? Section = null);
