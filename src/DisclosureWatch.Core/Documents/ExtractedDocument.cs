namespace DisclosureWatch.Core.Documents;

/// <summary>
/// One line of extracted text. Formats that know their table structure (html, docx) give table rows
/// as <see cref="Cells"/> (one entry per grid column; spanned positions are empty strings) and
/// <see cref="Text"/> as the cells joined by tabs. Plain text and pdftotext output have no cells:
/// the parser reads tabs, '|' and column gaps itself.
/// </summary>
public sealed record DocumentLine(string Text, IReadOnlyList<string>? Cells = null)
{
    public bool IsTableRow => Cells is not null;
}

/// <summary>The result of text extraction: what every format is reduced to before parsing.</summary>
/// <param name="Format">txt, md, html, docx, pdf or eml (the source the lines came from).</param>
/// <param name="Lines">The document's lines in reading order.</param>
public sealed record ExtractedDocument(string Format, IReadOnlyList<DocumentLine> Lines)
{
    /// <summary>
    /// The sha256 (hex) of the document's normalised text: lines in NFKC with every whitespace and format character
    /// removed, blank lines dropped. The same report re-encoded (GBK for UTF-8, a BOM, CRLF, fullwidth digits, other
    /// spacing) gives the same hash; a changed character does not.
    /// </summary>
    public string TextSha256()
    {
        // One pooled buffer for the text and one for its UTF-8: the hash is of the whole text, never a string of it.
        var capacity = 0;
        foreach (var l in Lines) capacity += l.Text.Length + 1;
        var chars = System.Buffers.ArrayPool<char>.Shared.Rent(capacity);
        byte[]? bytes = null;
        try
        {
            var n = 0;
            foreach (var l in Lines)
            {
                var start = n;
                if (!TryFoldCommon(l.Text, chars, ref n))
                {
                    var line = l.Text.IsNormalized(System.Text.NormalizationForm.FormKC) ? l.Text : l.Text.Normalize(System.Text.NormalizationForm.FormKC);
                    if (n + line.Length + 1 > chars.Length) Grow(ref chars, n + line.Length + 1); // NFKC may lengthen a line
                    foreach (var c in line)
                        if (!char.IsWhiteSpace(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format) chars[n++] = c;
                }
                if (n > start) chars[n++] = '\n';
            }
            bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(n));
            var length = System.Text.Encoding.UTF8.GetBytes(chars, 0, n, bytes, 0);
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, length)));
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(chars);
            if (bytes is not null) System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }

        // NFKC through ICU costs microseconds a line. A line of ASCII, CJK ideographs, the ideographic punctuation
        // 、。《》「」『』【】 and curly quotes (all their own NFKC form, none combining) and fullwidth ASCII forms (whose
        // NFKC form is the ASCII character) is folded here; any other character leaves the line to Normalize.
        static bool TryFoldCommon(string line, char[] into, ref int n)
        {
            var start = n;
            foreach (var ch in line)
            {
                var c = ch is >= '\uFF01' and <= '\uFF5E' ? (char)(ch - 0xFEE0) : ch;
                if (c < 0x80)
                {
                    if (!char.IsWhiteSpace(c)) into[n++] = c; // no ASCII character is a format character
                }
                else if (c is (>= '\u4E00' and <= '\u9FFF') or '\u3001' or '\u3002' or (>= '\u300A' and <= '\u3011') or '\u2018' or '\u2019' or '\u201C' or '\u201D')
                    into[n++] = c;
                else if (c != '\u3000') // the ideographic space is NFKC's U+0020: white space, dropped
                {
                    n = start;
                    return false;
                }
            }
            return true;
        }

        static void Grow(ref char[] buffer, int needed)
        {
            var larger = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(needed, buffer.Length * 2));
            buffer.AsSpan().CopyTo(larger);
            System.Buffers.ArrayPool<char>.Shared.Return(buffer);
            buffer = larger;
        }
    }

    public static ExtractedDocument FromText(string format, string text) =>
        new(format, text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').Select(l => new DocumentLine(l)).ToArray());
}
