using DisclosureWatch.Core.Documents;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Parsing;

/// <summary>Reads an extracted document into an <see cref="AnnualReport"/>: metadata, sections and the three tables.</summary>
public static class ReportParser
{
    public static AnnualReport Parse(ExtractedDocument document)
    {
        var lines = new TextLine[document.Lines.Count];
        for (var i = 0; i < lines.Length; i++) lines[i] = new TextLine(i, document.Lines[i]);

        var headings = SectionSplitter.FindHeadings(lines);
        var firstSectionLine = headings.Count > 0 ? headings[0].Line : lines.Length;

        var notes = new List<ParseNote>();
        var tableLines = new bool[lines.Length];
        var t2 = ReadTable(lines, headings, 2, l => l.Flat.Contains("第二十条"), TableReaders.ActiveDisclosure, notes, tableLines);
        var t3 = ReadTable(lines, headings, 3, l => l.Flat.Contains("新收") || l.Flat.Contains("勾稽"), TableReaders.Applications, notes, tableLines);
        var t4 = ReadTable(lines, headings, 4, l => l.Flat.Contains("行政复议") && l.Flat.Length < 80, TableReaders.ReviewLitigation, notes, tableLines,
            after: t3?.Rows.Max(r => r.Line));

        var sections = SectionSplitter.Build(lines, headings, l => tableLines[l]);
        var missing = Enumerable.Range(1, 6).Where(n => headings.All(h => h.Number != n)).ToArray();
        var meta = MetadataReader.Read(lines, firstSectionLine, sections.Where(s => s.Number == 1).Select(s => s.Text));

        return new AnnualReport
        {
            Organ = meta.Organ,
            Year = meta.Year,
            YearSource = meta.YearSource,
            TitleYear = meta.TitleYear,
            PeriodYear = meta.PeriodYear,
            PublishedOn = meta.PublishedOn,
            Title = meta.Title,
            Preamble = meta.Preamble,
            Sections = sections,
            MissingSections = missing,
            ActiveDisclosure = t2,
            Applications = t3,
            ReviewLitigation = t4,
            Notes = notes,
        };
    }

    private delegate TableRead TableReader(IReadOnlyList<TextLine> region);

    /// <summary>
    /// A table is read from its own section; when that section is missing or holds no such table, from the
    /// stretch of the document that starts at the table's anchor line (and after the previous table).
    /// The lines the table spans are marked, so the section's text gives them as table rows.
    /// </summary>
    private static StatTable? ReadTable(TextLine[] lines, IReadOnlyList<SectionSplitter.Heading> headings, int number,
        Func<TextLine, bool> anchor, TableReader read, List<ParseNote> notes, bool[] tableLines, int? after = null)
    {
        if (SectionRange(lines, headings, number) is { } range && Accept(read(range)) is { } table) return table;
        var from = Array.FindIndex(lines, (after ?? -1) + 1, l => anchor(l));
        if (from < 0) return null;
        var start = Math.Max(0, from - 3);
        var end = Math.Min(lines.Length, from + 90);
        var next = headings.Where(h => h.Number > number && h.Line > from).Select(h => h.Line).DefaultIfEmpty(end).Min();
        return Accept(read(lines[start..Math.Min(end, next)]));

        StatTable? Accept(TableRead result)
        {
            if (result.Table is null) return null;
            notes.AddRange(result.Notes);
            if (result.Extent is var (first, last))
                for (var l = first; l <= last; l++) tableLines[l] = true;
            return result.Table;
        }
    }

    private static TextLine[]? SectionRange(TextLine[] lines, IReadOnlyList<SectionSplitter.Heading> headings, int number)
    {
        var heading = headings.FirstOrDefault(h => h.Number == number);
        if (heading is null) return null;
        var end = headings.Where(h => h.Line > heading.Line).Select(h => h.Line).DefaultIfEmpty(lines.Length).Min();
        return lines[(heading.Line + 1)..end];
    }
}
