using DisclosureWatch.Core.Classification;

namespace DisclosureWatch.Worker.Classification;

/// <summary>Where the passage model lives and how it is read and written.</summary>
public static class ModelFiles
{
    /// <summary>The shipped model's file name (models/ in the repository, copied next to `dw`).</summary>
    public const string ShippedName = "passage-classifier.json";

    /// <summary>The shipped model: next to the executable (models/), else models/ above the working directory or the executable.</summary>
    public static string? FindShipped()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "models", ShippedName);
        if (File.Exists(beside)) return beside;
        return TrainingData.FindUp(Path.Combine("models", ShippedName), File.Exists);
    }

    /// <summary>The model `dw analyze` and `dw classify` use: the promoted one of the data folder's model store when there
    /// is one (the configured data directory, default ./data), else the shipped one; null when neither exists.</summary>
    public static LinearPassageModel? LoadDefault(string? modelsDirectory = null)
    {
        var store = new ModelStore(modelsDirectory ?? ModelStore.DefaultDirectory());
        var promoted = store.CurrentPath();
        if (promoted is not null) return Load(promoted);
        var shipped = FindShipped();
        return shipped is null ? null : Load(shipped);
    }

    public static LinearPassageModel Load(string path)
    {
        using var f = File.OpenRead(path);
        return LinearPassageModel.Load(f, path);
    }

    /// <summary>Writes atomically (temporary file, then rename), creating the folder.</summary>
    public static void Save(LinearPassageModel model, string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, model.ToBytes());
        File.Move(tmp, path, overwrite: true);
    }
}
