using System.Text.RegularExpressions;
using DisclosureWatch.Core.Documents;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Parsing;

/// <summary>A document line prepared for parsing: markup removed, and its cells when it is a delimited table row.</summary>
internal sealed partial class TextLine
{
    public TextLine(int index, DocumentLine line)
    {
        Index = index;
        Raw = DecimalDigits.ToAscii(line.Text);
        Text = Clean(Raw);
        if (line.Cells is { } cells)
        {
            var ascii = new string[cells.Count];
            for (var i = 0; i < ascii.Length; i++) ascii[i] = DecimalDigits.ToAscii(cells[i]);
            _cells = ascii;
        }
        HasFormatCells = line.Cells is not null;
        _cellsKnown = line.Cells is not null || !MayHaveCells(Raw);
    }

    public int Index { get; }
    /// <summary>The cells came from the format (html/docx table), not from splitting text.</summary>
    public bool HasFormatCells { get; private init; }
    /// <summary>The line as extracted, fullwidth digits (２０２４) written as ASCII ones: every pattern reads them alike.</summary>
    public string Raw { get; }
    /// <summary>Trimmed, markdown markers (#, **, __, >) removed, inner tabs kept.</summary>
    public string Text { get; }
    /// <summary>Cells when the line is a delimited row (format cells, tabs or '|'); null for prose and layout text.</summary>
    public string[]? Cells // (an array: every table line's cells are read by index, no interface calls)
    {
        get
        {
            if (!_cellsKnown) { _cells = SplitCells(Raw); _cellsKnown = true; }
            return _cells;
        }
    }
    private string[]? _cells;
    private bool _cellsKnown;

    private static bool MayHaveCells(string raw) => raw.Contains('\t') || raw.Contains('|');

    public bool IsBlank => Text.Length == 0;

    /// <summary>Text without tabs or '|' separators, for keyword matching and headings.</summary>
    public string Flat => _flat ??= Cells is null ? Text : JoinCells(Cells);
    private string? _flat;

    /// <summary>The non-blank cells, trimmed, joined with single spaces (every table line of every report: one allocation).</summary>
    private static string JoinCells(IReadOnlyList<string> cells)
    {
        var length = -1;
        foreach (var c in cells)
            if (c.AsSpan().Trim() is { Length: > 0 } t) length += t.Length + 1;
        if (length <= 0) return "";
        return string.Create(length, cells, static (span, cells) =>
        {
            var at = 0;
            foreach (var c in cells)
            {
                var t = c.AsSpan().Trim();
                if (t.IsEmpty) continue;
                if (at > 0) span[at++] = ' ';
                t.CopyTo(span[at..]);
                at += t.Length;
            }
        });
    }

    public static string Clean(string raw) => Clean(raw, raw);

    /// <summary>
    /// <see cref="Clean(string)"/> of a span: a cell of a split line, or the whole line (<paramref name="whole"/>, given
    /// back as it is when nothing is removed). Every line and cell of every report passes here: one string at most.
    /// </summary>
    private static string Clean(ReadOnlySpan<char> raw, string? whole)
    {
        var s = WhiteSpace.Trim(raw);
        if (s.IsEmpty) return "";
        if (s[0] == '#') s = WhiteSpace.TrimStart(s.TrimStart('#'));
        if (s.Length > 0 && s[0] == '>') s = WhiteSpace.TrimStart(s.TrimStart('>'));
        if (s.ContainsAny('*', '_') && (s.Contains("**", StringComparison.Ordinal) || s.Contains("__", StringComparison.Ordinal)))
            return WhiteSpace.Trim(new string(s).Replace("**", "").Replace("__", ""));
        s = WhiteSpace.Trim(s); // (U+3000 is white space: Trim('\u3000') between two Trim()s has nothing left to take)
        if (whole is not null && s.Length == whole.Length) return whole;
        return s.Length switch
        {
            0 => "",
            1 when char.IsAscii(s[0]) => Ascii[s[0]], // the cells "0", "1", "-" …: most cells of a table
            _ => new string(s),
        };
    }

    private static readonly string[] Ascii = Enumerable.Range(0, 128).Select(c => ((char)c).ToString()).ToArray();

    private static string[]? SplitCells(string raw)
    {
        if (raw.Contains('\t'))
        {
            var trimmed = raw.AsSpan().TrimEnd("\r\n ");
            return CleanCells(trimmed, '\t', trimmed.Count('\t') + 1);
        }
        // '|' rows: at least two separators, e.g. "规章 | 0 | 0 | 0 |" (markdown tables included).
        var bars = raw.AsSpan().Count('|');
        if (bars < 2) return null;
        var row = raw.AsSpan().Trim();
        var leading = row[0] == '|'; // markdown's leading bar: no cell before it
        var parts = CleanCells(leading ? row[1..] : row, '|', leading ? bars : bars + 1);
        if (parts.Length > 0 && parts.All(p => MarkdownRule().IsMatch(p))) return [];    // |---|---| separator
        return parts;
    }

    /// <summary>The cleaned cells of a row split at <paramref name="separator"/> (<paramref name="count"/>: separators + 1), without an array of the raw parts.</summary>
    private static string[] CleanCells(ReadOnlySpan<char> row, char separator, int count)
    {
        var cells = new string[count];
        for (var i = 0; i < count; i++)
        {
            var end = row.IndexOf(separator);
            cells[i] = Clean(end < 0 ? row : row[..end], null);
            row = end < 0 ? [] : row[(end + 1)..];
        }
        return cells;
    }

    [GeneratedRegex(@"^:?-{3,}:?$|^$")]
    private static partial Regex MarkdownRule();

    public override string ToString() => $"{Index}: {Raw}";
}
