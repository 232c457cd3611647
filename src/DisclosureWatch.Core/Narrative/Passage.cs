namespace DisclosureWatch.Core.Narrative;

/// <summary>A narrative passage (a sentence or an enumerated item) with its context and, once classified, its label.</summary>
/// <param name="Section">Section number 1..6 (0 for the preamble).</param>
/// <param name="Text">The passage as written.</param>
/// <param name="Context">The sub-heading it sits under (存在的问题 / 改进措施 / 下一步 …), or null.</param>
/// <param name="Position">0-based index of the passage within its section.</param>
public sealed record Passage(int Section, string Text, string? Context, int Position)
{
    public string? Label { get; init; }
    public double? Confidence { get; init; }
}
