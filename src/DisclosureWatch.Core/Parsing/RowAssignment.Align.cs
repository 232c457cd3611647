using System.Buffers;
using DisclosureWatch.Core.Reports;
using static DisclosureWatch.Core.Parsing.KeyedRows;

namespace DisclosureWatch.Core.Parsing;

internal sealed partial class RowAssignment
{
    /// <summary>
    /// Aligns the units from..to (none of which holds its place) with the template rows between their neighbours':
    /// a forward and a backward pass over (unit, fragments taken from the next gap, last key placed), then each
    /// unit's best placement against its best alternative.
    /// </summary>
    private void Align(int from, int to)
    {
        var n = to - from;
        var k = specs.Count;
        // The score tables (a 26-row table of 29 keys: ~50 KB a table) are pooled and indexed flat.
        const int C = MaxClaim + 1;
        var cacheLength = n * C * C * k;
        var fgLength = (n + 1) * C * (k + 1);
        var cache = ArrayPool<float>.Shared.Rent(cacheLength);
        var F = ArrayPool<float>.Shared.Rent(fgLength);
        var G = ArrayPool<float>.Shared.Rent(fgLength);
        try
        {
            cache.AsSpan(0, cacheLength).Fill(float.NaN);
            Align(from, n, cache, F, G);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(cache);
            ArrayPool<float>.Shared.Return(F);
            ArrayPool<float>.Shared.Return(G);
        }
    }

    /// <inheritdoc cref="Align(int, int)"/>
    private void Align(int from, int n, float[] cache, float[] F, float[] G)
    {
        var k = specs.Count;
        int GapSize(int g) => GapAt(g).Count;

        // Scores: unit i taking b fragments from the end of the gap before it and c from the start of the gap after,
        // cache[i, b, c, key] at cache[At(i, b, c, key)].
        const int C = MaxClaim + 1;
        var neg = float.NegativeInfinity;
        int At(int i, int b, int c, int key) => ((i * C + b) * C + c) * k + key;
        float Score(int i, int b, int c, int key)
        {
            if (forced[from + i] >= 0) return key == forced[from + i] && b == 0 && c == 0 ? 1 : neg;
            if (key < lo[from + i] || key > hi[from + i]) return neg;
            var s = cache[At(i, b, c, key)];
            if (!float.IsNaN(s)) return s;
            s = UnitSimilarity(from + i, b, c, key) ?? neg;
            if (s < MinSimilarity) s = neg;
            return cache[At(i, b, c, key)] = s;
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
            while (c < max && !StartsRow(GapAt(from + i + 1).Raw(c))) c++;
            return c;
        }
        // once a unit, not in the loops below (StartsRow normalises the fragment: thousands of strings a table)
        var maxAfter = new int[n];
        for (var i = 0; i < n; i++) maxAfter[i] = MaxAfter(i);

        // (F[i, c, l] and G[i, c, l] at F[FG(i, c, l)] and G[FG(i, c, l)])
        int FG(int i, int c, int l) => (i * C + c) * (k + 1) + l;
        // Forward: F[i, c, last + 1] = best score of units before i when unit i-1 took c fragments of gap i and the
        // last key placed is `last`. Backward: G[i, c, last + 1] = best score of units i.. in the same state.
        for (var c = 0; c < C; c++) for (var l = 0; l <= k; l++) { F[FG(0, c, l)] = c == 0 && l == 0 ? 0 : neg; G[FG(n, c, l)] = 0; }
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < C; c++) for (var l = 0; l <= k; l++) F[FG(i + 1, c, l)] = neg;
            for (var cp = 0; cp < C; cp++)
            {
                var bestBelow = neg; // max over last < key of F[i, cp, last + 1]
                for (var l = 0; l <= k; l++)
                {
                    if (forced[from + i] < 0 && F[FG(i, cp, l)] > F[FG(i + 1, 0, l)]) F[FG(i + 1, 0, l)] = F[FG(i, cp, l)]; // unit i not placed
                    if (l > 0) bestBelow = Math.Max(bestBelow, F[FG(i, cp, l - 1)]);
                    if (l == 0 || bestBelow == neg) continue;
                    for (var b = 0; b <= MaxBefore(i, cp); b++)
                        for (var c = 0; c <= maxAfter[i]; c++)
                        {
                            var s = Score(i, b, c, l - 1);
                            if (s != neg && bestBelow + Placed + s > F[FG(i + 1, c, l)]) F[FG(i + 1, c, l)] = bestBelow + Placed + s;
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
                            for (var c = 0; c <= maxAfter[i]; c++)
                            {
                                var s = Score(i, b, c, l);
                                if (s != neg) bestAbove = Math.Max(bestAbove, Placed + s + G[FG(i + 1, c, l + 1)]);
                            }
                    G[FG(i, cp, l)] = Math.Max(bestAbove, forced[from + i] < 0 ? G[FG(i + 1, 0, l)] : neg);
                }
            }

        // Each unit: its best placement against its best alternative (another key, or none).
        var byKey = new float[k];
        var how = new (int B, int C)[k];
        for (var i = 0; i < n; i++)
        {
            var unit = units[from + i];
            Array.Fill(byKey, neg);
            var skip = neg;
            for (var cp = 0; cp < C; cp++)
            {
                var bestBelow = neg;
                for (var l = 0; l <= k; l++)
                {
                    if (forced[from + i] < 0 && F[FG(i, cp, l)] != neg) skip = Math.Max(skip, F[FG(i, cp, l)] + G[FG(i + 1, 0, l)]);
                    if (l > 0) bestBelow = Math.Max(bestBelow, F[FG(i, cp, l - 1)]);
                    if (l == 0 || bestBelow == neg) continue;
                    var key = l - 1;
                    for (var b = 0; b <= MaxBefore(i, cp); b++)
                        for (var c = 0; c <= maxAfter[i]; c++)
                        {
                            var s = Score(i, b, c, key);
                            if (s == neg) continue;
                            var total = bestBelow + Placed + s + G[FG(i + 1, c, l)];
                            if (total > byKey[key]) { byKey[key] = total; how[key] = (b, c); }
                        }
                }
            }
            var chosen = -1;
            for (var key = 0; key < k; key++) if (byKey[key] != neg && (chosen < 0 || byKey[key] > byKey[chosen])) chosen = key;
            var hasValues = !unit.Row.AllBlank;
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
            var written = Written(before, takeBefore, unit.Row.Label, after, takeAfter);
            placedKey[from + i] = chosen;
            Place(spec, unit.Row, written, takeBefore + takeAfter > 0);
        }
    }
}
