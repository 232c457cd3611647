using System.IO.Compression;
using System.Text;
using System.Xml;
using DisclosureWatch.Core.Documents;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace DisclosureWatch.Extraction;

/// <summary>
/// .docx to lines: paragraphs and tables in body order. The body is streamed (OpenXmlReader) and only one
/// paragraph or table is loaded at a time, so memory follows the largest block, not the document.
/// Merged cells (gridSpan, vMerge continue, gridBefore/After) become grid positions holding "".
/// </summary>
internal static class DocxReader
{
    public static ExtractedDocument Read(Stream stream, string file, ExtractionOptions options)
    {
        CheckArchive(stream, file, options);
        stream.Position = 0;
        var lines = new List<DocumentLine>();
        var settings = new OpenSettings { MaxCharactersInPart = options.MaxDocumentXmlBytes };
        using var document = WordprocessingDocument.Open(stream, false, settings);
        var main = document.MainDocumentPart ?? throw new ExtractionException(file, "not a Word document: the .docx has no main document part");
        using var reader = OpenXmlReader.Create(main);
        var more = reader.Read();
        while (more)
        {
            if (reader.IsStartElement && (reader.ElementType == typeof(Paragraph) || reader.ElementType == typeof(Table)))
            {
                var element = reader.LoadCurrentElement(); // moves the reader past the element
                if (element is Paragraph paragraph) AddParagraph(paragraph, lines);
                else if (element is Table table) AddTable(table, lines, file, options);
                more = !reader.EOF;
                continue;
            }
            more = reader.Read();
        }
        return new ExtractedDocument("docx", lines);
    }

