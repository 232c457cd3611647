namespace DisclosureWatch.Core.Tests;

/// <summary>Where the repository and ../shared (the seeds and real reports) are, found from the test binary.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string Seed(string prefix) =>
        Directory.GetFiles(Path.Combine(Shared, "seeds"), prefix + "_*.txt").Single();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Worker.sln"))) return dir.FullName;
        throw new InvalidOperationException("Worker.sln not found above " + AppContext.BaseDirectory);
    }
}
