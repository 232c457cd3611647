namespace DisclosureWatch.Tests;

/// <summary>
/// Where the repository and ../shared (the seeds and real reports) are, found from the test binary.
/// One file, linked into each test project that reads the shared reports.
/// </summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>../shared beside the clone (CI), or beside a parent folder (a git worktree one level deeper).</summary>
    public static string Shared { get; } = FindShared();

    public static string RealReport(string name) => Path.Combine(Shared, "real-reports", name);

    public static string[] Seeds => Directory.GetFiles(Path.Combine(Shared, "seeds"), "*.txt").Order().ToArray();

    /// <summary>The seeds printed to PDF by LibreOffice (committed fixtures of the worker's tests).</summary>
    public static string SeedPdfs => Path.Combine(RepoRoot, "tests", "DisclosureWatch.Worker.Tests", "Fixtures", "pdf");

    public static string Seed(string prefix) =>
        Directory.GetFiles(Path.Combine(Shared, "seeds"), prefix + "_*.txt").Single();

    private static string FindShared()
    {
        for (var dir = new DirectoryInfo(RepoRoot).Parent; dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "shared", "seeds"))) return Path.Combine(dir.FullName, "shared");
        throw new InvalidOperationException("../shared (the seeds and real reports) not found beside " + RepoRoot);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Worker.sln"))) return dir.FullName;
        throw new InvalidOperationException("Worker.sln not found above " + AppContext.BaseDirectory);
    }
}
