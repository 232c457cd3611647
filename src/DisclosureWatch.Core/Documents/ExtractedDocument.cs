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
        var text = new System.Text.StringBuilder();
        foreach (var l in Lines)
        {
            var start = text.Length;
            var line = l.Text.IsNormalized(System.Text.NormalizationForm.FormKC) ? l.Text : l.Text.Normalize(System.Text.NormalizationForm.FormKC);
            foreach (var c in line)
                if (!char.IsWhiteSpace(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format) text.Append(c);
            if (text.Length > start) text.Append('\n');
        }
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static ExtractedDocument FromText(string format, string text) =>
        new(format, text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').Select(l => new DocumentLine(l)).ToArray());
}
