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
}
