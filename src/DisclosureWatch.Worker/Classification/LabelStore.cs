using System.Security.Cryptography;
using System.Text;
using DisclosureWatch.Core.Classification;

namespace DisclosureWatch.Worker.Classification;

/// <summary>What an import did.</summary>
public sealed record LabelImport(string StoredAs, int Imported, int Unlabelled, IReadOnlyList<string> NewLabels);

/// <summary>
/// Supervisors' labelled passages: each import (CSV from `dw labels export`, or JSONL) is stored as
/// &lt;dir&gt;/labels-&lt;content hash&gt;.jsonl (importing the same file twice changes nothing). Rows without a label are
/// skipped — the exported CSV leaves "label" empty until a supervisor fills it.
/// </summary>
public sealed class LabelStore(string directory)
{
    /// <summary>Supervisors' labels weigh this much more than a curated base sample.</summary>
    public const float SupervisorWeight = 3f;

    public string Directory { get; } = directory;

    /// <summary>DW_DATA_DIR, else ./data.</summary>
    public static string DefaultDataDirectory() =>
        Environment.GetEnvironmentVariable("DW_DATA_DIR") is { Length: > 0 } d ? d : Path.Combine(System.IO.Directory.GetCurrentDirectory(), "data");

    public static string DefaultDirectory() => Path.Combine(DefaultDataDirectory(), "labels");

    public LabelImport Import(string file, IReadOnlyCollection<string> knownLabels)
    {
        var (samples, unlabelled) = Read(file);
        return Add(samples, unlabelled, knownLabels);
    }

    /// <summary>
    /// Stores labelled passages as one import (the digest replies' way in, and <see cref="Import"/>'s). The same
    /// passages and labels again change no content, but the file counts as the latest import again, so labels given
    /// anew win over a different label imported in between.
    /// </summary>
    public LabelImport Add(IReadOnlyList<LabeledSample> samples, int unlabelled, IReadOnlyCollection<string> knownLabels)
    {
        samples = samples.Select(Clean).ToList();
        var sorted = samples.Select(s => SampleJson.Write(s)).ToList();
        var content = string.Join("\n", sorted) + "\n";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..16];
        System.IO.Directory.CreateDirectory(Directory);
        var target = Path.Combine(Directory, $"labels-{hash}.jsonl");
        if (samples.Count > 0 && !File.Exists(target))
        {
            File.WriteAllText(target + ".tmp", content, new UTF8Encoding(false));
            File.Move(target + ".tmp", target, overwrite: true);
        }
        else if (samples.Count > 0) File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
        var newLabels = samples.Select(s => s.Label).Distinct(StringComparer.Ordinal).Where(l => !knownLabels.Contains(l))
            .Order(StringComparer.Ordinal).ToList();
        return new LabelImport(samples.Count > 0 ? target : "", samples.Count, unlabelled, newLabels);
    }

    /// <summary>All stored labels in file-name order, then line order (later imports override earlier ones on merge).</summary>
    public List<LabeledSample> LoadAll()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        var files = System.IO.Directory.GetFiles(Directory, "*.jsonl").OrderBy(f => File.GetLastWriteTimeUtc(f)).ThenBy(f => f, StringComparer.Ordinal);
        return files.SelectMany(f => TrainingData.LoadFile(f))
            .Select(s => s with { Group = "labels", Weight = SupervisorWeight }).ToList();
    }

    /// <summary>Reads labelled passages from CSV (header with text and label columns) or JSONL.</summary>
    public static (List<LabeledSample> Samples, int Unlabelled) Read(string file)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: no such file");
        var samples = new List<LabeledSample>();
        var unlabelled = 0;
        if (file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var s in TrainingData.LoadFile(file, requireLabel: false))
                if (s.Label.Length == 0) unlabelled++; else samples.Add(Clean(s));
            return (samples, unlabelled);
        }
        var rows = Csv.Read(File.ReadAllText(file, Encoding.UTF8));
        if (rows.Count == 0) throw new FormatException($"{file}: empty CSV");
        var header = rows[0].Select(h => h.Trim().ToLowerInvariant()).ToList();
        int text = header.IndexOf("text"), label = header.IndexOf("label"), section = header.IndexOf("section"), context = header.IndexOf("context");
        if (text < 0 || label < 0) throw new FormatException($"{file}: the CSV needs a header with \"text\" and \"label\" columns");
        for (var i = 1; i < rows.Count; i++)
        {
            var r = rows[i];
            string At(int c) => c >= 0 && c < r.Count ? r[c].Trim() : "";
            if (At(text).Length == 0) continue;
            if (At(label).Length == 0) { unlabelled++; continue; }
            samples.Add(Clean(new LabeledSample(At(text), At(label), SampleJson.ParseSection(At(section)),
                At(context).Length == 0 ? null : At(context))));
        }
        return (samples, unlabelled);
    }

    private static LabeledSample Clean(LabeledSample s) => s with { Label = s.Label.Trim().ToLowerInvariant(), Group = "labels", Weight = SupervisorWeight };
}
