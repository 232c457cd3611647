using System.Text;
using System.Text.Json;
using DisclosureWatch.Core.Classification;

namespace DisclosureWatch.Worker.Classification;

/// <summary>One line of the model store's history.</summary>
internal sealed record ModelEvent(string Version, string Action, DateTimeOffset At, double? RegressionMacroF1, double? CvMacroF1, int Samples, string Fingerprint, string? Note);

/// <summary>
/// The retrained models: &lt;dir&gt;/&lt;version&gt;.json, the promoted version in &lt;dir&gt;/current, and an append-only
/// &lt;dir&gt;/history.jsonl (promoted, rejected, rollback) so `dw model rollback` can go back to the previous model.
/// </summary>
internal sealed class ModelStore(string directory)
{
    public string Directory { get; } = directory;
    private string CurrentFile => Path.Combine(Directory, "current");
    private string HistoryFile => Path.Combine(Directory, "history.jsonl");

    /// <summary>models/ in the configured data directory (<see cref="LabelStore.DefaultDataDirectory"/>).</summary>
    public static string DefaultDirectory() => Path.Combine(LabelStore.DefaultDataDirectory(), "models");

    public string PathOf(string version) => Path.Combine(Directory, version + ".json");

    public string? CurrentVersion()
    {
        if (!File.Exists(CurrentFile)) return null;
        var v = File.ReadAllText(CurrentFile).Trim();
        return v.Length == 0 ? null : v;
    }

    public string? CurrentPath()
    {
        var v = CurrentVersion();
        if (v is null) return null;
        var path = PathOf(v);
        if (!File.Exists(path)) throw new FileNotFoundException($"{CurrentFile}: names model {v} but {path} is missing");
        return path;
    }

    public IReadOnlyList<ModelEvent> History()
    {
        if (!File.Exists(HistoryFile)) return [];
        return File.ReadAllLines(HistoryFile, Encoding.UTF8).Where(l => l.Trim().Length > 0)
            .Select(l => JsonSerializer.Deserialize<ModelEvent>(l, JsonOptions)!).ToList();
    }

    /// <summary>Stores the model file and makes it current.</summary>
    public void Promote(LinearPassageModel model, DateTimeOffset at, string? note = null, double? regressionMacroF1 = null)
    {
        System.IO.Directory.CreateDirectory(Directory);
        ModelFiles.Save(model, PathOf(model.Version));
        SetCurrent(model.Version);
        Append(Event(model, "promoted", at, note, regressionMacroF1));
    }

    /// <summary>Records a candidate that did not pass the gate (its file is not stored; `dw model list` shows the attempt).</summary>
    public void Reject(LinearPassageModel model, DateTimeOffset at, string note, double? regressionMacroF1 = null)
    {
        System.IO.Directory.CreateDirectory(Directory);
        Append(Event(model, "rejected", at, note, regressionMacroF1));
    }

    /// <summary>What <see cref="Rollback"/> returns when it goes back to the shipped model.</summary>
    public const string Shipped = "shipped";

    /// <summary>Makes the model promoted before the current one current again (the shipped model before the first
    /// promotion, returned as <see cref="Shipped"/>); null when the shipped model is already in use.</summary>
    public string? Rollback(DateTimeOffset at)
    {
        var current = CurrentVersion();
        // The chain of current models: each promotion pushes, each rollback pops.
        var stack = new List<string>();
        foreach (var e in History())
        {
            if (e.Action == "promoted") stack.Add(e.Version);
            else if (e.Action == "rollback" && stack.Count > 0) stack.RemoveAt(stack.Count - 1);
        }
        if (current is null || stack.Count == 0 || stack[^1] != current) return null;
        if (stack.Count == 1)
        {
            // Before the first promotion the shipped model was in use: go back to it.
            File.Delete(CurrentFile);
            Append(new ModelEvent(current, "rollback", at, null, null, 0, "", "back to the shipped model"));
            return Shipped;
        }
        var previous = stack[^2];
        if (!File.Exists(PathOf(previous))) throw new FileNotFoundException($"{PathOf(previous)}: the previous model file is missing");
        SetCurrent(previous);
        Append(new ModelEvent(current, "rollback", at, null, null, 0, "", $"back to {previous}"));
        return previous;
    }

    private static ModelEvent Event(LinearPassageModel m, string action, DateTimeOffset at, string? note, double? regressionMacroF1) =>
        new(m.Version, action, at, regressionMacroF1, m.Training?.CrossValidation?.MacroF1, m.Training?.Samples ?? 0,
            m.Training?.Fingerprint ?? "", note);

    private void SetCurrent(string version)
    {
        var tmp = CurrentFile + ".tmp";
        File.WriteAllText(tmp, version + "\n");
        File.Move(tmp, CurrentFile, overwrite: true);
    }

    private void Append(ModelEvent e) => File.AppendAllText(HistoryFile, JsonSerializer.Serialize(e, JsonOptions) + "\n", Encoding.UTF8);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
