using System.Globalization;
using DisclosureWatch.Core.Classification;
using DisclosureWatch.Core.Narrative;

namespace DisclosureWatch.Worker.Classification;

/// <summary>A passage with where it came from.</summary>
public sealed record SourcedPassage(string Source, Passage Passage);

/// <summary>The passages the model is least sure of, for supervisors to label (CSV with an empty "label" column).</summary>
public static class UncertainPassages
{
    public static readonly string[] Header = ["source", "section", "context", "position", "text", "predicted", "confidence", "label"];

    /// <summary>The <paramref name="count"/> passages whose best label has the lowest (calibrated) confidence; ties go to the
    /// smaller margin between the two best labels, then input order.</summary>
    public static List<(SourcedPassage Item, Prediction Prediction, double Margin)> Select(LinearPassageModel model, IEnumerable<SourcedPassage> passages, int count)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var scored = new List<(SourcedPassage, Prediction, double)>();
        foreach (var sp in passages)
        {
            if (!seen.Add(sp.Passage.Text)) continue;
            var p = model.Predict(sp.Passage.Text, sp.Passage.Section, sp.Passage.Context, sp.Passage.Position);
            var sorted = p.Probabilities.OrderDescending().ToArray();
            scored.Add((sp, p, sorted[0] - (sorted.Length > 1 ? sorted[1] : 0)));
        }
        return scored.Select((s, i) => (s, i)).OrderBy(x => x.s.Item2.Confidence).ThenBy(x => x.s.Item3).ThenBy(x => x.i)
            .Take(count).Select(x => x.s).ToList();
    }

    public static void WriteCsv(TextWriter w, IEnumerable<(SourcedPassage Item, Prediction Prediction, double Margin)> rows)
    {
        w.Write('\uFEFF');
        Csv.WriteRow(w, Header);
        foreach (var (item, p, _) in rows)
            Csv.WriteRow(w, item.Source, item.Passage.Section.ToString(CultureInfo.InvariantCulture), item.Passage.Context, item.Passage.Position.ToString(CultureInfo.InvariantCulture),
                item.Passage.Text, p.Label, p.Confidence.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture), "");
    }
}
