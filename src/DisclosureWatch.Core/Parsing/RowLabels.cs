namespace DisclosureWatch.Core.Parsing;

/// <summary>A spec list's labels prepared for comparison: each row's written forms (held by their exact words) and its
/// weighted label strings (for the similarity of a garbled or wrapped label).</summary>
internal sealed class RowLabels
{
    private RowLabels(IReadOnlyList<RowSpec> specs)
    {
        Specs = specs;
        Entries = new LabelEntry[specs.Count][];
        var exact = new Dictionary<string, int>(StringComparer.Ordinal);
        var clashes = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < specs.Count; k++)
        {
            var spec = specs[k];
            var path = spec.Path.Select(KeyedRows.Norm).ToArray();
            var free = KeyedRows.Norm(spec.Free);
            Entries[k] = spec.Labels.Select(l => new LabelEntry(string.Concat(path), KeyedRows.Norm(l), free)).ToArray();
            // The written forms: any of the labels above, the row's own words, with or without the free words.
            for (var mask = 0; mask < 1 << path.Length; mask++)
            {
                var prefix = string.Concat(path.Where((_, i) => (mask & 1 << i) != 0));
                foreach (var label in spec.Labels.Select(KeyedRows.Norm))
                    foreach (var form in free.Length > 0 ? new[] { prefix + label, prefix + label + free } : [prefix + label])
                        if (!exact.TryAdd(form, k) && exact[form] != k) clashes.Add(form);
            }
        }
        foreach (var c in clashes) exact.Remove(c);
        Exact = exact;
        // A group's label is the start of its sub-rows' labels: "（六）其他处理" beside a wrapped "1.申请人…" is the
        // first sub-row, so a group row is aligned like any other rather than held by its exact label.
        IsGroup = specs.Select(s => specs.Any(o => o.Path.Length > 0 && KeyedRows.Norm(o.Path[^1]) == KeyedRows.Norm(s.Labels[0]) && o != s)).ToArray();
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<RowSpec>, RowLabels> Prepared = [];

    /// <summary>The labels of a spec list, prepared once per list.</summary>
    public static RowLabels For(IReadOnlyList<RowSpec> specs) => Prepared.GetValue(specs, s => new RowLabels(s));

    public IReadOnlyList<RowSpec> Specs { get; }
    public LabelEntry[][] Entries { get; }
    public Dictionary<string, int> Exact { get; }
    public bool[] IsGroup { get; }

    public float Similarity(ReadOnlySpan<char> text, int key, int ownStart = 0, int ownEnd = int.MaxValue)
    {
        var best = float.NegativeInfinity;
        foreach (var e in Entries[key]) best = Math.Max(best, e.Similarity(text, ownStart, Math.Min(ownEnd, text.Length)));
        return best;
    }
}

/// <summary>
/// A template label as one string with weights: the labels above (free to match), the row's own words (each
/// worth 1) and its optional words (free).
/// </summary>
internal sealed class LabelEntry
{
    private readonly string chars;
    private readonly bool[] own;
    private readonly int ownLength;

    public LabelEntry(string path, string label, string free)
    {
        chars = path + label + free;
        own = new bool[chars.Length];
        for (var i = path.Length; i < path.Length + label.Length; i++) own[i] = true;
        ownLength = Math.Max(1, label.Length);
    }

    /// <summary>
    /// The share of the row's own words that the text says in order, less <see cref="KeyedRows.Unexplained"/> for every
    /// character of the text that no template character explains: 1 for the template's words, about 0.9 with a
    /// character lost or changed, below 0 for another row's label. Characters of the fragments taken around the
    /// row's own text (outside ownStart..ownEnd) earn as much when explained as they cost when not: a label
    /// wrapped around its numbers reads as that row rather than as the shorter row its middle names
    /// ("（六）其他处理" between the halves of "1.申请人无正当理由逾期不补正…").
    /// </summary>
    public float Similarity(ReadOnlySpan<char> text, int ownStart, int ownEnd)
    {
        // Most pairs are far apart: when too few of the row's own characters occur in the text at all, the
        // score cannot reach KeyedRows.MinSimilarity, and the alignment below is not needed.
        ulong present = 0;
        foreach (var c in text) present |= 1UL << (c & 63);
        var possible = 0;
        for (var i = 0; i < chars.Length; i++)
            if (own[i] && (present >> (chars[i] & 63) & 1) != 0) possible++;
        if (possible * (1 + KeyedRows.Unexplained) < KeyedRows.MinSimilarity * ownLength) return -1;

        var m = chars.Length;
        Span<float> prev = m < 256 ? stackalloc float[m + 1] : new float[m + 1];
        Span<float> cur = m < 256 ? stackalloc float[m + 1] : new float[m + 1];
        prev.Clear();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var fragment = i < ownStart || i >= ownEnd ? KeyedRows.Unexplained : 0;
            cur[0] = prev[0] - KeyedRows.Unexplained;
            for (var j = 1; j <= m; j++)
            {
                var best = prev[j] - KeyedRows.Unexplained;
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
