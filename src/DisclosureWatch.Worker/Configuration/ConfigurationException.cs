namespace DisclosureWatch.Worker.Configuration;

/// <summary>Bad configuration: every problem found, in one message. `dw` exits 78 (EX_CONFIG) on it.</summary>
internal sealed class ConfigurationException(IReadOnlyList<string> problems)
    : Exception("invalid configuration:\n  " + string.Join("\n  ", problems))
{
    public const int ExitCode = 78;
    public IReadOnlyList<string> Problems { get; } = problems;
}
