namespace DisclosureWatch.Worker.Tests;

/// <summary>Where the repository and ../shared (the seeds and real reports) are, found from the test binary.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string RealReport(string name) => Path.Combine(Shared, "real-reports", name);

    public static string[] Seeds => Directory.GetFiles(Path.Combine(Shared, "seeds"), "*.txt").Order().ToArray();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Worker.sln"))) return dir.FullName;
        throw new InvalidOperationException("Worker.sln not found above " + AppContext.BaseDirectory);
    }
}
