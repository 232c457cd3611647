using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Parsing;

/// <summary>
/// A template row: its key, its value columns, and its label as the template words it — the labels it sits under
/// (<paramref name="Path"/>: 三、本年度办理结果, （三）不予公开), its own words (<paramref name="Labels"/>, alternatives)
/// and words a report may add or leave out (<paramref name="Free"/>: 部分公开's parenthesis). Words are compared
/// without ordinals, spaces and punctuation.
/// </summary>
internal sealed record RowSpec(string Key, int Columns, string[] Path, string[] Labels, string Free = "")
{
    public RowSpec(string key, int columns, params string[] labels) : this(key, columns, [], labels) { }
}

/// <summary>
/// Assigns value rows to template rows as a sequence. The rows of a statutory table come in the template's order,
/// so the observed rows (each with its own label and the label fragments around it: a wrapped label, a loose label
/// line, a heading above its little table) are aligned with the template's rows by dynamic programming: every
/// row scores by how much of a template label its text covers (dropped, added and substituted characters cost a
/// little each; ordinals and punctuation are ignored), each fragment counts for at most one row, and the keys
/// increase down the table. A garbled label is thereby placed by its neighbours, and a fragment two template rows
/// share by its position. A row whose best placement is not clearly better than its second best is left out with
/// the reason in the notes: a wrong number is worse than a null.
/// </summary>
internal static partial class KeyedRows
{
    /// <summary>What an assigned row gains for being placed at all: position counts, not only words.</summary>
    private const float Placed = 0.35f;
    /// <summary>The least label similarity a row needs to be placed.</summary>
    private const float MinSimilarity = 0.25f;
    /// <summary>How much better the chosen placement must be than any other for the row to be read.</summary>
    private const float Margin = 0.2f;
    /// <summary>What a character of the row's text that the template label does not explain costs (per label character).</summary>
    private const float Unexplained = 0.35f;
    /// <summary>How many label fragments on each side a row may take as its own (pdftotext wraps long labels).</summary>
    private const int MaxClaim = 2;

    /// <summary>A spec's labels prepared for comparison.</summary>
    private sealed class Template
    {
        public Template(IReadOnlyList<RowSpec> specs)
        {
            Specs = specs;
            Entries = new Entry[specs.Count][];
            var exact = new Dictionary<string, int>(StringComparer.Ordinal);
            var clashes = new HashSet<string>(StringComparer.Ordinal);
            for (var k = 0; k < specs.Count; k++)
            {
                var spec = specs[k];
                var path = spec.Path.Select(Norm).ToArray();
                var free = Norm(spec.Free);
                Entries[k] = spec.Labels.Select(l => new Entry(string.Concat(path), Norm(l), free)).ToArray();
                // The written forms: any of the labels above, the row's own words, with or without the free words.
                for (var mask = 0; mask < 1 << path.Length; mask++)
                {
                    var prefix = string.Concat(path.Where((_, i) => (mask & 1 << i) != 0));
                    foreach (var label in spec.Labels.Select(Norm))
                        foreach (var form in free.Length > 0 ? new[] { prefix + label, prefix + label + free } : [prefix + label])
                            if (!exact.TryAdd(form, k) && exact[form] != k) clashes.Add(form);
                }
            }
            foreach (var c in clashes) exact.Remove(c);
            Exact = exact;
            // A group's label is the start of its sub-rows' labels: "（六）其他处理" beside a wrapped "1.申请人…" is the
            // first sub-row, so a group row is aligned like any other rather than held by its exact label.
            IsGroup = specs.Select(s => specs.Any(o => o.Path.Length > 0 && Norm(o.Path[^1]) == Norm(s.Labels[0]) && o != s)).ToArray();
        }

        public IReadOnlyList<RowSpec> Specs { get; }
        public Entry[][] Entries { get; }
        public Dictionary<string, int> Exact { get; }
        public bool[] IsGroup { get; }

