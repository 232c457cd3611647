using System.Security.Cryptography;
using System.Text;
using DisclosureWatch.Core.Classification;
using DisclosureWatch.Worker.Csv;

namespace DisclosureWatch.Worker.Classification;

/// <summary>What an import did.</summary>
internal sealed record LabelImport(string StoredAs, int Imported, int Unlabelled);

/// <summary>
/// Supervisors' labelled passages: each import (CSV from `dw labels export`, or JSONL) is stored as
/// &lt;dir&gt;/labels-&lt;content hash&gt;.jsonl (importing the same file twice changes nothing). Rows without a label are
/// skipped — the exported CSV leaves "label" empty until a supervisor fills it. A label outside the configured set
/// refuses the whole file with its row number (a typo such as "junk-label" never becomes a fifth class).
/// </summary>
internal sealed class LabelStore(string directory)
{
    /// <summary>Supervisors' labels weigh this much more than a curated base sample.</summary>
    public const float SupervisorWeight = 3f;

    public string Directory { get; } = directory;

    /// <summary>The configured data directory (Store:DataDirectory from appsettings.json or DW_Store__DataDirectory), else ./data.</summary>
    public static string DefaultDataDirectory() => Store.StoreOptions.ConfiguredDataDirectory();

    public static string DefaultDirectory() => Path.Combine(DefaultDataDirectory(), "labels");

    public LabelImport Import(string file, IReadOnlyCollection<string> allowedLabels)
    {
        var (samples, unlabelled) = Read(file, allowedLabels);
        return Add(samples, unlabelled, allowedLabels);
    }

    /// <summary>
    /// Stores labelled passages as one import (the digest replies' way in, and <see cref="Import"/>'s); a label outside
    /// <paramref name="allowedLabels"/> refuses them all. The same passages and labels again change no content, but the
    /// file counts as the latest import again, so labels given anew win over a different label imported in between.
    /// </summary>
    public LabelImport Add(IReadOnlyList<LabeledSample> samples, int unlabelled, IReadOnlyCollection<string> allowedLabels)
    {
        samples = samples.Select((s, i) => Check(Clean(s), allowedLabels, $"passage {i + 1}")).ToList();
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
        return new LabelImport(samples.Count > 0 ? target : "", samples.Count, unlabelled);
    }

    /// <summary>All stored labels in file-name order, then line order (later imports override earlier ones on merge); a
    /// stored label outside <paramref name="allowedLabels"/> (imported under another configuration) is an error naming the file and line.</summary>
    public List<LabeledSample> LoadAll(IReadOnlyCollection<string>? allowedLabels = null)
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        var files = System.IO.Directory.GetFiles(Directory, "*.jsonl").OrderBy(f => File.GetLastWriteTimeUtc(f)).ThenBy(f => f, StringComparer.Ordinal);
        return files.SelectMany(f => TrainingData.LoadFile(f, allowedLabels: allowedLabels))
            .Select(s => s with { Group = "labels", Weight = SupervisorWeight }).ToList();
    }

    /// <summary>Reads labelled passages from CSV (header with text and label columns) or JSONL.</summary>
    public static (List<LabeledSample> Samples, int Unlabelled) Read(string file, IReadOnlyCollection<string>? allowedLabels = null)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: no such file");
        var samples = new List<LabeledSample>();
        var unlabelled = 0;
        if (file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var s in TrainingData.LoadFile(file, requireLabel: false, allowedLabels))
                if (s.Label.Length == 0) unlabelled++; else samples.Add(Clean(s));
            return (samples, unlabelled);
        }
        var table = CsvFile.Read(file);
        if (table.Header.Count == 0) throw new FormatException($"{file}: empty CSV");
        int text = table.Column("text"), label = table.Column("label"), section = table.Column("section"), context = table.Column("context");
        if (text < 0 || label < 0) throw new FormatException($"{file}: the CSV needs a header with \"text\" and \"label\" columns");
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var r = table.Rows[i];
            string At(int c) => c >= 0 && c < r.Length ? r[c].Trim() : "";
            if (At(text).Length == 0) continue;
            if (At(label).Length == 0) { unlabelled++; continue; }
            // row numbers count the header as row 1, as a spreadsheet shows them
            samples.Add(Check(Clean(new LabeledSample(At(text), At(label), SampleJson.ParseSection(At(section)),
                At(context).Length == 0 ? null : At(context))), allowedLabels, $"{file}: row {i + 2}"));
        }
        return (samples, unlabelled);
    }

    private static LabeledSample Check(LabeledSample s, IReadOnlyCollection<string>? allowed, string where) =>
        allowed is null || allowed.Contains(s.Label) ? s : throw new FormatException($"{where}: {SampleJson.UnknownLabel(s.Label, allowed)}");

    private static LabeledSample Clean(LabeledSample s) => s with { Label = s.Label.Trim().ToLowerInvariant(), Group = "labels", Weight = SupervisorWeight };
}
