namespace DisclosureWatch.Core.Parsing;

/// <summary>A value row taking part in the alignment, with the label fragments before it (since the previous unit).</summary>
internal sealed record RowUnit(ValueRow Row, string Own, LabelGap Gap, int Exact);

/// <summary>Label fragments between two units: their words, as written, and the blank row each came from (if one did).</summary>
internal sealed class LabelGap
{
    /// <summary>Null while the gap is empty, as most are (rows that follow each other): no list for them.</summary>
    private List<(string Norm, string Raw, ValueRow? Blank)>? fragments;
    public bool[] Claimed = [];
    public int Count => fragments?.Count ?? 0;

    /// <summary>Fragment <paramref name="f"/>'s words (<see cref="KeyedRows.Norm"/>).</summary>
    public string Norm(int f) => fragments![f].Norm;
    /// <summary>Fragment <paramref name="f"/> as written.</summary>
    public string Raw(int f) => fragments![f].Raw;
    /// <summary>The blank row fragment <paramref name="f"/> came from, if it did.</summary>
    public ValueRow? Blank(int f) => fragments![f].Blank;

    public void Add(string raw, ValueRow? blank = null)
    {
        var norm = KeyedRows.Norm(raw);
        if (norm.Length == 0) return;
        (fragments ??= []).Add((norm, raw, blank));
    }

    public void InsertFirst(LabelGap other, string raw, ValueRow? blank)
    {
        var moved = new LabelGap();
        for (var i = 0; i < other.Count; i++) moved.Add(other.Raw(i), other.Blank(i));
        moved.Add(raw, blank);
        if (moved.fragments is not null) (fragments ??= []).InsertRange(0, moved.fragments);
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
