using System.Text;
using DisclosureWatch.Core.Classification;

namespace DisclosureWatch.Worker.Classification;

/// <summary>Loads labelled samples from JSONL files: a folder's *.jsonl (ordinal order, not subfolders) or one file.</summary>
public static class TrainingData
{
    /// <summary>The repository's training-data folder: next to the executable's ancestors or the working directory's.</summary>
    public static string? FindDefaultDirectory() => FindUp("training-data", Directory.Exists);

    public static List<LabeledSample> Load(string path, bool requireLabel = true)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.GetFiles(path, "*.jsonl").Order(StringComparer.Ordinal).ToArray();
            if (files.Length == 0) throw new FileNotFoundException($"{path}: no *.jsonl files in this folder");
            return files.SelectMany(f => LoadFile(f, requireLabel)).ToList();
        }
        if (File.Exists(path)) return LoadFile(path, requireLabel);
        throw new FileNotFoundException($"{path}: no such file or folder");
    }

    public static List<LabeledSample> LoadFile(string file, bool requireLabel = true)
    {
        using var reader = new StreamReader(file, Encoding.UTF8);
        return SampleJson.Read(reader, file, requireLabel, defaultGroup: Path.GetFileNameWithoutExtension(file));
    }

    internal static string? FindUp(string name, Func<string, bool> exists)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, name);
                if (exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
