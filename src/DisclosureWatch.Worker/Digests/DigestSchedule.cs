using DisclosureWatch.Core;
using DisclosureWatch.Core.Digests;
using Quartz;

namespace DisclosureWatch.Worker.Digests;

/// <summary>When a supervisor's digest is due, and which period it covers.</summary>
internal static class DigestSchedule
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

    /// <summary>
    /// The period `--period` names: START至END (the spelling of the subject and `dw digest list`) is exactly those
    /// days; a single day is the scheduled period holding it. A period still running is cut after today: the digest
    /// of what has arrived so far, under its own key, so the whole period's scheduled digest still goes out. Null when
    /// the text is no period (or the schedule never fires).
    /// </summary>
    public static DigestPeriod? PeriodOf(string text, CronExpression cron, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (Vocabulary.ParsePeriod(text) is not { } given) return null;
        return text.Contains('至') || text.Contains("..") ? given : Holding(given.Start, cron, zone, now);
    }

    /// <summary>The scheduled period holding <paramref name="day"/>, cut after today when it is still running.</summary>
    public static DigestPeriod? Holding(DateOnly day, CronExpression cron, TimeZoneInfo zone, DateTimeOffset now)
    {
        // The first scheduled time from the next day on closes the period that holds the day.
        if (cron.GetNextValidTimeAfter(StartOfDayUtc(day.AddDays(1), zone).AddTicks(-1)) is not { } closes
            || LatestDue(cron, zone, closes) is not { } due) return null;
        var tomorrow = LocalDate(now, zone).AddDays(1);
        return due.Period.Start < tomorrow && due.Period.End > tomorrow ? due.Period with { End = tomorrow } : due.Period;
    }

    public static DateOnly LocalDate(DateTimeOffset t, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, zone).DateTime);

    /// <summary>The UTC instant a local day starts at.</summary>
    public static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
}