        public float Similarity(string text, int key, int ownStart = 0, int ownEnd = int.MaxValue)
        {
            var best = float.NegativeInfinity;
            foreach (var e in Entries[key]) best = Math.Max(best, e.Similarity(text, ownStart, Math.Min(ownEnd, text.Length)));
            return best;
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<RowSpec>, Template> Templates = [];

    /// <summary>
    /// A template label as one string with weights: the labels above (free to match), the row's own words (each
    /// worth 1) and its optional words (free).
    /// </summary>
    private sealed class Entry
    {
        private readonly string chars;
        private readonly bool[] own;
        private readonly int ownLength;

        public Entry(string path, string label, string free)
        {
            chars = path + label + free;
            own = new bool[chars.Length];
            for (var i = path.Length; i < path.Length + label.Length; i++) own[i] = true;
            ownLength = Math.Max(1, label.Length);
        }

        /// <summary>
        /// The share of the row's own words that the text says in order, less <see cref="Unexplained"/> for every
        /// character of the text that no template character explains: 1 for the template's words, about 0.9 with a
        /// character lost or changed, below 0 for another row's label. Characters of the fragments taken around the
        /// row's own text (outside ownStart..ownEnd) earn as much when explained as they cost when not: a label
        /// wrapped around its numbers reads as that row rather than as the shorter row its middle names
        /// ("（六）其他处理" between the halves of "1.申请人无正当理由逾期不补正…").
        /// </summary>
        public float Similarity(string text, int ownStart, int ownEnd)
        {
            // Most pairs are far apart: when too few of the row's own characters occur in the text at all, the
            // score cannot reach MinSimilarity, and the alignment below is not needed.
            ulong present = 0;
            foreach (var c in text) present |= 1UL << (c & 63);
            var possible = 0;
            for (var i = 0; i < chars.Length; i++)
                if (own[i] && (present >> (chars[i] & 63) & 1) != 0) possible++;
            if (possible * (1 + Unexplained) < MinSimilarity * ownLength) return -1;

            var m = chars.Length;
            Span<float> prev = m < 256 ? stackalloc float[m + 1] : new float[m + 1];
            Span<float> cur = m < 256 ? stackalloc float[m + 1] : new float[m + 1];
            prev.Clear();
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                var fragment = i < ownStart || i >= ownEnd ? Unexplained : 0;
                cur[0] = prev[0] - Unexplained;
                for (var j = 1; j <= m; j++)
                {
                    var best = prev[j] - Unexplained;
                    if (cur[j - 1] > best) best = cur[j - 1];
                    if (chars[j - 1] == c)
                    {
                        var matched = prev[j - 1] + (own[j - 1] ? 1 : 0) + fragment;
                        if (matched > best) best = matched;
                    }
                    cur[j] = best;
                }
                var swap = prev;
                prev = cur;
                cur = swap;
            }
            return prev[m] / ownLength;
        }
    }

    /// <summary>A value row taking part in the alignment, with the label fragments before it (since the previous unit).</summary>
    private sealed record Unit(ValueRow Row, string Own, Gap Gap, int Exact);

    /// <summary>Label fragments between two units: their words, as written, and the blank row each came from (if one did).</summary>
    private sealed class Gap
    {
        public readonly List<string> Norms = [];
        public readonly List<string> Raws = [];
        public readonly List<ValueRow?> Blanks = [];
        public bool[] Claimed = [];
        public int Count => Norms.Count;

        public void Add(string raw, ValueRow? blank = null)
        {
            var norm = Norm(raw);
            if (norm.Length == 0) return;
            Norms.Add(norm);
            Raws.Add(raw);
            Blanks.Add(blank);
        }

        public void InsertFirst(Gap other, string raw, ValueRow? blank)
        {
            var moved = new Gap();
            for (var i = 0; i < other.Count; i++) moved.Add(other.Raws[i], other.Blanks[i]);
            moved.Add(raw, blank);
            Norms.InsertRange(0, moved.Norms);
            Raws.InsertRange(0, moved.Raws);
            Blanks.InsertRange(0, moved.Blanks);
        }
    }

