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
        var t2 = ReadTable(lines, headings, 2, T2Anchor, TableReaders.ActiveDisclosure, notes, tableLines, until: T3Anchor);
        var t3 = ReadTable(lines, headings, 3, T3Anchor, TableReaders.Applications, notes, tableLines, until: T4Header);
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

    private static bool T2Anchor(TextLine l) => l.Flat.Contains("第二十条");
    private static bool T3Anchor(TextLine l) => l.Text.Contains("新收") || l.Text.Contains("勾稽");
    /// <summary>Table 4's header, naming both of its parts: where table 3 ends when section 四's heading is lost.</summary>
    private static bool T4Header(TextLine l) => l.Text.Length < 60 && l.Text.Contains("行政复议") && l.Text.Contains("行政诉讼");

    /// <summary>
    /// A table is read from its own section; when that section is missing or holds no such table, from the
    /// stretch of the document that starts at the table's anchor line (and after the previous table).
    /// Either stretch ends where the next table begins (<paramref name="until"/>) when that table's heading was
    /// lost, so its rows are not taken for this table's. The lines the table spans are marked, so the section's
    /// text gives them as table rows.
    /// </summary>
    private static StatTable? ReadTable(TextLine[] lines, IReadOnlyList<SectionSplitter.Heading> headings, int number,
        Func<TextLine, bool> anchor, TableReader read, List<ParseNote> notes, bool[] tableLines, int? after = null, Func<TextLine, bool>? until = null)
    {
        if (SectionRange(lines, headings, number) is { } range && Accept(read(Cut(range, 0))) is { } table) return table;
        var from = Array.FindIndex(lines, (after ?? -1) + 1, l => anchor(l));
        if (from < 0) return null;
        var start = Math.Max(0, from - 3);
        // The stretch ends at the next section's heading. Only without one is it capped, and not tightly: OCR
        // markdown gives every row a little table of its own, and one cell per line takes 26 rows × (7–8 values,
        // a wrapped label, blank cells) — well over 300 lines, so a tighter cap cut off table 3's 总计 row.
        var next = headings.Where(h => h.Number > number && h.Line > from).Select(h => h.Line).DefaultIfEmpty(-1).Min();
        var end = next >= 0 ? next : Math.Min(lines.Length, from + 600);
        return Accept(read(Cut(lines[start..end], from - start + 1)));

        TextLine[] Cut(TextLine[] region, int skip)
        {
            if (until is null) return region;
            var at = Array.FindIndex(region, Math.Min(skip, region.Length), l => until(l));
            return at < 0 ? region : region[..at];
        }

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
