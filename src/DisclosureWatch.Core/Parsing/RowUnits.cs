namespace DisclosureWatch.Core.Parsing;

/// <summary>A value row taking part in the alignment, with the label fragments before it (since the previous unit).</summary>
internal sealed record RowUnit(ValueRow Row, string Own, LabelGap Gap, int Exact);

/// <summary>Label fragments between two units: their words, as written, and the blank row each came from (if one did).</summary>
internal sealed class LabelGap
{
    public readonly List<string> Norms = [];
    public readonly List<string> Raws = [];
    public readonly List<ValueRow?> Blanks = [];
    public bool[] Claimed = [];
    public int Count => Norms.Count;

    public void Add(string raw, ValueRow? blank = null)
    {
        var norm = KeyedRows.Norm(raw);
        if (norm.Length == 0) return;
        Norms.Add(norm);
        Raws.Add(raw);
        Blanks.Add(blank);
    }

    public void InsertFirst(LabelGap other, string raw, ValueRow? blank)
    {
        var moved = new LabelGap();
        for (var i = 0; i < other.Count; i++) moved.Add(other.Raws[i], other.Blanks[i]);
        moved.Add(raw, blank);
        Norms.InsertRange(0, moved.Norms);
        Raws.InsertRange(0, moved.Raws);
        Blanks.InsertRange(0, moved.Blanks);
    }
}

/// <summary>Groups the items of a table region into the units of the alignment.</summary>
internal static class RowUnits
{
    /// <summary>
    /// The value rows to align, each with the fragments before it. A blank row whose label is not the template's
    /// words is a fragment too (a wrapped label's first line in a delimited table); a blank row that names a row
    /// exactly gives way to a row with values for the same key (a header above the numbers).
    /// </summary>
    public static List<RowUnit> Read(List<TableItem> items, RowLabels template, out LabelGap trailing)
    {
        var units = new List<RowUnit>();
        var gap = new LabelGap();
        foreach (var item in items)
        {
            if (item is Fragment f)
            {
                gap.Add(f.Text);
                continue;
            }
            var row = (ValueRow)item;
            var own = KeyedRows.Norm(row.Label);
            var exact = template.Exact.TryGetValue(own, out var e) ? e : -1;
            if (row.AllBlank && exact < 0)
            {
                gap.Add(row.Label, row);
                continue;
            }
            units.Add(new RowUnit(row, own, gap, exact));
            gap = new LabelGap();
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
}