    public static (List<TableRow> Rows, List<ParseNote> Notes) Assign(string table, List<TableItem> items, IReadOnlyList<RowSpec> specs)
    {
        var template = Templates.GetValue(specs, s => new Template(s));
        var notes = new List<ParseNote>();
        var units = Units(items, template, out var trailing);
        if (units.Count == 0) return ([], notes);
        var k = specs.Count;

        // Rows whose own label is the template's words hold their place; the rest are aligned between them.
        var forced = units.Select(u => u.Exact >= 0 && !template.IsGroup[u.Exact] ? u.Exact : -1).ToArray();
        if (!StrictlyIncreasing(forced.Where(e => e >= 0))) Array.Fill(forced, -1);
        var rows = new Dictionary<string, TableRow>(StringComparer.Ordinal);
        var n = units.Count;
        var placedKey = new int[n];
        Array.Fill(placedKey, -1);
        for (var g = 0; g <= n; g++) GapAt(g).Claimed = new bool[GapAt(g).Count];
        var unordered = new List<int>();
        // The keys a row may take: between those of the rows that hold their place around it.
        var lo = new int[units.Count];
        var hi = new int[units.Count];
        for (int i = 0, last = -1; i < units.Count; i++) { lo[i] = last + 1; if (forced[i] >= 0) last = forced[i]; }
        for (int i = units.Count - 1, next = k; i >= 0; i--) { hi[i] = next - 1; if (forced[i] >= 0) next = forced[i]; }
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
        // A row out of the template's order has no place in the sequence: it is read only when its label (with the
        // unclaimed fragments beside it) says one free template row clearly.
        foreach (var i in unordered)
        {
            var unit = units[i];
            var before = unit.Gap;
            var after = GapAt(i + 1);
            int b0 = 0, c0 = 0;
            while (b0 < Math.Min(MaxClaim, before.Count) && !before.Claimed[before.Count - 1 - b0]) b0++;
            while (c0 < Math.Min(MaxClaim, after.Count) && !after.Claimed[c0] && !StartsRow(after.Raws[c0])) c0++;
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
                        var head = string.Concat(before.Norms.Skip(before.Count - b));
                        var text = head + unit.Own + string.Concat(after.Norms.Take(c));
                        if (text.Length == 0) continue;
                        var s = template.Similarity(text, key, head.Length, head.Length + unit.Own.Length);
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
            var written = string.Concat(before.Raws.Skip(before.Count - best.B)) + unit.Row.Label + string.Concat(after.Raws.Take(best.C));
            Place(specs[best.Key], unit.Row, written, best.B + best.C > 0);
        }
        }

        // Blank rows whose label is not the template's words: placed between the rows around them when the label
        // fits one free template row clearly (nothing is lost if not: they carry no numbers).
        var above = new int[n + 1];
        above[n] = k;
        for (var i = n - 1; i >= 0; i--) above[i] = placedKey[i] >= 0 ? placedKey[i] : above[i + 1];
        var lastKey = -1;
        for (var g = 0; g <= n; g++)
        {
            var gap = GapAt(g);
            for (var f = 0; f < gap.Count; f++)
            {
                if (gap.Claimed[f] || gap.Blanks[f] is not { } blank) continue;
                int best = -1, second = -1;
                float bestScore = float.NegativeInfinity, secondScore = float.NegativeInfinity;
                for (var key = lastKey + 1; key < above[g]; key++)
                {
                    if (rows.ContainsKey(specs[key].Key)) continue;
                    var s = template.Similarity(gap.Norms[f], key);
                    if (s > bestScore) { second = best; secondScore = bestScore; best = key; bestScore = s; }
                    else if (s > secondScore) { second = key; secondScore = s; }
                }
                if (best < 0 || bestScore < 0.5f || bestScore - secondScore < Margin) continue;
                Place(specs[best], blank, blank.Label, false);
                lastKey = best;
            }
            if (g < n && placedKey[g] >= 0) lastKey = placedKey[g];
        }

