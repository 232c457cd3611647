using DisclosureWatch.Core.Digests;

namespace DisclosureWatch.Core.Tests.Digests;

public class DigestPeriodTests
{
    private static readonly TimeZoneInfo China = DigestSamples.China;

    [Fact]
    public void A_monday_8am_digest_covers_the_seven_days_before()
    {
        var p = DigestPeriod.EndingAt(new DateTimeOffset(2025, 1, 20, 8, 0, 0, TimeSpan.FromHours(8)), China);
        Assert.Equal(new DigestPeriod(new DateOnly(2025, 1, 13), new DateOnly(2025, 1, 20)), p);
        Assert.Equal(new DateOnly(2025, 1, 19), p.LastDay);
        Assert.Equal(7, p.Days);
    }

    [Fact]
    public void The_scheduled_instant_is_read_in_the_supervisors_zone()
    {
        // 00:30 UTC on Monday is 08:30 Monday in China, but still Sunday in UTC.
        var instant = new DateTimeOffset(2025, 1, 20, 0, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2025, 1, 20), DigestPeriod.EndingAt(instant, China).End);
        Assert.Equal(new DateOnly(2025, 1, 20), DigestPeriod.EndingAt(instant, TimeZoneInfo.Utc).End);
        Assert.Equal(new DateOnly(2025, 1, 19), DigestPeriod.EndingAt(instant.AddHours(-1), TimeZoneInfo.Utc).End);
    }

    [Fact]
    public void A_late_or_repeated_run_on_the_same_day_gets_the_same_key_and_the_next_week_another()
    {
        var monday = new DateTimeOffset(2025, 1, 20, 8, 0, 0, TimeSpan.FromHours(8));
        var a = DigestPeriod.EndingAt(monday, China).IdempotencyKey("WangKe@hequ.gov.cn");
        var b = DigestPeriod.EndingAt(monday.AddHours(9), China).IdempotencyKey(" wangke@hequ.gov.cn ");
        var c = DigestPeriod.EndingAt(monday.AddDays(7), China).IdempotencyKey("wangke@hequ.gov.cn");
        Assert.Equal("digest:wangke@hequ.gov.cn:2025-01-13..2025-01-20", a);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, DigestPeriod.EndingAt(monday, China).IdempotencyKey("li@hequ.gov.cn"));
    }

    [Fact]
    public void Consecutive_periods_tile_without_gap_or_overlap()
    {
        var first = DigestPeriod.EndingAt(new DateTimeOffset(2025, 1, 20, 8, 0, 0, TimeSpan.FromHours(8)), China);
        var next = DigestPeriod.EndingAt(new DateTimeOffset(2025, 1, 27, 8, 0, 0, TimeSpan.FromHours(8)), China);
        Assert.Equal(first.End, next.Start);
        var sundayNight = new DateTimeOffset(2025, 1, 19, 23, 59, 0, TimeSpan.FromHours(8));
        Assert.True(first.Contains(sundayNight, China));
        Assert.False(next.Contains(sundayNight, China));
        Assert.True(next.Contains(sundayNight.AddMinutes(1), China));
    }

    [Fact]
    public void Scope_by_organ_list_or_region_prefix()
    {
        var organs = SupervisorScope.ForOrgans("延津县司寨乡人民政府", "（石咢）嘉镇人民政府");
        Assert.True(organs.Includes("延津县司寨乡"));
        Assert.True(organs.Includes("(石咢)嘉镇人民政府"));
        Assert.True(organs.Includes("延津县 司寨乡 人民政府"));
        Assert.False(organs.Includes("延津县小潭乡人民政府"));
        Assert.False(organs.Includes(null));

        var region = SupervisorScope.ForRegions("河曲县");
        Assert.True(region.Includes("河曲县社梁乡人民政府"));
        Assert.True(region.Includes("河曲县人民政府办公室"));
        Assert.False(region.Includes("灵丘县下关乡"));
        Assert.False(region.Includes("忻州市河曲县社梁乡")); // a prefix is a prefix
        Assert.Equal(["河曲县社梁乡人民政府"], region.Filter(["灵丘县下关乡", "河曲县社梁乡人民政府"]));
    }

    [Fact]
    public void A_county_office_is_not_the_county_government()
    {
        Assert.True(OrganNames.Same("河曲县人民政府", "河曲县"));
        Assert.False(OrganNames.Same("河曲县人民政府办公室", "河曲县人民政府"));
    }

    [Fact]
    public void Supervisor_defaults_to_monday_8am_and_keeps_expected_organs_in_scope()
    {
        var s = new Supervisor("王科长", "wangke@hequ.gov.cn", SupervisorScope.ForRegions("河曲县"),
            ["河曲县社梁乡人民政府", "灵丘县下关乡", "河曲县文笔镇人民政府"]);
        Assert.Equal("0 0 8 ? * MON", s.Schedule);
        Assert.Equal(["河曲县社梁乡人民政府", "河曲县文笔镇人民政府"], s.ExpectedInScope);
    }
}
