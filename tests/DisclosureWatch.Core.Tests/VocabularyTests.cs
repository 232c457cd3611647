using System.Globalization;
using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Digests;
using DisclosureWatch.Core.Tests.Digests;

namespace DisclosureWatch.Core.Tests;

public class VocabularyTests
{
    [Theory]
    [InlineData("2025-01-13", "2025-01-20", "2025-01-13至01-19")]
    [InlineData("2024-12-30", "2025-01-06", "2024-12-30至2025-01-05")]
    [InlineData("2025-01-13", "2025-01-14", "2025-01-13")]
    public void A_period_has_one_spelling_that_reads_back(string start, string end, string spelled)
    {
        var p = new DigestPeriod(DateOnly.Parse(start, CultureInfo.InvariantCulture), DateOnly.Parse(end, CultureInfo.InvariantCulture));
        Assert.Equal(spelled, Vocabulary.Period(p));
        Assert.Equal(spelled, p.ToChinese());
        Assert.Equal(p, Vocabulary.ParsePeriod(spelled));
        Assert.Equal(p, Vocabulary.ParsePeriod($"{p.Start:yyyy-MM-dd}..{p.LastDay:yyyy-MM-dd}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("last week")]
    [InlineData("2025-01-19至01-13")]
    [InlineData("2025-13-01")]
    public void Anything_else_is_no_period(string text) => Assert.Null(Vocabulary.ParsePeriod(text));

    [Fact]
    public void The_digest_subject_and_its_attachment_spell_the_period_the_same_way()
    {
        var digest = DigestSamples.Build(DigestSamples.SeedWeek());
        var spelled = Vocabulary.Period(digest.Figures.Period);
        Assert.Contains($" {spelled}：", digest.Subject);
        Assert.Equal($"findings-{spelled}.xlsx", digest.Attachment.FileName);
    }

    [Fact]
    public void Severities_and_states_are_chinese_and_stored_names_map_back()
    {
        Assert.Equal(["错误", "警告", "提示"], new[] { Severity.Error, Severity.Warning, Severity.Info }.Select(Vocabulary.Severity));
        Assert.Equal("警告", Vocabulary.Severity("warning"));
        Assert.Equal(["待审核", "审核中", "已审核", "待审", "已确认", "已排除", "待发送", "已发送"],
            new[] { "new", "in-review", "reviewed", "open", "confirmed", "dismissed", "pending", "sent" }.Select(Vocabulary.State));
        Assert.Equal("reviewed", Vocabulary.StateName("已审核"));
        Assert.Equal("new", Vocabulary.StateName("new"));
        Assert.Null(Vocabulary.StateName("done"));
    }

    [Fact]
    public void Times_are_local_with_the_offset_in_the_header()
    {
        var utc = new DateTime(2025, 1, 14, 0, 55, 0, DateTimeKind.Utc);
        Assert.Equal("2025-01-14 08:55", Vocabulary.Time(utc));
        Assert.Equal("2025-01-14 00:55", Vocabulary.Time(utc, TimeZoneInfo.Utc));
        Assert.Equal("收到时间(+08:00)", Vocabulary.FindingColumns()[3]);
        Assert.Equal("收到时间(+00:00)", Vocabulary.FindingColumns(TimeZoneInfo.Utc)[3]);
    }
}
