using DisclosureWatch.Core.Documents;

namespace DisclosureWatch.Core.Tests.Documents;

public class TextHashTests
{
    // The stored hashes must not change: the expected value is the sha256 of "2024年报告\n第一行内容\nABCd\n" (NFKC,
    // white space and format characters removed, blank lines dropped), computed outside .NET.
    [Fact]
    public void Hash_is_of_the_normalised_text()
    {
        var document = new ExtractedDocument("txt",
            [new("２０２４年 报告\u200b"), new(""), new("  第一行\t内容  "), new("ＡＢＣ　ｄ\ufeff"), new("\u3000 ")]);
        Assert.Equal("45edeff295e6b465467aef64b8ef509c0745ab2124868d6f8e5aaca69ae4fc65", document.TextSha256());
    }

    [Fact]
    public void A_text_longer_than_its_lines_after_normalisation_hashes_whole()
    {
        // NFKC lengthens ㍻ (one character) to 平成: the buffer grows rather than cutting the text.
        var line = new string('㍻', 3000);
        var document = new ExtractedDocument("txt", [new DocumentLine(line)]);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("平成", 3000)) + "\n")));
        Assert.Equal(expected, document.TextSha256());
    }
}
