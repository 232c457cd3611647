using System.Text.RegularExpressions;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Parsing;

/// <summary>An item of a table region: a label fragment (no values) or a row of values with its label.</summary>
internal abstract record TableItem(int Line);

/// <summary>Text without values: a header, a wrapped part of a label, a vertical label's character.</summary>
internal sealed record Fragment(int Line, string Text, bool Delimited = false) : TableItem(Line);

/// <summary>A row's label as written and its value cells (delimited rows keep blank cells; layout rows have only tokens).</summary>
internal sealed record ValueRow(int Line, string Label, IReadOnlyList<string> Values, bool Delimited, string Raw) : TableItem(Line)
{
    public bool AllBlank
    {
        get
        {
            for (var i = 0; i < Values.Count; i++) if (Values[i].Length > 0) return false;
            return true;
        }
    }
}

/// <summary>
/// Turns the lines of a table region into label fragments and value rows, whatever the layout: cells from
/// html/docx, tab- or '|'-separated rows, one cell per line (rows separated by blank lines), or pdftotext
/// -layout text where values are the numbers at the end of a line and labels wrap around them.
/// </summary>
internal static partial class RowReader
{
    public static List<TableItem> Read(IReadOnlyList<TextLine> region)
    {
        var items = new List<TableItem>();
        var cellPerLine = IsCellPerLine(region);
        var pending = new List<string>();
        var pendingLine = -1;

        void Flush()
        {
            if (pending.Count > 0) AddDelimited(items, pendingLine, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pending), string.Join(" | ", pending));
            pending.Clear();
            pendingLine = -1;
        }

