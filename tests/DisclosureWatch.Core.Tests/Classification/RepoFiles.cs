namespace DisclosureWatch.Core.Tests.Classification;

/// <summary>Finds the repository's training-data/ and models/ from the test's output folder.</summary>
internal static class RepoFiles
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "training-data")) && Directory.Exists(Path.Combine(dir.FullName, "models")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"no training-data/ and models/ above {AppContext.BaseDirectory}");
    }

    public static List<Core.Classification.LabeledSample> Samples(string relative)
    {
        var path = Path.Combine(Root(), relative);
        using var reader = new StreamReader(path);
        return Core.Classification.SampleJson.Read(reader, path, defaultGroup: Path.GetFileNameWithoutExtension(path));
    }
}
