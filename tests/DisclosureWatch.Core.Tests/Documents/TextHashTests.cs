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

    [Fact]
    public void The_common_characters_hash_as_their_NFKC_form()
    {
        // Every character the hash folds without ICU, beside letters a composing mark could follow.
        var common = Enumerable.Range(0x20, 0x5F).Concat(Enumerable.Range(0xFF01, 0x5E))
            .Concat([0x3000, 0x3001, 0x3002, 0x2018, 0x2019, 0x201C, 0x201D, 0x4E00, 0x62A5, 0x9FFF]).Concat(Enumerable.Range(0x300A, 8))
            .Select(c => (char)c);
        foreach (var c in common)
        {
            var text = $"e{c}ｅ\t{c}{c}";
            var document = new ExtractedDocument("txt", [new DocumentLine(text)]);
            Assert.Equal(Reference(text), document.TextSha256());
        }
    }

    /// <summary>The definition: NFKC, white space and format characters removed, a line feed after a non-blank line.</summary>
    private static string Reference(string line)
    {
        var kept = new string(line.Normalize(System.Text.NormalizationForm.FormKC)
            .Where(c => !char.IsWhiteSpace(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format).ToArray());
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(kept.Length > 0 ? kept + "\n" : "")));
    }
}