    /// <summary>
    /// Rejects zip bombs before anything is inflated: entry count, the uncompressed sizes the archive declares
    /// (.NET's inflater stops at the declared size), and the size of word/document.xml.
    /// </summary>
    private static void CheckArchive(Stream stream, string file, ExtractionOptions options)
    {
        Span<byte> magic = stackalloc byte[4];
        stream.Position = 0;
        var read = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (read == 4 && magic is [0xD0, 0xCF, 0x11, 0xE0])
            throw new ExtractionException(file, "not a .docx but a legacy Word .doc or a password-protected document: save it as .docx");
        if (read < 4 || magic is not [(byte)'P', (byte)'K', 3, 4])
            throw new ExtractionException(file, "not a .docx: the file is not a zip archive");
        stream.Position = 0;
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new ExtractionException(file, $"not a .docx: corrupt zip archive ({e.Message})", e);
        }
        using (zip)
        {
            if (zip.Entries.Count > options.MaxZipEntries)
                throw new ExtractionException(file, $"the .docx holds {zip.Entries.Count:N0} entries, over the limit of {options.MaxZipEntries:N0} (zip bomb?)");
            long total = 0;
            var hasDocument = false;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (total > options.MaxZipUncompressedBytes)
                    throw new ExtractionException(file, $"the .docx inflates to more than {Mb(options.MaxZipUncompressedBytes)} (zip bomb?)");
                if (entry.FullName.Equals("word/document.xml", StringComparison.OrdinalIgnoreCase))
                {
                    hasDocument = true;
                    if (entry.Length > options.MaxDocumentXmlBytes)
                        throw new ExtractionException(file, $"word/document.xml is {Mb(entry.Length)} uncompressed, over the limit of {Mb(options.MaxDocumentXmlBytes)} (zip bomb?)");
                }
            }
            if (!hasDocument && zip.GetEntry("[Content_Types].xml") is null)
                throw new ExtractionException(file, "not a .docx: a zip archive without Word content");
            if (zip.Entries.FirstOrDefault(e => e.FullName.Equals("word/document.xml", StringComparison.OrdinalIgnoreCase)) is { } main)
                CheckNesting(main, file);
        }
    }

    /// <summary>Deeper XML nesting than Word writes (tables in tables in text boxes stay far below it).</summary>
    private const int MaxXmlDepth = 256;

    /// <summary>
    /// Streams word/document.xml once with a plain XmlReader (no DTDs) to refuse nesting deep enough to exhaust the
    /// stack when the Open XML SDK loads an element's subtree.
    /// </summary>
    private static void CheckNesting(ZipArchiveEntry entry, string file)
    {
        using var stream = entry.Open();
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true, IgnoreComments = true });
        try
        {
            while (xml.Read())
                if (xml.Depth > MaxXmlDepth)
                    throw new ExtractionException(file, $"word/document.xml is nested more than {MaxXmlDepth} elements deep");
        }
        catch (XmlException e)
        {
            throw new ExtractionException(file, $"word/document.xml is not well-formed XML: {e.Message}", e);
        }
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):0.#} MB";

    private static void AddParagraph(Paragraph paragraph, List<DocumentLine> lines)
    {
        var text = new StringBuilder();
        AppendText(paragraph, text, inCell: false);
        foreach (var line in text.ToString().Split('\n'))
            if (!string.IsNullOrWhiteSpace(line)) lines.Add(new DocumentLine(line.TrimEnd()));
    }

    private static void AddTable(Table table, List<DocumentLine> lines, string file, ExtractionOptions options)
    {
        var rows = table.Descendants<TableRow>().ToList();
        var nested = table.Descendants<Table>().Any(); // decided first: nested layout is not walked twice
        var texts = nested ? [] : rows.SelectMany(r => r.Descendants<TableCell>()).Select(CellText).ToList();
        if (nested || texts.Count <= 1 || texts.Any(t => t.Length > TableLayout.MaxDataCellChars))
        {
            // Layout: a table of tables, a one-cell frame, or a box around narrative. Its content is read as ordinary blocks.
            foreach (var cell in table.Elements<TableRow>().SelectMany(r => r.Elements<TableCell>()))
                foreach (var block in cell.ChildElements)
                {
                    if (block is Paragraph p) AddParagraph(p, lines);
                    else if (block is Table t) AddTable(t, lines, file, options);
                }
            return;
        }

        var grid = new CellGrid(file, options.MaxTableCells);
        grid.EnsureWidth(table.GetFirstChild<TableGrid>() is { } declared ? declared.Elements<GridColumn>().Count() : 0);
        var index = 0; // into texts, which follow the rows' cells in order
        foreach (var row in rows)
        {
            grid.NextRow();
            var rowProperties = row.TableRowProperties;
            grid.Skip(rowProperties?.GetFirstChild<GridBefore>()?.Val?.Value ?? 0);
            foreach (var cell in row.Descendants<TableCell>())
            {
                var properties = cell.TableCellProperties;
                var span = properties?.GridSpan?.Val?.Value ?? 1;
                var merged = properties?.VerticalMerge is { } v && (v.Val is null || v.Val.Value == MergedCellValues.Continue)
                             || properties?.HorizontalMerge is { } h && (h.Val is null || h.Val.Value == MergedCellValues.Continue);
                grid.Place(merged ? "" : texts[index], span, 1);
                index++;
            }
            grid.Skip(rowProperties?.GetFirstChild<GridAfter>()?.Val?.Value ?? 0);
        }
        grid.WriteTo(lines);
    }

    /// <summary>A cell's text: its paragraphs joined with a space; tabs and line breaks become spaces.</summary>
    private static string CellText(TableCell cell)
    {
        var text = new StringBuilder();
        foreach (var paragraph in cell.Descendants<Paragraph>().Where(p => !p.Ancestors<Paragraph>().Any()))
        {
            var start = text.Length;
            if (start > 0) text.Append(' ');
            var separated = text.Length;
            AppendText(paragraph, text, inCell: true);
            if (text.Length == separated) text.Length = start; // an empty paragraph adds nothing
        }
        return text.ToString().Trim();
    }

    /// <summary>The visible text of an element in document order: w:t, tabs, breaks; deleted text and field codes are skipped.</summary>
    private static void AppendText(OpenXmlElement element, StringBuilder text, bool inCell)
    {
        foreach (var child in element.ChildElements)
        {
            switch (child)
            {
                case Text t:
                    text.Append(t.Text);
                    break;
                case TabChar or PositionalTab:
                    text.Append(inCell ? ' ' : '\t');
                    break;
                case Break or CarriageReturn:
                    text.Append(inCell ? ' ' : '\n');
                    break;
                case NoBreakHyphen:
                    text.Append('-');
                    break;
                case ParagraphProperties or RunProperties or AlternateContentFallback:
                    break; // no text; the VML fallback repeats the text box of the choice
                case Paragraph nested: // a paragraph in a text box
                    text.Append(inCell ? ' ' : '\n');
                    AppendText(nested, text, inCell);
                    text.Append(inCell ? ' ' : '\n');
                    break;
                default:
                    if (child.HasChildren) AppendText(child, text, inCell);
                    break;
            }
        }
    }
}
