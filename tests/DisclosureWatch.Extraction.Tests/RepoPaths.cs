namespace DisclosureWatch.Extraction.Tests;

/// <summary>Where the repository, the committed fixtures and the shared real reports are.</summary>
internal static class RepoPaths
{
    /// <summary>The directory holding Worker.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(Root, "tests", "DisclosureWatch.Extraction.Tests", "Fixtures");

    /// <summary>
    /// The shared examples: ../shared next to the repository root (/work/main → /work/shared). A git worktree
    /// sits deeper (/work/wt/extraction), so the search goes on up the parents.
    /// </summary>
    public static string Shared { get; } = FindShared();

    public static string Seeds => Path.Combine(Shared, "seeds");
    public static string RealReports => Path.Combine(Shared, "real-reports");

    public static string Fixture(string name) => Path.Combine(Fixtures, name);

    public static IEnumerable<string> SeedNames() =>
        Directory.GetFiles(Seeds, "*.txt").Select(Path.GetFileNameWithoutExtension).Order()!;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Worker.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Worker.sln not found in any parent of {AppContext.BaseDirectory}");
    }

    private static string FindShared()
    {
        for (var dir = Directory.GetParent(Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "seeds")) && Directory.Exists(Path.Combine(candidate, "real-reports")))
                return candidate;
        }
        throw new InvalidOperationException(
            $"The shared example reports are missing: expected shared/seeds and shared/real-reports next to {Root} " +
            "(../shared) or in a parent directory. They are the real reports these tests read; copy them there.");
    }
}
