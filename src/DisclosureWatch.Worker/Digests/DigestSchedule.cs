using DisclosureWatch.Core.Digests;
using Quartz;

namespace DisclosureWatch.Worker.Digests;

/// <summary>When a supervisor's digest is due, and which period it covers.</summary>
public static class DigestSchedule
{
    private static readonly TimeSpan[] Lookbacks = [TimeSpan.FromDays(8), TimeSpan.FromDays(32), TimeSpan.FromDays(367), TimeSpan.FromDays(3 * 366)];

    /// <summary>
    /// The latest scheduled time at or before <paramref name="now"/> and its period: the local days from the
    /// previous scheduled day up to (not including) this one — [Monday, next Monday) for the weekly default, so
    /// periods tile the calendar. A worker that was down at the scheduled time gets that same period when it is back;
    /// older missed periods are not sent (the latest digest supersedes them). Null when the schedule never fired.
    /// </summary>
    public static (DateTimeOffset Due, DigestPeriod Period)? LatestDue(CronExpression cron, TimeZoneInfo zone, DateTimeOffset now)
    {
        DateTimeOffset? last = null;
        foreach (var lookback in Lookbacks)
        {
            DateTimeOffset? previous = null;
            last = null;
            for (var t = cron.GetNextValidTimeAfter(now - lookback); t is { } fire && fire <= now; t = cron.GetNextValidTimeAfter(fire))
                (previous, last) = (last, fire);
            if (previous is { } p && last is { } l)
            {
                var days = LocalDate(l, zone).DayNumber - LocalDate(p, zone).DayNumber;
                return (l, DigestPeriod.EndingAt(l, zone, Math.Max(1, days)));
            }
        }
        return last is { } only ? (only, DigestPeriod.EndingAt(only, zone)) : null;
    }

    public static DateOnly LocalDate(DateTimeOffset t, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, zone).DateTime);

    /// <summary>The UTC instant a local day starts at.</summary>
    public static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
}
