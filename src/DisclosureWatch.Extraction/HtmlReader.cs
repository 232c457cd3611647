using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DisclosureWatch.Core.Documents;

namespace DisclosureWatch.Extraction;

/// <summary>
/// HTML to lines: block elements and &lt;br&gt; end lines, whitespace collapses as a browser would, and every
/// data table becomes one <see cref="DocumentLine"/> per row with its cells laid out on the span-expanded grid.
/// A table that holds other tables (or a single cell) is layout, and its cells are read as ordinary content.
/// </summary>
internal static partial class HtmlReader
{
    private static readonly HashSet<string> Skipped =
        ["script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed", "svg", "math", "select", "textarea"];

    private static readonly HashSet<string> Blocks =
    [
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "section", "summary", "ul",
        "tr", "td", "th", "thead", "tbody", "tfoot",
    ];

    public static ExtractedDocument Read(ReadOnlySpan<byte> bytes, string file, ExtractionOptions options)
    {
        var encoding = DetectEncoding(bytes, out var bom);
        var text = encoding.GetString(bytes[bom..]);
        TextDecoding.EnsureText(text, file);
        using var document = Parse(text, file, options);
        var walker = new Walker(file, options);
        walker.Walk(document.Body ?? (INode)document);
        walker.EndLine();
        return new ExtractedDocument("html", walker.Lines);
    }

    /// <summary>
    /// Parses with a time budget: AngleSharp, like every HTML5 tree builder, slows quadratically on hostile nesting
    /// (100,000 nested &lt;div&gt; take minutes), and it honours cancellation.
    /// </summary>
    private static AngleSharp.Html.Dom.IHtmlDocument Parse(string text, string file, ExtractionOptions options)
    {
        using var budget = new CancellationTokenSource(options.HtmlParseTimeout);
        try
        {
            // A string source is all in memory: AngleSharp builds the tree on this thread, checking the token as it goes,
            // and returns a finished task, so reading it blocks nothing. Were that to change, fail loudly, not block.
            var parsing = new HtmlParser().ParseDocumentAsync(text, budget.Token);
            if (!parsing.IsCompleted) throw new InvalidOperationException("AngleSharp no longer parses a string synchronously");
#pragma warning disable RS0030 // the task is finished (above); GetResult rethrows its OperationCanceledException as is
            return parsing.GetAwaiter().GetResult();
#pragma warning restore RS0030
        }
        catch (OperationCanceledException)
        {
            throw new ExtractionException(file, $"HTML parsing took longer than {options.HtmlParseTimeout.TotalSeconds:0.#} s (hostile markup?)");
        }
    }

