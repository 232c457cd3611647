using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DisclosureWatch.Core.Classification;

/// <summary>Per-label precision, recall and F1.</summary>
public sealed record LabelScore(string Label, double Precision, double Recall, double F1, int Support);

/// <summary>Precision/recall/F1 per label, macro-F1, accuracy and the confusion matrix (rows: truth, columns: predicted).</summary>
public sealed class EvaluationReport
{
    public EvaluationReport(IReadOnlyList<string> labels, int[,] confusion)
    {
        Labels = labels;
        Confusion = confusion;
        var scores = new List<LabelScore>();
        var n = labels.Count;
        var correct = 0;
        var total = 0;
        for (var i = 0; i < n; i++)
        {
            int tp = confusion[i, i], fp = 0, fn = 0;
            for (var j = 0; j < n; j++)
            {
                if (j == i) continue;
                fp += confusion[j, i];
                fn += confusion[i, j];
            }
            var p = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
            var r = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
            var f = p + r == 0 ? 0 : 2 * p * r / (p + r);
            scores.Add(new LabelScore(labels[i], p, r, f, tp + fn));
            correct += tp;
            total += tp + fn;
        }
        PerLabel = scores;
        // Macro over the labels present in the truth (a label nobody wrote would count as a free zero).
        var present = scores.Where(s => s.Support > 0).ToList();
        MacroF1 = present.Count == 0 ? 0 : present.Average(s => s.F1);
        Accuracy = total == 0 ? 0 : (double)correct / total;
        Count = total;
    }

    public IReadOnlyList<string> Labels { get; }
    public int[,] Confusion { get; }
    public IReadOnlyList<LabelScore> PerLabel { get; }
    public double MacroF1 { get; }
    public double Accuracy { get; }
    public int Count { get; }

    /// <summary>Scores predictions against the truth. Labels outside <paramref name="labels"/> are added at the end.</summary>
    public static EvaluationReport Score(IReadOnlyList<string> labels, IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        var all = labels.ToList();
        foreach (var l in truth.Concat(predicted)) if (!all.Contains(l)) all.Add(l);
        var m = new int[all.Count, all.Count];
        for (var i = 0; i < truth.Count; i++) m[all.IndexOf(truth[i]), all.IndexOf(predicted[i])]++;
        return new EvaluationReport(all, m);
    }

    public string ToText()
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        var width = Math.Max(12, Labels.Max(l => l.Length) + 2);
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"label".PadRight(width)} precision  recall     F1  support");
        foreach (var s in PerLabel)
            sb.AppendLine(string.Format(ci, "{0}{1,9:0.000} {2,7:0.000} {3,6:0.000} {4,8}", s.Label.PadRight(width), s.Precision, s.Recall, s.F1, s.Support));
        sb.AppendLine(string.Format(ci, "macro-F1 {0:0.000}   accuracy {1:0.000}   passages {2}", MacroF1, Accuracy, Count));
        sb.AppendLine();
        sb.AppendLine("confusion (rows: truth, columns: predicted)");
        sb.Append("".PadRight(width));
        foreach (var l in Labels) sb.Append(Abbrev(l).PadLeft(8));
        sb.AppendLine();
        for (var i = 0; i < Labels.Count; i++)
        {
            sb.Append(Labels[i].PadRight(width));
            for (var j = 0; j < Labels.Count; j++) sb.Append(Confusion[i, j].ToString(ci).PadLeft(8));
            sb.AppendLine();
        }
        return sb.ToString().TrimEnd();
    }

    private static string Abbrev(string l) => l.Length <= 7 ? l : l[..7];

    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("macroF1", Math.Round(MacroF1, 6));
        w.WriteNumber("accuracy", Math.Round(Accuracy, 6));
        w.WriteNumber("count", Count);
        w.WriteStartArray("perLabel");
        foreach (var s in PerLabel)
        {
            w.WriteStartObject();
            w.WriteString("label", s.Label);
            w.WriteNumber("precision", Math.Round(s.Precision, 6));
            w.WriteNumber("recall", Math.Round(s.Recall, 6));
            w.WriteNumber("f1", Math.Round(s.F1, 6));
            w.WriteNumber("support", s.Support);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("labels");
        foreach (var l in Labels) w.WriteStringValue(l);
        w.WriteEndArray();
        w.WriteStartArray("confusion");
        for (var i = 0; i < Labels.Count; i++)
        {
            w.WriteStartArray();
            for (var j = 0; j < Labels.Count; j++) w.WriteNumberValue(Confusion[i, j]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static EvaluationReport ReadJson(JsonElement e)
    {
        var labels = e.GetProperty("labels").EnumerateArray().Select(x => x.GetString()!).ToArray();
        var m = new int[labels.Length, labels.Length];
        var i = 0;
        foreach (var row in e.GetProperty("confusion").EnumerateArray())
        {
            var j = 0;
            foreach (var c in row.EnumerateArray()) m[i, j++] = c.GetInt32();
            i++;
        }
        return new EvaluationReport(labels, m);
    }
}
