using System.Text;
using DisclosureWatch.Core.Classification;

namespace DisclosureWatch.Worker.Classification;

/// <summary>Loads labelled samples from JSONL files: a folder's *.jsonl (ordinal order, not subfolders) or one file.</summary>
internal static class TrainingData
{
    /// <summary>The repository's training-data folder: next to the executable's ancestors or the working directory's.</summary>
    public static string? FindDefaultDirectory() => FindUp("training-data", Directory.Exists);

    /// <summary>Reads a folder's *.jsonl or one file; with <paramref name="allowedLabels"/> a label outside the set is an
    /// error naming the file and line.</summary>
    public static List<LabeledSample> Load(string path, bool requireLabel = true, IReadOnlyCollection<string>? allowedLabels = null)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.GetFiles(path, "*.jsonl").Order(StringComparer.Ordinal).ToArray();
            if (files.Length == 0) throw new FileNotFoundException($"{path}: no *.jsonl files in this folder");
            return files.SelectMany(f => LoadFile(f, requireLabel, allowedLabels)).ToList();
        }
        if (File.Exists(path)) return LoadFile(path, requireLabel, allowedLabels);
        throw new FileNotFoundException($"{path}: no such file or folder");
    }

    public static List<LabeledSample> LoadFile(string file, bool requireLabel = true, IReadOnlyCollection<string>? allowedLabels = null)
    {
        using var reader = new StreamReader(file, Encoding.UTF8);
        return SampleJson.Read(reader, file, requireLabel, defaultGroup: Path.GetFileNameWithoutExtension(file), allowedLabels);
    }

    /// <summary>A label list as given on the command line or in settings ("a,b,c"), lower-cased; null or empty: the default four.</summary>
    public static IReadOnlyList<string> ParseLabels(string? labels)
    {
        var list = (labels ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (list.Count == 1) throw new FormatException($"labels \"{labels}\": a model needs at least two labels");
        foreach (var l in list)
            if (!l.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_'))
                throw new FormatException($"label \"{l}\": labels are lower-case ASCII letters, digits, '-' or '_'");
        return list.Count == 0 ? ModelTrainer.DefaultLabels : list;
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
