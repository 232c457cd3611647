namespace DisclosureWatch.Core.Digests;

/// <summary>A digest period: local dates [Start, End). Weekly periods tile the calendar without gaps or overlaps.</summary>
public readonly record struct DigestPeriod(DateOnly Start, DateOnly End)
{
    /// <summary>
    /// The period a digest scheduled at <paramref name="scheduled"/> covers: the 7 local days before the scheduled
    /// day (Monday 2025-01-20 08:00 → [2025-01-13, 2025-01-20)). A late or repeated run at any time of the same
    /// local day gets the same period, hence the same <see cref="IdempotencyKey"/>.
    /// </summary>
    public static DigestPeriod EndingAt(DateTimeOffset scheduled, TimeZoneInfo zone, int days = 7)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var local = TimeZoneInfo.ConvertTime(scheduled, zone);
        var end = DateOnly.FromDateTime(local.DateTime);
        return new DigestPeriod(end.AddDays(-days), end);
    }

    /// <summary>The last day inside the period.</summary>
    public DateOnly LastDay => End.AddDays(-1);

    public int Days => End.DayNumber - Start.DayNumber;

    /// <summary>Whether a moment falls in the period, read in <paramref name="zone"/>.</summary>
    public bool Contains(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
        return day >= Start && day < End;
    }

    /// <summary>
    /// The key that makes a digest go out exactly once: the same supervisor and period always give the same key.
    /// <paramref name="supervisor"/> should be what identifies the recipient (the address), compared case-insensitively.
    /// </summary>
    public string IdempotencyKey(string supervisor) =>
        $"digest:{supervisor.Trim().ToLowerInvariant()}:{Start:yyyy-MM-dd}..{End:yyyy-MM-dd}";

    /// <summary>2025-01-13至01-19 (the year repeated only when the period crosses it): <see cref="Vocabulary.Period"/>.</summary>
    public string ToChinese() => Vocabulary.Period(this);

    public override string ToString() => $"[{Start:yyyy-MM-dd}, {End:yyyy-MM-dd})";
}