        void Align(int from, int to)
        {
            var n = to - from;
            int GapSize(int g) => GapAt(g).Count;
            string GapText(int g, int from, int count) => string.Concat(GapAt(g).Norms.Skip(from).Take(count));

            // Scores: unit i taking b fragments from the end of the gap before it and c from the start of the gap after.
            const int C = MaxClaim + 1;
            var neg = float.NegativeInfinity;
            var cache = new float[n, C, C, k];
            for (var i = 0; i < n; i++)
                for (var b = 0; b < C; b++) for (var c = 0; c < C; c++) for (var key = 0; key < k; key++) cache[i, b, c, key] = float.NaN;
            float Score(int i, int b, int c, int key)
            {
                if (forced[from + i] >= 0) return key == forced[from + i] && b == 0 && c == 0 ? 1 : neg;
                if (key < lo[from + i] || key > hi[from + i]) return neg;
                var s = cache[i, b, c, key];
                if (!float.IsNaN(s)) return s;
                var before = units[from + i].Gap.Count;
                var head = GapText(from + i, before - b, b);
                var text = head + units[from + i].Own + GapText(from + i + 1, 0, c);
                s = text.Length == 0 ? neg : template.Similarity(text, key, head.Length, head.Length + units[from + i].Own.Length);
                if (s < MinSimilarity) s = neg;
                return cache[i, b, c, key] = s;
            }
            int MaxBefore(int i, int takenByPrevious) => forced[from + i] >= 0 ? 0 : Math.Min(MaxClaim, units[from + i].Gap.Count - takenByPrevious);
            // A row of numbers without a label of its own (labels printed as lines apart from the numbers) takes its
            // label from above when there is one: read top to bottom, a label precedes its numbers, and a row that
            // could take either neighbour's label would make every row's placement a coin toss.
            int MaxAfter(int i)
            {
                if (forced[from + i] >= 0 || units[from + i].Own.Length == 0 && units[from + i].Gap.Count > 0) return 0;
                var max = Math.Min(MaxClaim, GapSize(from + i + 1));
                if (units[from + i].Own.Length == 0) return max;
                var c = 0;
                while (c < max && !StartsRow(GapAt(from + i + 1).Raws[c])) c++;
                return c;
            }

            // Forward: F[i, c, last + 1] = best score of units before i when unit i-1 took c fragments of gap i and the
            // last key placed is `last`. Backward: G[i, c, last + 1] = best score of units i.. in the same state.
            var F = new float[n + 1, C, k + 1];
            var G = new float[n + 1, C, k + 1];
            for (var c = 0; c < C; c++) for (var l = 0; l <= k; l++) { F[0, c, l] = c == 0 && l == 0 ? 0 : neg; G[n, c, l] = 0; }
            for (var i = 0; i < n; i++)
            {
                for (var c = 0; c < C; c++) for (var l = 0; l <= k; l++) F[i + 1, c, l] = neg;
                for (var cp = 0; cp < C; cp++)
                {
                    var bestBelow = neg; // max over last < key of F[i, cp, last + 1]
                    for (var l = 0; l <= k; l++)
                    {
                        if (forced[from + i] < 0 && F[i, cp, l] > F[i + 1, 0, l]) F[i + 1, 0, l] = F[i, cp, l]; // unit i not placed
                        if (l > 0) bestBelow = Math.Max(bestBelow, F[i, cp, l - 1]);
                        if (l == 0 || bestBelow == neg) continue;
                        for (var b = 0; b <= MaxBefore(i, cp); b++)
                            for (var c = 0; c <= MaxAfter(i); c++)
                            {
                                var s = Score(i, b, c, l - 1);
                                if (s != neg && bestBelow + Placed + s > F[i + 1, c, l]) F[i + 1, c, l] = bestBelow + Placed + s;
                            }
                    }
                }
            }
            for (var i = n - 1; i >= 0; i--)
                for (var cp = 0; cp < C; cp++)
                {
                    var bestAbove = neg; // max over key >= last + 1 of placing unit i at key
                    for (var l = k; l >= 0; l--)
                    {
                        if (l < k)
                            for (var b = 0; b <= MaxBefore(i, cp); b++)
                                for (var c = 0; c <= MaxAfter(i); c++)
                                {
                                    var s = Score(i, b, c, l);
                                    if (s != neg) bestAbove = Math.Max(bestAbove, Placed + s + G[i + 1, c, l + 1]);
                                }
                        G[i, cp, l] = Math.Max(bestAbove, forced[from + i] < 0 ? G[i + 1, 0, l] : neg);
                    }
                }

            // Each unit: its best placement against its best alternative (another key, or none).
            for (var i = 0; i < n; i++)
            {
                var unit = units[from + i];
                var byKey = new float[k];
                var how = new (int B, int C)[k];
                Array.Fill(byKey, neg);
                var skip = neg;
                for (var cp = 0; cp < C; cp++)
                {
                    var bestBelow = neg;
                    for (var l = 0; l <= k; l++)
                    {
                        if (forced[from + i] < 0 && F[i, cp, l] != neg) skip = Math.Max(skip, F[i, cp, l] + G[i + 1, 0, l]);
                        if (l > 0) bestBelow = Math.Max(bestBelow, F[i, cp, l - 1]);
                        if (l == 0 || bestBelow == neg) continue;
                        var key = l - 1;
                        for (var b = 0; b <= MaxBefore(i, cp); b++)
                            for (var c = 0; c <= MaxAfter(i); c++)
                            {
                                var s = Score(i, b, c, key);
                                if (s == neg) continue;
                                var total = bestBelow + Placed + s + G[i + 1, c, l];
                                if (total > byKey[key]) { byKey[key] = total; how[key] = (b, c); }
                            }
                    }
                }
                var chosen = -1;
                for (var key = 0; key < k; key++) if (byKey[key] != neg && (chosen < 0 || byKey[key] > byKey[chosen])) chosen = key;
                var hasValues = unit.Row.Values.Any(v => v.Length > 0);
                if (chosen < 0 || skip >= byKey[chosen])
                {
                    if (hasValues && chosen < 0) unordered.Add(from + i);
                    else if (hasValues) notes.Add(new ParseNote("ambiguous", table, null, "无法识别该行对应的模板栏目，数值未读取", unit.Row.Raw));
                    continue;
                }
                var second = skip;
                var rival = -1;
                for (var key = 0; key < k; key++) if (key != chosen && byKey[key] > second) { second = byKey[key]; rival = key; }
                var spec = specs[chosen];
                if (byKey[chosen] - second < Margin)
                {
                    if (hasValues) notes.Add(new ParseNote("ambiguous", table, spec.Key, rival >= 0
                        ? $"该行标签与“{Reports.Template.Label(spec.Key)}”和“{Reports.Template.Label(specs[rival].Key)}”同样接近，无法确定对应栏目，数值未读取"
                        : $"该行标签与“{Reports.Template.Label(spec.Key)}”相差较大，无法确定对应栏目，数值未读取", unit.Row.Raw));
                    continue;
                }

                var (takeBefore, takeAfter) = how[chosen];
                var before = unit.Gap;
                var after = GapAt(from + i + 1);
                for (var f = before.Count - takeBefore; f < before.Count; f++) before.Claimed[f] = true;
                for (var f = 0; f < takeAfter; f++) after.Claimed[f] = true;
                var written = string.Concat(before.Raws.Skip(before.Count - takeBefore)) + unit.Row.Label + string.Concat(after.Raws.Take(takeAfter));
                placedKey[from + i] = chosen;
                Place(spec, unit.Row, written, takeBefore + takeAfter > 0);
            }
        }

