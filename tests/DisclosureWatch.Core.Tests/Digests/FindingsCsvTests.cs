using System.Text;
using DisclosureWatch.Core.Digests;

namespace DisclosureWatch.Core.Tests.Digests;

public class FindingsCsvTests
{
    [Fact]
    public void The_attachment_is_utf8_csv_with_bom_one_row_per_finding()
    {
        var input = DigestSamples.SeedWeek();
        var digest = DigestBuilder.Build(input);
        var a = digest.Attachment;
        Assert.Equal("findings-2025-01-13至01-19.csv", a.FileName);
        Assert.Equal("text/csv; charset=utf-8", a.ContentType);
        Assert.Equal([0xEF, 0xBB, 0xBF], a.Content[..3]);
        var text = Encoding.UTF8.GetString(a.Content, 3, a.Content.Length - 3);
        var rows = ParseCsv(text);
        Assert.Equal(FindingsCsv.Header(input.TimeZone), rows[0]);
        Assert.Equal(input.Reports.Sum(r => r.Findings.Count), rows.Count - 1);
        Assert.All(rows, r => Assert.Equal(10, r.Count));
        var row = rows.Single(r => r[6] == "t3.identity");
        Assert.Equal(["R-0106", "河曲县文笔镇人民政府", "2024", "2025-01-14 08:55", "重新报送", "错误", "t3.identity"], row.Take(7));
        Assert.Contains("≠", row[8]);
    }

    [Theory]
    [InlineData("简单", "简单")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("他说\"是\"", "\"他说\"\"是\"\"\"")]
    [InlineData("两行\n文本", "\"两行\n文本\"")]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("-1+2", "'-1+2")]
    public void Cells_are_quoted_and_formulas_defused(string value, string written) =>
        Assert.Equal(written, FindingsCsv.Cell(value));

    /// <summary>A small RFC 4180 reader, independent of the writer.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { row.Add(cell.ToString()); cell.Clear(); rows.Add(row); row = []; i++; }
            else cell.Append(c);
        }
        Assert.Empty(row);
        return rows;
    }
}
