using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DisclosureWatch.Core.Narrative;

namespace DisclosureWatch.Core.Classification;

/// <summary>A prediction: the best label, its calibrated probability, and the probability of every label.</summary>
public sealed record Prediction(string Label, double Confidence, double[] Probabilities);

/// <summary>What a model file records about its training (all optional for a model built in memory).</summary>
public sealed record TrainingInfo(string Fingerprint, int Samples, int Seed, int Epochs, double L2, double LearningRate, int MinCount)
{
    /// <summary>Cross-validated metrics by group (null when not computed).</summary>
    public EvaluationReport? CrossValidation { get; init; }
}

/// <summary>
/// Multinomial logistic regression over hashed passage features, with temperature-calibrated probabilities.
/// The file is JSON (readable header: featurizer, labels, training fingerprint, metrics) with the non-zero weight
/// rows as deflated base64: rows of (uint32 feature index, float32 × labels), ascending by index.
/// </summary>
public sealed class LinearPassageModel : IPassageClassifier
{
    public const string FormatName = "dw-passage-model";
    public const int FormatVersion = 1;

    private readonly float[] _weights; // dense [feature * labels + label]
    private readonly PassageFeaturizer _featurizer;
    [ThreadStatic] private static int[]? _buffer;

    public LinearPassageModel(FeaturizerSettings settings, IReadOnlyList<string> labels, float[] weights, double temperature, TrainingInfo? training)
    {
        if (weights.Length != settings.Dimension * labels.Count) throw new ArgumentException("weights do not match the feature dimension × labels");
        Settings = settings;
        Labels = labels;
        _weights = weights;
        Temperature = temperature;
        Training = training;
        _featurizer = new PassageFeaturizer(settings);
        Version = $"{FormatVersion}.{WeightsHash()[..12]}";
    }

    public FeaturizerSettings Settings { get; }
    public IReadOnlyList<string> Labels { get; }
    public double Temperature { get; }
    public TrainingInfo? Training { get; }
    /// <summary>Format version and a hash of labels and weights: equal models have equal versions.</summary>
    public string Version { get; }

    public IReadOnlyList<Passage> Classify(IReadOnlyList<Passage> passages)
    {
        var result = new Passage[passages.Count];
        var probs = new double[Labels.Count];
        for (var i = 0; i < passages.Count; i++)
        {
            var p = passages[i];
            var best = Predict(p.Text, p.Section, p.Context, p.Position, probs);
            result[i] = p with { Label = Labels[best], Confidence = probs[best] };
        }
        return result;
    }

    public Prediction Predict(string text, int section = -1, string? context = null, int position = -1)
    {
        var probs = new double[Labels.Count];
        var best = Predict(text, section, context, position, probs);
        return new Prediction(Labels[best], probs[best], probs);
    }

    /// <summary>Fills <paramref name="probabilities"/> (one per label) and returns the index of the best label.</summary>
    public int Predict(string text, int section, string? context, int position, Span<double> probabilities)
    {
        var buffer = _buffer ??= new int[1024];
        var n = _featurizer.Featurize(text, section, context, position, ref buffer);
        _buffer = buffer;
        var labels = Labels.Count;
        Span<double> scores = stackalloc double[labels];
        scores.Clear();
        var w = _weights;
        if (labels == 4)
        {
            // The usual four labels: one 128-bit add per feature.
            ref var w0 = ref MemoryMarshal.GetArrayDataReference(w);
            var acc = Vector128<float>.Zero;
            for (var f = 0; f < n; f++)
                acc += Vector128.LoadUnsafe(ref w0, (nuint)(buffer[f] * 4));
            for (var l = 0; l < 4; l++) scores[l] = acc[l];
        }
        else
        {
            for (var f = 0; f < n; f++)
            {
                var row = buffer[f] * labels;
                for (var l = 0; l < labels; l++) scores[l] += w[row + l];
            }
        }
        var scale = 1.0 / Math.Sqrt(n) / Temperature;
        return Softmax(scores, scale, probabilities);
    }

