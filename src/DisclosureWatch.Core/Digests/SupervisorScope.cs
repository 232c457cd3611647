namespace DisclosureWatch.Core.Digests;

/// <summary>
/// Which organs a supervisor oversees: an explicit list of organs, and/or regions given as a name prefix
/// (河曲县 covers 河曲县社梁乡人民政府). Names are compared after <see cref="OrganNames.Key"/>, so 延津县司寨乡
/// and 延津县司寨乡人民政府, or (石咢)嘉镇 and （石咢）嘉镇, are the same organ.
/// </summary>
public sealed record SupervisorScope(IReadOnlyList<string> Organs, IReadOnlyList<string> Regions)
{
    public static SupervisorScope ForOrgans(params string[] organs) => new(organs, []);
    public static SupervisorScope ForRegions(params string[] regions) => new([], regions);

    public bool Includes(string? organ)
    {
        if (string.IsNullOrWhiteSpace(organ)) return false;
        var key = OrganNames.Key(organ);
        foreach (var o in Organs)
            if (OrganNames.Key(o) == key) return true;
        var flat = OrganNames.Flat(organ);
        foreach (var r in Regions)
        {
            var region = OrganNames.Flat(r);
            if (region.Length > 0 && flat.StartsWith(region, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    public IEnumerable<string> Filter(IEnumerable<string> organs) => organs.Where(Includes);
}

/// <summary>A supervisor as configured: who, where the digest goes, what they oversee and when.</summary>
/// <param name="Schedule">A Quartz cron expression; the default is Monday 08:00 local time.</param>
public sealed record Supervisor(string Name, string Address, SupervisorScope Scope, IReadOnlyList<string> ExpectedOrgans,
    string Schedule = Supervisor.DefaultSchedule)
{
    public const string DefaultSchedule = "0 0 8 ? * MON";

    /// <summary>The expected organs that fall in the scope.</summary>
    public IReadOnlyList<string> ExpectedInScope => Scope.Filter(ExpectedOrgans).ToList();
}

/// <summary>Comparing organ names as written by different people.</summary>
public static class OrganNames
{
    private static readonly string[] Suffixes = ["人民政府", "政府"];

    /// <summary>Whitespace removed, full-width brackets and letters folded.</summary>
    public static string Flat(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c)) continue;
            sb.Append(c switch { '（' => '(', '）' => ')', >= '！' and <= '～' => (char)(c - 0xFEE0), _ => c });
        }
        return sb.ToString();
    }

    /// <summary>The comparison key: <see cref="Flat"/> without a trailing 人民政府/政府.</summary>
    public static string Key(string name)
    {
        var flat = Flat(name);
        foreach (var s in Suffixes)
            if (flat.Length > s.Length + 1 && flat.EndsWith(s, StringComparison.Ordinal)) return flat[..^s.Length];
        return flat;
    }

    public static bool Same(string? a, string? b) => a is not null && b is not null && Key(a) == Key(b);
}
