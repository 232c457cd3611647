using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DisclosureWatch.Core.Classification;

/// <summary>One labelled passage of the training data (a JSONL line {text, label, section?, context?, position?, group?}).</summary>
/// <param name="Group">The source the passage comes from (a document family). Cross-validation and the held-out split
/// keep whole groups apart, so passages written from the same templates never sit on both sides.</param>
/// <param name="Weight">Sample weight: supervisors' labels count more than the curated base data.</param>
public sealed record LabeledSample(string Text, string Label, int Section = -1, string? Context = null, int Position = -1,
    string Group = "", float Weight = 1f);

/// <summary>Reads and writes labelled samples as JSONL; the fingerprint identifies a training set.</summary>
public static class SampleJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads JSONL samples. Lines without text are errors naming <paramref name="source"/> and the line number;
    /// <paramref name="requireLabel"/> false allows unlabelled lines (label ""). With <paramref name="allowedLabels"/>, a label
    /// outside that set is an error naming the line: a typo must not become a new class.</summary>
    public static List<LabeledSample> Read(TextReader reader, string source, bool requireLabel = true, string? defaultGroup = null,
        IReadOnlyCollection<string>? allowedLabels = null)
    {
        var list = new List<LabeledSample>();
        string? line;
        var number = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                var sample = Parse(line, requireLabel, defaultGroup ?? source);
                if (allowedLabels is not null && sample.Label.Length > 0 && !allowedLabels.Contains(sample.Label))
                    throw new FormatException(UnknownLabel(sample.Label, allowedLabels));
                list.Add(sample);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                throw new FormatException($"{source}:{number}: {e.Message}", e);
            }
        }
        return list;
    }

    /// <summary>The message for a label outside the configured set (callers prefix the file and row).</summary>
    public static string UnknownLabel(string label, IEnumerable<string> allowed) =>
        $"label \"{label}\" is not one of the configured labels ({string.Join(", ", allowed)}); " +
        "a new label must be configured explicitly (dw … --labels, or Retrain:Labels for the worker)";

    public static LabeledSample Parse(string line, bool requireLabel = true, string defaultGroup = "")
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("expected a JSON object");
        var text = GetString(root, "text") ?? throw new FormatException("no \"text\"");
        var label = GetString(root, "label")?.Trim() ?? "";
        if (requireLabel && label.Length == 0) throw new FormatException("no \"label\"");
        return new LabeledSample(text, label, GetSection(root), NullIfEmpty(GetString(root, "context")),
            GetInt(root, "position") ?? -1, GetString(root, "group") ?? defaultGroup,
            root.TryGetProperty("weight", out var w) && w.ValueKind == JsonValueKind.Number ? w.GetSingle() : 1f);
    }

    /// <summary>The section as a number: 5, "5", "五" or "五、存在的主要问题…"; -1 when absent.</summary>
    public static int GetSection(JsonElement root)
    {
        if (!root.TryGetProperty("section", out var s)) return -1;
        return s.ValueKind switch
        {
            JsonValueKind.Number when s.TryGetInt32(out var n) => n,
            JsonValueKind.String => ParseSection(s.GetString()),
            _ => -1,
        };
    }

    public static int ParseSection(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return -1;
        s = s.Trim();
        if (int.TryParse(s, out var n)) return n;
        var i = "〇一二三四五六".IndexOf(s[0]);
        return i > 0 ? i : -1;
    }

    private static string? GetString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? GetInt(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    public static string Write(LabeledSample s)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("text", s.Text);
            w.WriteString("label", s.Label);
            if (s.Section >= 0) w.WriteNumber("section", s.Section);
            if (s.Context is not null) w.WriteString("context", s.Context);
            if (s.Position >= 0) w.WriteNumber("position", s.Position);
            if (s.Group.Length > 0) w.WriteString("group", s.Group);
            if (s.Weight != 1f) w.WriteNumber("weight", s.Weight);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>SHA-256 over the samples in order (text, label, section, context, position, weight): the training set's identity.</summary>
    public static string Fingerprint(IEnumerable<LabeledSample> samples)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var s in samples)
            sha.AppendData(Encoding.UTF8.GetBytes($"{s.Text}\u001f{s.Label}\u001f{s.Section}\u001f{s.Context}\u001f{s.Position}\u001f{s.Weight:R}\u001e"));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