    /// <summary>The same weights with another temperature and training record.</summary>
    internal LinearPassageModel With(double temperature, TrainingInfo? training) => new(Settings, Labels, _weights, temperature, training);

    /// <summary>Raw (uncalibrated) scores, for temperature fitting.</summary>
    internal void Scores(string text, int section, string? context, int position, Span<double> scores)
    {
        var buffer = _buffer ??= new int[1024];
        var n = _featurizer.Featurize(text, section, context, position, ref buffer);
        _buffer = buffer;
        var labels = Labels.Count;
        scores.Clear();
        for (var f = 0; f < n; f++)
        {
            var row = buffer[f] * labels;
            for (var l = 0; l < labels; l++) scores[l] += _weights[row + l];
        }
        var scale = 1.0 / Math.Sqrt(n);
        for (var l = 0; l < labels; l++) scores[l] *= scale;
    }

    internal static int Softmax(ReadOnlySpan<double> scores, double scale, Span<double> probabilities)
    {
        var best = 0;
        for (var l = 1; l < scores.Length; l++) if (scores[l] > scores[best]) best = l;
        var max = scores[best] * scale;
        double sum = 0;
        for (var l = 0; l < scores.Length; l++) sum += probabilities[l] = Math.Exp(scores[l] * scale - max);
        for (var l = 0; l < scores.Length; l++) probabilities[l] /= sum;
        return best;
    }

    /// <summary>Number of feature rows with a non-zero weight.</summary>
    public int NonZeroRows
    {
        get
        {
            var rows = 0;
            var labels = Labels.Count;
            for (var f = 0; f < Settings.Dimension; f++)
                for (var l = 0; l < labels; l++)
                    if (_weights[f * labels + l] != 0) { rows++; break; }
            return rows;
        }
    }

    // ------------------------------------------------------------------------------------------
    // File format

    private byte[] PackWeights()
    {
        var labels = Labels.Count;
        using var raw = new MemoryStream();
        Span<byte> cell = stackalloc byte[4];
        for (var f = 0; f < Settings.Dimension; f++)
        {
            var any = false;
            for (var l = 0; l < labels; l++) if (_weights[f * labels + l] != 0) { any = true; break; }
            if (!any) continue;
            BinaryPrimitives.WriteUInt32LittleEndian(cell, (uint)f);
            raw.Write(cell);
            for (var l = 0; l < labels; l++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(cell, _weights[f * labels + l]);
                raw.Write(cell);
            }
        }
        return raw.ToArray();
    }

    private string WeightsHash()
    {
        var packed = PackWeights();
        var header = Encoding.UTF8.GetBytes(string.Join('\u001f', Labels) + $"|{Settings}|{Temperature:R}");
        return Convert.ToHexStringLower(SHA256.HashData([.. header, .. packed]));
    }