        Gap GapAt(int g) => g < units.Count ? units[g].Gap : trailing;

        // A fragment that is a template row's words behind that row's ordinal ("（七）总计" whose numbers were cut off
        // or lost) starts a row of its own: it is not the rest of a label wrapped from the row above. A row with a
        // label of its own ("3.入他", a garbled "3.其他") is placed by that label and its neighbours, and never takes
        // the next row's label and with it that row's place.
        bool StartsRow(string raw) =>
            RowOrdinal().IsMatch(raw) && template.Exact.TryGetValue(Norm(raw), out var key) && !template.IsGroup[key];

        void Place(RowSpec spec, ValueRow row, string written, bool wrapped)
        {
            var fit = TableFit.Fit(row.Values, spec.Columns, row.Delimited, row.Label.Length > 0);
            rows[spec.Key] = new TableRow(spec.Key, written, fit.Cells, fit.Stated, row.Line) { LabelWrapped = wrapped };
            if (fit.Problem is not null) notes.Add(new ParseNote("ambiguous", table, spec.Key, fit.Problem, row.Raw));
            else if (fit.Stated != spec.Columns) notes.Add(new ParseNote("shape", table, spec.Key,
                $"{Reports.Template.Label(spec.Key)} 一行给出 {fit.Stated} 个数值，模板为 {spec.Columns} 栏", row.Raw));
        }

