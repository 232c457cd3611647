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
    public static ExtractedDocument FromText(string format, string text) =>
        new(format, text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').Select(l => new DocumentLine(l)).ToArray());
}
