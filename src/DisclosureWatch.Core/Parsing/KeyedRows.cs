using System.Text.RegularExpressions;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Parsing;

/// <summary>A template row: its key, how its label reads, and how many values it has.</summary>
internal sealed record RowSpec(string Key, Func<string, bool> Label, int Columns)
{
    /// <summary>A label that contains any of these words (ordinal comparison: labels are matched often).</summary>
    public static Func<string, bool> Any(params string[] words) => text =>
    {
        foreach (var w in words)
            if (text.Contains(w, StringComparison.Ordinal)) return true;
        return false;
    };
}

/// <summary>
/// Assigns value rows to template rows by their labels. A row's label is looked for on its own line first, then
/// with the fragments just before it, then with those just after (pdftotext wraps long labels around the numbers).
/// A key is taken once; a later row for it replaces an earlier one only when that one was blank (a header).
/// </summary>
internal static class KeyedRows
{
    public static (List<TableRow> Rows, List<ParseNote> Notes) Assign(
        string table, List<TableItem> items, IReadOnlyList<RowSpec> specs)
    {
        var rows = new Dictionary<string, TableRow>(StringComparer.Ordinal);
        var blank = new HashSet<string>(StringComparer.Ordinal);
        var notes = new List<ParseNote>();

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not ValueRow row) continue;
            bool Available(string key) => !rows.ContainsKey(key) || blank.Contains(key);

            // The label as written is the text the row was recognised by: its own, or with the fragments wrapped
            // around it. Most rows are named by their own label, so the wrapped candidates are made only when asked.
            var label = Squash(row.Label);
            string? before = null, after = null;
            string Before() => before ??= string.Concat(Neighbours(items, i, -1));
            string After() => after ??= string.Concat(Neighbours(items, i, +1));
            var candidates = new string?[row.AllBlank ? 1 : 4];
            string Candidate(int c) => candidates[c] ??= c switch
            {
                0 => label,
                1 => Before() + label,
                2 => label + After(),
                _ => Before() + label + After(),
            };
            var (spec, used) = First(specs, candidates.Length, Candidate, Available);
            // "（六）其他处理 0 0 …" with "1.申请人…逾期不补正" wrapped around it: the line is the group's first
            // sub-row, not the group given as one line.
            if (spec is { Key: var groupKey } && !groupKey.Contains('.') && specs.Any(s => s.Key.StartsWith(groupKey + ".", StringComparison.Ordinal)))
            {
                var sub = First(specs, candidates.Length, Candidate, k => k.StartsWith(groupKey + ".", StringComparison.Ordinal) && Available(k));
                if (sub.Spec is not null) (spec, used) = sub;
            }
            if (spec is null)
            {
                if (!row.AllBlank && row.Values.Any(v => v.Length > 0))
                    notes.Add(new ParseNote("ambiguous", table, null, "无法识别该行对应的模板栏目，数值未读取", row.Raw));
                continue;
            }

            var columns = spec.Columns;
            var fit = TableFit.Fit(row.Values, columns, row.Delimited, row.Label.Length > 0);
            if (rows.ContainsKey(spec.Key) && !blank.Contains(spec.Key)) continue;
            var written = used == 0 ? row.Label : Candidate(used);
            rows[spec.Key] = new TableRow(spec.Key, written, fit.Cells, fit.Stated, row.Line) { LabelWrapped = used > 0 };
            if (row.AllBlank) blank.Add(spec.Key); else blank.Remove(spec.Key);
            if (fit.Problem is not null) notes.Add(new ParseNote("ambiguous", table, spec.Key, fit.Problem, row.Raw));
            else if (fit.Stated != columns) notes.Add(new ParseNote("shape", table, spec.Key,
                $"{Template.Label(spec.Key)} 一行给出 {fit.Stated} 个数值，模板为 {columns} 栏", row.Raw));
        }

        var ordered = new List<TableRow>(rows.Count);
        foreach (var spec in specs)
            if (rows.TryGetValue(spec.Key, out var r)) ordered.Add(r);
        return (ordered, notes);
    }

    /// <summary>The first candidate text that names an available row, and its index (-1: none does).</summary>
    private static (RowSpec? Spec, int Index) First(IReadOnlyList<RowSpec> specs, int count, Func<int, string> candidate, Func<string, bool> available)
    {
        for (var i = 0; i < count; i++)
            if (Match(specs, candidate(i), available) is { } spec) return (spec, i);
        return (null, -1);
    }

    private static RowSpec? Match(IReadOnlyList<RowSpec> specs, string text, Func<string, bool> available)
    {
        if (text.Length == 0) return null;
        foreach (var spec in specs)
            if (spec.Label(text) && available(spec.Key)) return spec;
        return null;
    }

    /// <summary>Up to two fragments directly before (-1) or after (+1) item i, up to the next value row.</summary>
    private static IEnumerable<string> Neighbours(List<TableItem> items, int i, int direction)
    {
        var found = new List<string>();
        for (var j = i + direction; j >= 0 && j < items.Count && found.Count < 2; j += direction)
        {
            if (items[j] is not Fragment f) break;
            found.Add(Squash(f.Text));
        }
        if (direction < 0) found.Reverse();
        return found;
    }

    public static string Squash(string s) => s.Replace(" ", "").Replace("\u3000", "");
}