        return (Ordered(), notes);

        List<TableRow> Ordered()
        {
            var ordered = new List<TableRow>(rows.Count);
            foreach (var spec in specs)
                if (rows.TryGetValue(spec.Key, out var r)) ordered.Add(r);
            return ordered;
        }
    }

    /// <summary>
    /// The value rows to align, each with the fragments before it. A blank row whose label is not the template's
    /// words is a fragment too (a wrapped label's first line in a delimited table); a blank row that names a row
    /// exactly gives way to a row with values for the same key (a header above the numbers).
    /// </summary>
    private static List<Unit> Units(List<TableItem> items, Template template, out Gap trailing)
    {
        var units = new List<Unit>();
        var gap = new Gap();
        foreach (var item in items)
        {
            if (item is Fragment f)
            {
                gap.Add(f.Text);
                continue;
            }
            var row = (ValueRow)item;
            var own = Norm(row.Label);
            var exact = template.Exact.TryGetValue(own, out var e) ? e : -1;
            if (row.AllBlank && exact < 0)
            {
                gap.Add(row.Label, row);
                continue;
            }
            units.Add(new Unit(row, own, gap, exact));
            gap = new Gap();
        }
        trailing = gap;

        // A blank exact row followed by a valued one of the same key: the blank one is a header.
        for (var i = units.Count - 1; i >= 0; i--)
        {
            var u = units[i];
            if (u.Exact < 0 || !u.Row.AllBlank) continue;
            if (!units.Any(o => !ReferenceEquals(o, u) && o.Exact == u.Exact && !o.Row.AllBlank)) continue;
            (i + 1 < units.Count ? units[i + 1].Gap : trailing).InsertFirst(u.Gap, u.Row.Label, null);
            units.RemoveAt(i);
        }
        return units;
    }

    /// <summary>A row's ordinal at the start of its label: 一、 （三） (3) 3. 3、</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}\s*[.．、])")]
    private static partial System.Text.RegularExpressions.Regex RowOrdinal();

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

    /// <summary>
    /// A label's words for comparison: Han characters only, without ordinals (一、 （三） 3.) — spaces, digits,
    /// punctuation and quotes dropped. 危及“三安全一稳定” keeps its 三 and 一.
    /// </summary>
    public static string Norm(string s)
    {
        if (s.Length == 0) return s;
        Span<char> buffer = s.Length <= 256 ? stackalloc char[s.Length] : new char[s.Length];
        var n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is < '\u3400' or > '\u9FFF') continue;
            if ("一二三四五六七八九十".Contains(c))
            {
                var next = NextVisible(s, i + 1);
                var prev = i > 0 ? s[i - 1] : '\0';
                if (next is '、' or '.' or '．' or '，' or ',') continue;
                if (prev is '（' or '(' && next is '）' or ')') continue;
            }
            buffer[n++] = c;
        }
        return n == s.Length ? s : new string(buffer[..n]);
    }

    private static char NextVisible(string s, int from)
    {
        for (var i = from; i < s.Length; i++)
            if (s[i] is not (' ' or '\u3000')) return s[i];
        return '\0';
    }
}
