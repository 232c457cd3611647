using System.Text;
using DisclosureWatch.Core.Documents;

namespace DisclosureWatch.Extraction.Tests;

public class PlainTextTests
{
    static PlainTextTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string Seed = "000_7ac7e868a8ffd8af";
    private static string SeedPath => Path.Combine(RepoPaths.Seeds, Seed + ".txt");
    private static string SeedText => File.ReadAllText(SeedPath, new UTF8Encoding(false));

    private static string[] Texts(ExtractedDocument document) => document.Lines.Select(l => l.Text).ToArray();

    /// <summary>The seed's lines as the file holds them (no trailing empty line after the last newline).</summary>
    private static string[] SeedLines()
    {
        var lines = SeedText.Replace("\r\n", "\n").Split('\n');
        return lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    [Fact]
    public void Utf8_without_bom_keeps_every_line_tabs_included()
    {
        var document = DocumentReader.Read(SeedPath);

        Assert.Equal("txt", document.Format);
        Assert.Equal(SeedLines(), Texts(document));
        Assert.Contains("规章\t0\t0\t0", Texts(document));
        Assert.All(document.Lines, l => Assert.False(l.IsTableRow)); // plain text has no cells: the parser splits tabs
    }

    public static TheoryData<string, byte[]> Encoded => new()
    {
        { "utf8-bom", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(SeedText)] },
        { "utf16le-bom", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(SeedText)] },
        { "utf16be-bom", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(SeedText)] },
        { "gb18030", Encoding.GetEncoding("GB18030").GetBytes(SeedText) },
        { "gbk", Encoding.GetEncoding("GBK").GetBytes(SeedText) },
    };

    [Theory]
    [MemberData(nameof(Encoded))]
    public void Every_encoding_gives_the_same_lines(string encoding, byte[] bytes)
    {
        var document = DocumentReader.Read(bytes, $"{Seed}.{encoding}.txt");

        Assert.Equal(SeedLines(), Texts(document));
        Assert.DoesNotContain(document.Lines, l => l.Text.Contains('\uFEFF') || l.Text.Contains('\uFFFD'));
    }

    [Fact]
    public void The_committed_gbk_fixture_reads_like_the_utf8_seed()
    {
        foreach (var seed in RepoPaths.SeedNames())
        {
            var bytes = File.ReadAllBytes(RepoPaths.Fixture($"{seed}.gbk.txt"));
            Assert.False(System.Text.Unicode.Utf8.IsValid(bytes), $"{seed}.gbk.txt should not be valid UTF-8");

            var gbk = DocumentReader.Read(RepoPaths.Fixture($"{seed}.gbk.txt"));
            var utf8 = DocumentReader.Read(Path.Combine(RepoPaths.Seeds, seed + ".txt"));
            Assert.Equal(Texts(utf8), Texts(gbk));
        }
    }

    [Fact]
    public void Crlf_and_lone_cr_become_line_breaks()
    {
        var document = DocumentReader.Read("一、总体情况\r\n正文\r二、主动公开\n三\r\n"u8.ToArray(), "report.txt");

        Assert.Equal(["一、总体情况", "正文", "二、主动公开", "三"], Texts(document));
    }

    [Fact]
    public void Markdown_stays_text_with_pipes_and_markup()
    {
        var md = "## 二、主动公开政府信息情况\n| 规章 | 0 | 0 | 0 |\n**一是**加强学习\n";
        var document = DocumentReader.Read(Encoding.UTF8.GetBytes(md), "report.md");

        Assert.Equal("md", document.Format);
        Assert.Equal(["## 二、主动公开政府信息情况", "| 规章 | 0 | 0 | 0 |", "**一是**加强学习"], Texts(document));
    }

    [Fact]
    public void Utf8_with_one_damaged_byte_is_still_read_as_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes(SeedText);
        bytes[^2] = 0xE5; // a lead byte with no continuation: the file was cut or damaged
        var document = DocumentReader.Read(bytes, "damaged.txt");

        Assert.Contains("一、总体情况", Texts(document));
    }

    [Fact]
    public void Random_bytes_named_txt_are_not_a_text_file()
    {
        var junk = new byte[64 * 1024];
        new Random(42).NextBytes(junk);

        var e = Assert.Throws<ExtractionException>(() => DocumentReader.Read(junk, "report.txt"));
        Assert.Equal("report.txt", e.File);
        Assert.StartsWith("not a text file", e.Reason);
    }

    [Fact]
    public void Binary_without_nul_bytes_is_not_a_text_file_either()
    {
        // Every byte 0x01..0xFF: control characters and undecodable sequences throughout, but no NUL.
        var junk = new byte[32 * 1024];
        new Random(7).NextBytes(junk);
        for (var i = 0; i < junk.Length; i++) if (junk[i] == 0) junk[i] = 1;

        var e = Assert.Throws<ExtractionException>(() => DocumentReader.Read(junk, "report.md"));
        Assert.StartsWith("not a text file", e.Reason);
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dw-empty-{Guid.NewGuid():N}.txt");
        File.WriteAllBytes(path, []);
        try
        {
            var e = Assert.Throws<ExtractionException>(() => DocumentReader.Read(path));
            Assert.Equal(path, e.File);
            Assert.Contains("empty", e.Reason);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