        for (var r = 0; r < region.Count; r++) // (an index, not an enumerator object per table region)
        {
            var line = region[r];
            if (cellPerLine)
            {
                if (line.Raw.AsSpan().Trim(" \r").IsEmpty && !line.Raw.Contains('\t')) { Flush(); continue; }
                if (IsSingleCell(line))
                {
                    var cell = TextLine.Clean(line.Raw);
                    if (cell.Length > 0 && !TableCell.LooksLikeValue(cell) && pending.Any(TableCell.LooksLikeValue)) Flush();
                    if (pendingLine < 0) pendingLine = line.Index;
                    pending.Add(cell);
                    continue;
                }
                Flush();
            }
            if (line.IsBlank && !line.HasFormatCells) continue;
            if (line.Cells is { } cells) AddDelimited(items, line.Index, cells, line.Raw);
            else AddLayout(items, line);
        }
        Flush();
        return MergeSingleValues(items);
    }

    /// <summary>
    /// The lines a table occupies: from its first value row back over its header cells (delimited fragments, or
    /// short lines without a full stop) to its last value row and the label fragments wrapped just after it.
    /// </summary>
    public static (int First, int Last)? Extent(List<TableItem> items)
    {
        var first = items.FindIndex(i => i is ValueRow);
        if (first < 0) return null;
        var last = items.FindLastIndex(i => i is ValueRow);
        static bool Header(TableItem i) => i is Fragment f && (f.Delimited || f.Text.Length <= 40 && !f.Text.Contains('。'));
        while (first > 0 && Header(items[first - 1])) first--;
        var lastLine = items[last].Line;
        while (last + 1 < items.Count && items[last + 1] is Fragment { Text.Length: <= 40 } f && !f.Text.Contains('。') && f.Line <= lastLine + 3) last++;
        return (items[first].Line, items[last].Line);
    }

    /// <summary>Seed-004-style: each cell on its own tab-indented line, rows separated by empty lines.</summary>
    private static bool IsCellPerLine(IReadOnlyList<TextLine> region)
    {
        int single = 0, nonEmpty = 0;
        for (var r = 0; r < region.Count; r++)
        {
            var l = region[r];
            if (l.Raw.Length == 0) continue;
            nonEmpty++;
            if (IsSingleCell(l)) single++;
        }
        return single >= 6 && single * 2 >= nonEmpty;
    }

    /// <summary>"\t0", "\t规章", "\t": one cell on a tab-indented line of plain text. A format's own table row never is.</summary>
    private static bool IsSingleCell(TextLine line) =>
        !line.HasFormatCells && line.Raw.StartsWith('\t') && !line.Raw.AsSpan().TrimStart('\t').TrimEnd(" \r").Contains('\t') && line.Raw.IndexOf('|') < 0;

    private static void AddDelimited(List<TableItem> items, int index, ReadOnlySpan<string> cells, string raw)
    {
        var lastLabel = -1;
        for (var i = 0; i < cells.Length; i++)
            if (cells[i].Length > 0 && !TableCell.LooksLikeValue(cells[i])) lastLabel = i;

        var label = JoinNonEmpty(cells, lastLabel + 1);
        var values = new string[cells.Length - lastLabel - 1];
        for (var i = 0; i < values.Length; i++) values[i] = WhiteSpace.Trim(cells[lastLabel + 1 + i]);
        if (values.Length == 0 || IsHeader(label)) { if (label.Length > 0) items.Add(new Fragment(index, label, Delimited: true)); return; }
        // An empty grid row carries nothing, unless it is as wide as a data row (the blank template's table 4).
        if (label.Length == 0 && values.All(v => v.Length == 0) && values.Length < 5) return;
        items.Add(new ValueRow(index, label, values, Delimited: true, raw));
    }

    /// <summary>The non-empty cells of the first <paramref name="count"/>, joined by spaces (a label of one cell: that cell).</summary>
    private static string JoinNonEmpty(ReadOnlySpan<string> cells, int count)
    {
        string? only = null;
        var nonEmpty = 0;
        for (var i = 0; i < count; i++)
            if (cells[i].Length > 0) { only ??= cells[i]; nonEmpty++; }
        if (nonEmpty <= 1) return only ?? "";
        var length = nonEmpty - 1;
        for (var i = 0; i < count; i++) length += cells[i].Length;
        Span<char> label = length <= 256 ? stackalloc char[length] : new char[length];
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            if (cells[i].Length == 0) continue;
            if (at > 0) label[at++] = ' ';
            cells[i].CopyTo(label[at..]);
            at += cells[i].Length;
        }
        return new string(label);
    }

    private static void AddLayout(List<TableItem> items, TextLine line)
    {
        var text = line.Text;
        if (PageNumber().IsMatch(text)) return;
        var tokens = SplitGluedZeros(JoinAnnotations(text.Split([' ', '\u3000', '\t'], StringSplitOptions.RemoveEmptyEntries)));
        var first = tokens.Length;
        while (first > 0 && TableCell.LooksLikeValue(tokens[first - 1])) first--;
        var label = string.Concat(tokens.AsSpan(0, first));
        if (first == tokens.Length || IsHeader(label)) { items.Add(new Fragment(line.Index, label)); return; }
        items.Add(new ValueRow(line.Index, label, tokens[first..], Delimited: false, line.Raw));
    }

    /// <summary>
    /// pdftotext glues the cells of narrow columns: "0 0 0" comes out as "000". A count has no leading zero, so a
    /// run of zeros is that many zero cells — the one gluing that can be undone exactly. Any other glued token
    /// ("012") reads as one number and leaves the row a value short, so the row is not read.
    /// </summary>
    private static string[] SplitGluedZeros(string[] tokens)
    {
        if (!Array.Exists(tokens, IsZeros)) return tokens;
        return tokens.SelectMany(t => IsZeros(t) ? Enumerable.Repeat("0", t.Length) : [t]).ToArray();

        static bool IsZeros(string t) => t.Length > 1 && !t.AsSpan().ContainsAnyExcept('0');
    }

    /// <summary>
    /// A cell annotated in place keeps its annotation in one token: "3（含到期失效 2 件）" is split by its spaces
    /// into "3（含到期失效", "2", "件）", which would make the row's last token a word and the whole row a label.
    /// </summary>
    private static string[] JoinAnnotations(string[] tokens)
    {
        if (!Array.Exists(tokens, t => t.AsSpan().ContainsAny('（', '('))) return tokens;
        var joined = new List<string>(tokens.Length);
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            var open = token.LastIndexOfAny(['（', '(']);
            if (open > 0 && token.IndexOfAny(['）', ')'], open) < 0)
                while (i + 1 < tokens.Length && !token.Contains('）') && !token.Contains(')') && !tokens[i + 1].Contains('（') && !tokens[i + 1].Contains('('))
                    token += tokens[++i];
            joined.Add(token);
        }
        return joined.ToArray();
    }

    /// <summary>Consecutive label-less lines of one value each are one row (cells written one per line, untabbed).</summary>
    private static List<TableItem> MergeSingleValues(List<TableItem> items)
    {
        var merged = new List<TableItem>(items.Count);
        foreach (var item in items)
        {
            if (item is ValueRow { Delimited: false, Label.Length: 0, Values.Count: 1 } row
                && merged.Count > 0 && merged[^1] is ValueRow { Delimited: false, Label.Length: 0 } prev)
            {
                merged[^1] = prev with { Values = [.. prev.Values, .. row.Values], Raw = prev.Raw + " " + row.Raw };
                continue;
            }
            merged.Add(item);
        }
        return merged;
    }

    private static bool IsHeader(string label) => label.Contains("信息内容") || label.Contains("勾稽");

    /// <summary>Page footers: "-4-", "- 4 -", "第 4 页 共 6 页", "4 / 6".</summary>
    [GeneratedRegex(@"^[-—–－]\s*\d{1,3}\s*[-—–－]$|^第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?$|^\d{1,3}\s*/\s*\d{1,3}$")]
    private static partial Regex PageNumber();
}
