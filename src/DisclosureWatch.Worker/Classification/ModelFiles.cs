using DisclosureWatch.Core.Classification;

namespace DisclosureWatch.Worker.Classification;

/// <summary>
/// Where the passage model lives and how it is read and written. One rule decides which file `analyze`, `classify`,
/// `labels export` and the worker use (first found wins):
/// 1. the promoted model of the data folder's model store (data/models/current, written by `dw model retrain` and the
///    worker's retrain job);
/// 2. models/passage-classifier.json in the working directory or the nearest folder above it that has one — the file
///    `dw train` writes in a checkout, so a model trained there is used next without a rebuild;
/// 3. models/passage-classifier.json beside the executable (the copy a build or `dotnet publish` ships).
/// </summary>
internal static class ModelFiles
{
    /// <summary>The shipped model's file name (models/ in the repository, copied next to `dw`).</summary>
    public const string ShippedName = "passage-classifier.json";

    /// <summary>The base model, rules 2 and 3 above: models/ of the working directory or above it, else beside the executable.</summary>
    public static string? FindShipped()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", ShippedName);
            if (File.Exists(candidate)) return candidate;
        }
        var beside = Path.Combine(AppContext.BaseDirectory, "models", ShippedName);
        return File.Exists(beside) ? beside : null;
    }

    /// <summary>The model by the rule above (the promoted one of the data folder's model store, default ./data/models, else
    /// the base model); null when none exists.</summary>
    public static LinearPassageModel? LoadDefault(string? modelsDirectory = null)
    {
        var path = DefaultPath(modelsDirectory);
        return path is null ? null : Load(path);
    }

    /// <summary>The file <see cref="LoadDefault"/> reads.</summary>
    public static string? DefaultPath(string? modelsDirectory = null) =>
        new ModelStore(modelsDirectory ?? ModelStore.DefaultDirectory()).CurrentPath() ?? FindShipped();

    public static LinearPassageModel Load(string path)
    {
        using var f = File.OpenRead(path);
        return LinearPassageModel.Load(f, path);
    }

    /// <summary>Writes atomically: a temporary file in the same folder, flushed, then renamed over the target, so a
    /// reader sees the old model or the new one and never half a file.</summary>
    public static void Save(LinearPassageModel model, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = $"{full}.{Environment.ProcessId}.tmp";
        try
        {
            using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                model.Save(f);
                f.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
