using System.Text.RegularExpressions;
using DisclosureWatch.Core.Documents;
using DisclosureWatch.Core.Parsing;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Extraction.Tests;

/// <summary>
/// Every seed in every format users send (the committed LibreOffice .docx, its UTF-8 and GBK HTML, the GBK .txt)
/// must say what the seed .txt says: the same text and table values out of extraction, and the same sections and
/// table values out of the parser.
/// </summary>
public partial class SeedFormatTests
{
    public static TheoryData<string, string> SeedsByFormat()
    {
        var data = new TheoryData<string, string>();
        foreach (var seed in RepoPaths.SeedNames())
            foreach (var format in (string[])["docx", "utf8.html", "gbk.html", "gbk.txt"])
                data.Add(seed, format);
        return data;
    }

    private static ExtractedDocument Seed(string seed) => DocumentReader.Read(Path.Combine(RepoPaths.Seeds, seed + ".txt"));
    private static ExtractedDocument Fixture(string seed, string format) => DocumentReader.Read(RepoPaths.Fixture($"{seed}.{format}"));

    [Theory]
    [MemberData(nameof(SeedsByFormat))]
    public void The_parser_reads_the_same_sections_and_table_values(string seed, string format)
    {
        var expected = ReportParser.Parse(Seed(seed));
        var actual = ReportParser.Parse(Fixture(seed, format));

        Assert.Equal(Sections(expected), Sections(actual));
        Assert.Equal(Tables(expected), Tables(actual));
    }

    [Theory]
    [MemberData(nameof(SeedsByFormat))]
    public void Extraction_keeps_the_title_the_section_headings_and_every_table_value(string seed, string format)
    {
        var source = Seed(seed);
        var document = Fixture(seed, format);
        var lines = document.Lines.Select(l => Squeeze(Unmark(l.Text))).ToHashSet();
        var text = string.Join('\n', document.Lines.Select(l => Squeeze(l.Text)));

        var title = source.Lines.Select(l => Squeeze(Unmark(l.Text))).First(l => l.Length > 0);
        Assert.Contains(title, text);
        var headings = source.Lines.Where(l => !l.Text.Contains('\t') && !l.Text.Contains('|'))
            .Select(l => Squeeze(Unmark(l.Text))).Where(l => SectionHeading().IsMatch(l)).ToList();
        Assert.NotEmpty(headings);
        foreach (var heading in headings)
            Assert.Contains(heading, lines);

        // The values of all tables, in order: numbers and placeholders (无, -, /) standing in a cell.
        Assert.Equal(TableValues(source), TableValues(document));
        Assert.NotEmpty(TableValues(document));
        if (format == "docx" || format.EndsWith("html", StringComparison.Ordinal))
            Assert.True(document.Lines.Count(l => l.IsTableRow) >= 20, "the tables should come out as cell rows");
    }

    /// <summary>Section numbers and headings (whitespace aside: HTML collapses runs of spaces).</summary>
    private static List<string> Sections(AnnualReport report) =>
        report.Sections.Select(s => $"{s.Number} {Squeeze(s.Heading)}").ToList();

    /// <summary>Each statutory table's rows as key and cell values.</summary>
    private static List<string> Tables(AnnualReport report) =>
        new[] { report.ActiveDisclosure, report.Applications, report.ReviewLitigation }
            .Select((t, i) => t is null
                ? $"t{i + 2}: none"
                : $"{t.Name}: " + string.Join("; ", t.Rows.Select(r => $"{r.Key}=[{string.Join(",", r.Cells.Select(c => c?.ToString() ?? "?"))}]")))
            .ToList();

    /// <summary>Cells of table rows that hold a value: from Cells where the format has them, else split at tabs and '|'.</summary>
    private static List<string> TableValues(ExtractedDocument document)
    {
        var values = new List<string>();
        foreach (var line in document.Lines)
        {
            IEnumerable<string> cells = line.Cells
                ?? (line.Text.Contains('\t') ? line.Text.Split('\t')
                    : line.Text.Count(c => c == '|') >= 2 ? line.Text.Split('|') : []);
            values.AddRange(cells.Select(c => c.Trim()).Where(TableCell.LooksLikeValue));
        }
        return values;
    }

    private static string Unmark(string line) => line.TrimStart().TrimStart('#').Replace("**", "");
    private static string Squeeze(string text) => WhiteSpace().Replace(text, "");

    [GeneratedRegex(@"^[一二三四五六]、")]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
