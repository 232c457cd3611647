namespace DisclosureWatch.Core.Tests;

public class WhiteSpaceTests
{
    [Fact]
    public void Every_character_is_white_space_exactly_when_the_runtime_says_so()
    {
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var ch = (char)c;
            Assert.True(WhiteSpace.Is(ch) == char.IsWhiteSpace(ch), $"U+{c:X4}");
            Assert.True(WhiteSpace.Any($"甲{ch}乙") == char.IsWhiteSpace(ch), $"U+{c:X4} in text");
        }
    }

    [Fact]
    public void Trims_exactly_as_the_runtime_does()
    {
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var ch = (char)c;
            foreach (var text in new[] { $"{ch}甲 乙{ch}", $"{ch}{ch}", $"{ch}", $"甲{ch}{ch}" })
            {
                Assert.True(WhiteSpace.Trim(text.AsSpan()).SequenceEqual(text.AsSpan().Trim()), $"U+{c:X4} in {text}");
                Assert.True(WhiteSpace.TrimStart(text.AsSpan()).SequenceEqual(text.AsSpan().TrimStart()), $"U+{c:X4} start");
                Assert.True(WhiteSpace.TrimEnd(text.AsSpan()).SequenceEqual(text.AsSpan().TrimEnd()), $"U+{c:X4} end");
                Assert.Equal(text.Trim(), WhiteSpace.Trim(text));
            }
        }
        const string clean = "甲 乙";
        Assert.Same(clean, WhiteSpace.Trim(clean)); // nothing to trim: no new string
    }
}
