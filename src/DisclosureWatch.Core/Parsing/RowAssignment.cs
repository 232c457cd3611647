using System.Buffers;
using DisclosureWatch.Core.Reports;
using static DisclosureWatch.Core.Parsing.KeyedRows;

namespace DisclosureWatch.Core.Parsing;

/// <summary>
/// One assignment of a table region's value rows to template rows (see <see cref="KeyedRows"/>): rows that say their
/// template row's words hold their place, the runs between them are aligned (<see cref="Align"/>), rows out of order
/// are read only by a clear label, and blank rows are placed last.
/// </summary>
internal sealed partial class RowAssignment
{
    private readonly string table;
    private readonly IReadOnlyList<RowSpec> specs;
    private readonly RowLabels template;
    private readonly List<RowUnit> units;
    private readonly LabelGap trailing;
    private readonly List<ParseNote> notes = [];
    private readonly Dictionary<string, TableRow> rows;
    /// <summary>The key a unit holds by its exact words, or -1.</summary>
    private int[] forced = [];
    /// <summary>The key each unit was placed at, or -1.</summary>
    private int[] placedKey = [];
    /// <summary>The keys a unit may take: between those of the units that hold their place around it.</summary>
    private int[] lo = [], hi = [];
    /// <summary>Units with values that no placement in the sequence fits.</summary>
    private readonly List<int> unordered = [];

    public RowAssignment(string table, RowLabels template, List<TableItem> items)
    {
        this.table = table;
        this.template = template;
        specs = template.Specs;
        rows = new(specs.Count, StringComparer.Ordinal); // sized once: t3 places up to 29 rows
        units = RowUnits.Read(items, template, out trailing);
    }

    public (List<TableRow> Rows, List<ParseNote> Notes) Run()
    {
        if (units.Count == 0) return ([], notes);
        var k = specs.Count;

        // Rows whose own label is the template's words hold their place; the rest are aligned between them.
        forced = units.Select(u => u.Exact >= 0 && !template.IsGroup[u.Exact] ? u.Exact : -1).ToArray();
        if (!StrictlyIncreasing(forced.Where(e => e >= 0))) Array.Fill(forced, -1);
        var n = units.Count;
        placedKey = new int[n];
        Array.Fill(placedKey, -1);
        for (var g = 0; g <= n; g++) GapAt(g).Claimed = GapAt(g).Count == 0 ? [] : new bool[GapAt(g).Count];
        lo = new int[n];
        hi = new int[n];
        for (int i = 0, last = -1; i < n; i++) { lo[i] = last + 1; if (forced[i] >= 0) last = forced[i]; }
        for (int i = n - 1, next = k; i >= 0; i--) { hi[i] = next - 1; if (forced[i] >= 0) next = forced[i]; }
        if (forced.All(f => f >= 0))
        {
            // Every row says its template row's words, in order: nothing to align.
            for (var i = 0; i < n; i++)
            {
                Place(specs[forced[i]], units[i].Row, units[i].Row.Label, false);
                placedKey[i] = forced[i];
            }
        }
        else
        {
            // Rows that hold their place split the table: the rows between two of them are aligned on their own.
            for (var from = 0; from < n;)
            {
                if (forced[from] >= 0)
                {
                    Place(specs[forced[from]], units[from].Row, units[from].Row.Label, false);
                    placedKey[from] = forced[from];
                    from++;
                    continue;
                }
                var to = from;
                while (to < n && forced[to] < 0) to++;
                Align(from, to);
                from = to;
            }
            PlaceUnordered();
        }
        PlaceBlankRows();
        return (Ordered(), notes);
    }

    /// <summary>
    /// A row out of the template's order has no place in the sequence: it is read only when its label (with the
    /// unclaimed fragments beside it) says one free template row clearly.
    /// </summary>
    private void PlaceUnordered()
    {
        var k = specs.Count;
        foreach (var i in unordered)
        {
            var unit = units[i];
            var before = unit.Gap;
            var after = GapAt(i + 1);
            int b0 = 0, c0 = 0;
            while (b0 < Math.Min(MaxClaim, before.Count) && !before.Claimed[before.Count - 1 - b0]) b0++;
            while (c0 < Math.Min(MaxClaim, after.Count) && !after.Claimed[c0] && !StartsRow(after.Raw(c0))) c0++;
            (int Key, int B, int C) best = (-1, 0, 0), second = (-1, 0, 0);
            float bestScore = float.NegativeInfinity, secondScore = float.NegativeInfinity;
            for (var key = 0; key < k; key++)
            {
                if (rows.ContainsKey(specs[key].Key)) continue;
                var keyBest = float.NegativeInfinity;
                var keyHow = (0, 0);
                for (var b = 0; b <= b0; b++)
                    for (var c = 0; c <= c0; c++)
                    {
                        if (UnitSimilarity(i, b, c, key) is not { } s) continue;
                        if (s > keyBest) { keyBest = s; keyHow = (b, c); }
                    }
                if (keyBest > bestScore) { second = best; secondScore = bestScore; best = (key, keyHow.Item1, keyHow.Item2); bestScore = keyBest; }
                else if (keyBest > secondScore) { second = (key, 0, 0); secondScore = keyBest; }
            }
            if (best.Key < 0 || bestScore < 0.75f || bestScore - secondScore < Margin)
            {
                notes.Add(new ParseNote("ambiguous", table, null, "无法识别该行对应的模板栏目，数值未读取", unit.Row.Raw));
                continue;
            }
            for (var f = before.Count - best.B; f < before.Count; f++) before.Claimed[f] = true;
            for (var f = 0; f < best.C; f++) after.Claimed[f] = true;
            var written = Written(before, best.B, unit.Row.Label, after, best.C);
            Place(specs[best.Key], unit.Row, written, best.B + best.C > 0);
        }
    }