    /// <summary>Writes the model file. Same model, same bytes: no clock, fixed property order, shortest round-trip floats.</summary>
    public void Save(Stream stream)
    {
        var packed = PackWeights();
        using var deflated = new MemoryStream();
        using (var z = new DeflateStream(deflated, CompressionLevel.SmallestSize, leaveOpen: true)) z.Write(packed);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("format", FormatName);
        w.WriteNumber("formatVersion", FormatVersion);
        w.WriteString("version", Version);
        w.WriteString("model", "multinomial logistic regression, temperature-calibrated softmax");
        w.WriteStartArray("labels");
        foreach (var l in Labels) w.WriteStringValue(l);
        w.WriteEndArray();
        w.WriteStartObject("featurizer");
        w.WriteNumber("version", Settings.Version);
        w.WriteNumber("hashBits", Settings.HashBits);
        w.WriteNumber("ngramMax", Settings.NgramMax);
        w.WriteNumber("sectionNgramMax", Settings.SectionNgramMax);
        w.WriteEndObject();
        w.WriteNumber("temperature", Temperature);
        if (Training is { } t)
        {
            w.WriteStartObject("training");
            w.WriteString("fingerprint", t.Fingerprint);
            w.WriteNumber("samples", t.Samples);
            w.WriteNumber("seed", t.Seed);
            w.WriteNumber("epochs", t.Epochs);
            w.WriteNumber("l2", t.L2);
            w.WriteNumber("learningRate", t.LearningRate);
            w.WriteNumber("minCount", t.MinCount);
            if (t.CrossValidation is { } cv)
            {
                w.WritePropertyName("crossValidation");
                cv.WriteJson(w);
            }
            w.WriteEndObject();
        }
        w.WriteStartObject("weights");
        w.WriteString("encoding", "deflate(rows of uint32 index + float32 per label, little endian, ascending index), base64");
        w.WriteNumber("rows", packed.Length / (4 * (Labels.Count + 1)));
        w.WriteString("data", Convert.ToBase64String(deflated.ToArray()));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public byte[] ToBytes()
    {
        using var m = new MemoryStream();
        Save(m);
        return m.ToArray();
    }

    /// <summary>Reads a model file; a clear <see cref="FormatException"/> when it is not one or has another format version.</summary>
    public static LinearPassageModel Load(Stream stream, string name = "model")
    {
        try
        {
            using var doc = JsonDocument.Parse(stream);
            var root = doc.RootElement;
            if (!root.TryGetProperty("format", out var f) || f.GetString() != FormatName)
                throw new FormatException($"{name}: not a DisclosureWatch passage model");
            var version = root.GetProperty("formatVersion").GetInt32();
            if (version != FormatVersion) throw new FormatException($"{name}: model format version {version}, this build reads {FormatVersion}");
            var labels = root.GetProperty("labels").EnumerateArray().Select(e => e.GetString()!).ToArray();
            var fz = root.GetProperty("featurizer");
            var settings = new FeaturizerSettings(fz.GetProperty("hashBits").GetInt32(), fz.GetProperty("ngramMax").GetInt32(),
                fz.GetProperty("sectionNgramMax").GetInt32(), fz.GetProperty("version").GetInt32());
            if (settings.Version != new FeaturizerSettings().Version)
                throw new FormatException($"{name}: featurizer version {settings.Version} is not the one this build computes");
            var weights = new float[settings.Dimension * labels.Length];
            var packed = Inflate(Convert.FromBase64String(root.GetProperty("weights").GetProperty("data").GetString()!));
            var rowBytes = 4 * (labels.Length + 1);
            if (packed.Length % rowBytes != 0) throw new FormatException($"{name}: weight data is truncated");
            for (var o = 0; o < packed.Length; o += rowBytes)
            {
                var index = (int)BinaryPrimitives.ReadUInt32LittleEndian(packed.AsSpan(o));
                if (index >= settings.Dimension) throw new FormatException($"{name}: feature index {index} out of range");
                for (var l = 0; l < labels.Length; l++)
                    weights[index * labels.Length + l] = BinaryPrimitives.ReadSingleLittleEndian(packed.AsSpan(o + 4 + 4 * l));
            }
            TrainingInfo? training = null;
            if (root.TryGetProperty("training", out var t))
            {
                training = new TrainingInfo(t.GetProperty("fingerprint").GetString()!, t.GetProperty("samples").GetInt32(),
                    t.GetProperty("seed").GetInt32(), t.GetProperty("epochs").GetInt32(), t.GetProperty("l2").GetDouble(),
                    t.GetProperty("learningRate").GetDouble(), t.GetProperty("minCount").GetInt32())
                {
                    CrossValidation = t.TryGetProperty("crossValidation", out var cv) ? EvaluationReport.ReadJson(cv) : null,
                };
            }
            return new LinearPassageModel(settings, labels, weights, root.GetProperty("temperature").GetDouble(), training);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or InvalidDataException)
        {
            throw new FormatException($"{name}: not a readable passage model ({e.Message})", e);
        }
    }

    private static byte[] Inflate(byte[] data)
    {
        using var z = new DeflateStream(new MemoryStream(data), CompressionMode.Decompress);
        using var o = new MemoryStream();
        z.CopyTo(o);
        return o.ToArray();
    }
}
