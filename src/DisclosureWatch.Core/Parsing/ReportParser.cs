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

        var (sections, missing, firstSectionLine) = SectionSplitter.Split(lines);
        var meta = MetadataReader.Read(lines, firstSectionLine,
            sections.Where(s => s.Number == 1).Select(s => s.Text));

        var notes = new List<ParseNote>();
        var t2 = ReadTable(lines, sections, 2, l => l.Flat.Contains("第二十条"), TableReaders.ActiveDisclosure, notes);
        var t3 = ReadTable(lines, sections, 3, l => l.Flat.Contains("新收") || l.Flat.Contains("勾稽"), TableReaders.Applications, notes);
        var t4 = ReadTable(lines, sections, 4, l => l.Flat.Contains("行政复议") && l.Flat.Length < 80, TableReaders.ReviewLitigation, notes,
            after: t3?.Rows.Max(r => r.Line));

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

    private delegate (StatTable? Table, List<ParseNote> Notes) TableReader(IReadOnlyList<TextLine> region);

    /// <summary>
    /// A table is read from its own section; when that section is missing or holds no such table, from the
    /// stretch of the document that starts at the table's anchor line (and after the previous table).
    /// </summary>
    private static StatTable? ReadTable(TextLine[] lines, IReadOnlyList<Section> sections, int number,
        Func<TextLine, bool> anchor, TableReader read, List<ParseNote> notes, int? after = null)
    {
        if (SectionRange(lines, sections, number) is { } range)
        {
            var (table, found) = read(range);
            if (table is not null) { notes.AddRange(found); return table; }
        }
        var from = Array.FindIndex(lines, (after ?? -1) + 1, l => anchor(l));
        if (from < 0) return null;
        var start = Math.Max(0, from - 3);
        var end = Math.Min(lines.Length, from + 90);
        var next = sections.Where(s => s.Number > number && s.Line > from).Select(s => s.Line).DefaultIfEmpty(end).Min();
        var (fallback, fallbackNotes) = read(lines[start..Math.Min(end, next)]);
        if (fallback is not null) notes.AddRange(fallbackNotes);
        return fallback;
    }

    private static TextLine[]? SectionRange(TextLine[] lines, IReadOnlyList<Section> sections, int number)
    {
        var section = sections.FirstOrDefault(s => s.Number == number);
        if (section is null) return null;
        var end = sections.Where(s => s.Line > section.Line).Select(s => s.Line).DefaultIfEmpty(lines.Length).Min();
        return lines[(section.Line + 1)..end];
    }
}