    /// <summary>
    /// Blank rows whose label is not the template's words: placed between the rows around them when the label
    /// fits one free template row clearly (nothing is lost if not: they carry no numbers).
    /// </summary>
    private void PlaceBlankRows()
    {
        var n = units.Count;
        var k = specs.Count;
        var above = new int[n + 1];
        above[n] = k;
        for (var i = n - 1; i >= 0; i--) above[i] = placedKey[i] >= 0 ? placedKey[i] : above[i + 1];
        var lastKey = -1;
        for (var g = 0; g <= n; g++)
        {
            var gap = GapAt(g);
            for (var f = 0; f < gap.Count; f++)
            {
                if (gap.Claimed[f] || gap.Blank(f) is not { } blank) continue;
                int best = -1, second = -1;
                float bestScore = float.NegativeInfinity, secondScore = float.NegativeInfinity;
                for (var key = lastKey + 1; key < above[g]; key++)
                {
                    if (rows.ContainsKey(specs[key].Key)) continue;
                    var s = template.Similarity(gap.Norm(f), key);
                    if (s > bestScore) { second = best; secondScore = bestScore; best = key; bestScore = s; }
                    else if (s > secondScore) { second = key; secondScore = s; }
                }
                if (best < 0 || bestScore < 0.5f || bestScore - secondScore < Margin) continue;
                Place(specs[best], blank, blank.Label, false);
                lastKey = best;
            }
            if (g < n && placedKey[g] >= 0) lastKey = placedKey[g];
        }
    }

    /// <summary>A row's label as written: its own, with the last <paramref name="b"/> fragments before it and the first
    /// <paramref name="c"/> after it that it took (most rows take none: their own label, no new string).</summary>
    private static string Written(LabelGap before, int b, string label, LabelGap after, int c)
    {
        if (b == 0 && c == 0) return label;
        var parts = new string[b + 1 + c];
        for (var f = 0; f < b; f++) parts[f] = before.Raw(before.Count - b + f);
        parts[b] = label;
        for (var f = 0; f < c; f++) parts[b + 1 + f] = after.Raw(f);
        return string.Concat(parts);
    }

    private LabelGap GapAt(int g) => g < units.Count ? units[g].Gap : trailing;

    /// <summary>
    /// How well unit <paramref name="u"/> reads as template row <paramref name="key"/> with the last <paramref name="b"/>
    /// fragments of the gap before it and the first <paramref name="c"/> of the gap after it (null: no text at all).
    /// The text is put together on the stack: the alignment asks for thousands of these a table.
    /// </summary>
    private float? UnitSimilarity(int u, int b, int c, int key)
    {
        var before = units[u].Gap;
        var after = GapAt(u + 1);
        var own = units[u].Own;
        c = Math.Min(c, after.Count);
        var head = 0;
        for (var f = before.Count - b; f < before.Count; f++) head += before.Norm(f).Length;
        var length = head + own.Length;
        for (var f = 0; f < c; f++) length += after.Norm(f).Length;
        if (length == 0) return null;

        char[]? rented = null;
        var text = length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(length));
        var at = 0;
        for (var f = before.Count - b; f < before.Count; f++) at += Copy(before.Norm(f), text[at..]);
        at += Copy(own, text[at..]);
        for (var f = 0; f < c; f++) at += Copy(after.Norm(f), text[at..]);
        var similarity = template.Similarity(text[..length], key, head, head + own.Length);
        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        return similarity;

        static int Copy(string part, Span<char> into)
        {
            part.CopyTo(into);
            return part.Length;
        }
    }

    // A fragment that is a template row's words behind that row's ordinal ("（七）总计" whose numbers were cut off
    // or lost) starts a row of its own: it is not the rest of a label wrapped from the row above. A row with a
    // label of its own ("3.入他", a garbled "3.其他") is placed by that label and its neighbours, and never takes
    // the next row's label and with it that row's place.
    private bool StartsRow(string raw) =>
        RowOrdinal().IsMatch(raw) && template.Exact.TryGetValue(Norm(raw), out var key) && !template.IsGroup[key];

    private void Place(RowSpec spec, ValueRow row, string written, bool wrapped)
    {
        var fit = TableFit.Fit(row.Values, spec.Columns, row.Delimited, row.Label.Length > 0);
        rows[spec.Key] = new TableRow(spec.Key, written, fit.Cells, fit.Stated, row.Line) { LabelWrapped = wrapped };
        if (fit.Problem is not null) notes.Add(new ParseNote("ambiguous", table, spec.Key, fit.Problem, row.Raw));
        else if (fit.Stated != spec.Columns) notes.Add(new ParseNote("shape", table, spec.Key,
            $"{Reports.Template.Label(spec.Key)} 一行给出 {fit.Stated} 个数值，模板为 {spec.Columns} 栏", row.Raw));
    }

    private List<TableRow> Ordered()
    {
        var ordered = new List<TableRow>(rows.Count);
        foreach (var spec in specs)
            if (rows.TryGetValue(spec.Key, out var r)) ordered.Add(r);
        return ordered;
    }

    private static bool StrictlyIncreasing(IEnumerable<int> keys)
    {
        var last = -1;
        foreach (var k in keys)
        {
            if (k <= last) return false;
            last = k;
        }
        return true;
    }
}
