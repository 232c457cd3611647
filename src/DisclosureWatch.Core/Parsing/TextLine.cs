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
        _cells = line.Cells?.Select(DecimalDigits.ToAscii).ToArray();
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
    public IReadOnlyList<string>? Cells
    {
        get
        {
            if (!_cellsKnown) { _cells = SplitCells(Raw); _cellsKnown = true; }
            return _cells;
        }
    }
    private IReadOnlyList<string>? _cells;
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

    public static string Clean(string raw)
    {
        var s = raw.Trim();
        if (s.Length == 0) return s;
        if (s[0] == '#') s = s.TrimStart('#').TrimStart();
        if (s.StartsWith('>')) s = s.TrimStart('>').TrimStart();
        if (s.Contains("**") || s.Contains("__")) s = s.Replace("**", "").Replace("__", "");
        return s.Trim().Trim('\u3000').Trim();
    }

    private static IReadOnlyList<string>? SplitCells(string raw)
    {
        if (raw.Contains('\t'))
        {
            var trimmed = raw.TrimEnd('\r', '\n', ' ');
            return trimmed.Split('\t').Select(c => Clean(c)).ToArray();
        }
        // '|' rows: at least two separators, e.g. "规章 | 0 | 0 | 0 |" (markdown tables included).
        var bars = 0;
        foreach (var c in raw) if (c == '|') bars++;
        if (bars < 2) return null;
        var parts = raw.Trim().Split('|').Select(c => Clean(c)).ToList();
        if (parts.Count > 0 && raw.TrimStart().StartsWith('|')) parts.RemoveAt(0); // markdown's leading bar
        if (parts.Count > 0 && parts.All(p => MarkdownRule().IsMatch(p))) return [];    // |---|---| separator
        return parts;
    }

    [GeneratedRegex(@"^:?-{3,}:?$|^$")]
    private static partial Regex MarkdownRule();

    public override string ToString() => $"{Index}: {Raw}";
}