    /// <summary>
    /// The page's encoding: a BOM, else the charset a &lt;meta&gt; (or XML declaration) in the first 4 KB declares,
    /// else UTF-8 when the bytes are valid UTF-8 and GB18030 otherwise. GBK-family declarations read as GB18030,
    /// its superset; a declaration the bytes contradict (UTF-8 declared, GBK bytes; or the reverse) loses.
    /// </summary>
    internal static Encoding DetectEncoding(ReadOnlySpan<byte> bytes, out int bomLength)
    {
        var (sniffed, bom) = TextDecoding.Detect(bytes);
        bomLength = bom;
        if (bom > 0) return sniffed; // Detect already chose UTF-8 or GB18030 when there is no BOM
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 4096)]);
        var match = CharsetDeclaration().Match(head);
        if (!match.Success) return sniffed;
        Encoding declared;
        try
        {
            declared = Encoding.GetEncoding(match.Groups["name"].Value.Trim());
        }
        catch (ArgumentException)
        {
            return sniffed; // an unknown charset name
        }
        return declared.CodePage switch
        {
            936 or 54936 or 20936 or 52936 => // gbk, gb18030, gb2312, hz: valid non-ASCII UTF-8 was saved as UTF-8
                TextDecoding.IsValidUtf8(bytes) && bytes.ContainsAnyExceptInRange((byte)0, (byte)0x7F) ? sniffed : TextDecoding.Gb18030,
            65001 or 1200 or 1201 or 12000 or 12001 => sniffed, // UTF-8 (or a UTF-16 claim in ASCII bytes): trust the bytes
            _ => declared,
        };
    }

    [GeneratedRegex("""<meta[^>]*?charset\s*=\s*["']?\s*(?<name>[A-Za-z0-9_.:\-]+)|^\s*<\?xml[^>]*?encoding\s*=\s*["'](?<name>[A-Za-z0-9_.:\-]+)""",
        RegexOptions.IgnoreCase)]
    private static partial Regex CharsetDeclaration();

    /// <summary>Deeper element nesting than any real page has; beyond it the input is hostile (and would exhaust the stack).</summary>
    private const int MaxDepth = 512;

    private sealed class Walker(string file, ExtractionOptions options, int depth = 0)
    {
        public readonly List<DocumentLine> Lines = [];
        private readonly StringBuilder line = new();
        private bool pendingSpace;   // collapsible whitespace since the last character
        private bool pendingNewline; // … and it held a line break

        public void Walk(INode node)
        {
            if (++depth > MaxDepth) throw new ExtractionException(file, $"HTML nested more than {MaxDepth} elements deep");
            try
            {
                WalkChildren(node);
            }
            finally
            {
                depth--;
            }
        }

        private void WalkChildren(INode node)
        {
            foreach (var child in node.ChildNodes)
            {
                if (child is IText text) Append(text.Data);
                else if (child is IElement element) Element(element);
            }
        }

        public void EndLine()
        {
            var text = line.ToString().Trim();
            if (text.Length > 0) Lines.Add(new DocumentLine(text));
            line.Clear();
            pendingSpace = pendingNewline = false;
        }

        private void Element(IElement element)
        {
            var name = element.LocalName;
            if (Skipped.Contains(name)) return;
            switch (name)
            {
                case "br":
                    EndLine();
                    return;
                case "table":
                    EndLine();
                    Table(element);
                    return;
                case "pre" or "listing" or "plaintext":
                    EndLine();
                    foreach (var l in element.TextContent.Replace("\r\n", "\n").Split('\n', '\r'))
                        if (!string.IsNullOrWhiteSpace(l)) Lines.Add(new DocumentLine(l.TrimEnd()));
                    return;
            }
            if (Blocks.Contains(name))
            {
                EndLine();
                Walk(element);
                EndLine();
            }
            else Walk(element);
        }

        private void Table(IElement table)
        {
            foreach (var caption in table.Children.Where(c => c.LocalName == "caption"))
            {
                Walk(caption);
                EndLine();
            }
            var rows = OwnRows(table);
            // A table holding tables is layout; deciding that first keeps nested layout from being walked twice.
            var cells = table.QuerySelector("table") is null
                ? rows.Select(r => OwnCells(r).Select(c => (Element: c, Text: CellText(c))).ToList()).ToList()
                : null;
            if (cells is null || IsLayout(cells.SelectMany(r => r).ToList()))
            {
                foreach (var cell in rows.SelectMany(OwnCells))
                {
                    Walk(cell);
                    EndLine();
                }
                return;
            }
            var grid = new CellGrid(file, options.MaxTableCells);
            for (var r = 0; r < cells.Count; r++)
            {
                grid.NextRow();
                var rowsLeft = cells.Count - r;
                foreach (var (cell, text) in cells[r])
                {
                    var rowSpan = Span(cell, "rowspan");
                    grid.Place(text, Math.Max(1, Span(cell, "colspan")), rowSpan == 0 ? rowsLeft : rowSpan, rowsLeft);
                }
            }
            grid.WriteTo(Lines);
        }

        /// <summary>
        /// A table (without inner tables) used for page layout rather than data: a single cell, or a cell holding
        /// a heading or more text than any statistics cell would (<see cref="TableLayout.MaxDataCellChars"/>).
        /// </summary>
        private static bool IsLayout(List<(IElement Element, string Text)> cells) =>
            cells.Count <= 1
            || cells.Any(c => c.Text.Length > TableLayout.MaxDataCellChars || c.Element.QuerySelector("h1,h2,h3,h4,h5,h6") is not null);

        /// <summary>A cell's text: its lines (paragraphs, &lt;br&gt;) joined with spaces.</summary>
        private string CellText(IElement cell)
        {
            var inner = new Walker(file, options, depth);
            inner.Walk(cell);
            inner.EndLine();
            return inner.Lines.Count switch
            {
                0 => "",
                1 => inner.Lines[0].Text,
                _ => string.Join(' ', inner.Lines.Select(l => l.Text)),
            };
        }

        private static int Span(IElement cell, string attribute) =>
            int.TryParse(cell.GetAttribute(attribute), out var n) && n >= 0 ? n : 1;

        private static List<IElement> OwnRows(IElement table)
        {
            var rows = new List<IElement>();
            foreach (var child in table.Children)
            {
                if (child.LocalName == "tr") rows.Add(child);
                else if (child.LocalName is "thead" or "tbody" or "tfoot")
                    rows.AddRange(child.Children.Where(c => c.LocalName == "tr"));
            }
            return rows;
        }

        private static IEnumerable<IElement> OwnCells(IElement row) => row.Children.Where(c => c.LocalName is "td" or "th");

        /// <summary>Appends text with HTML whitespace collapsing; a line break between two CJK characters vanishes.</summary>
        private void Append(string data)
        {
            foreach (var c in data)
            {
                if (c is ' ' or '\t' or '\n' or '\r' or '\f' or '\u00A0')
                {
                    if (line.Length == 0) continue;
                    pendingSpace = true;
                    pendingNewline |= c is '\n' or '\r';
                    continue;
                }
                if (pendingSpace)
                {
                    if (!(pendingNewline && IsWide(line[^1]) && IsWide(c))) line.Append(' ');
                    pendingSpace = pendingNewline = false;
                }
                line.Append(c);
            }
        }

        private static bool IsWide(char c) => c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF';
    }
}
