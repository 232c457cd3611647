using System.Globalization;
using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Digests;

namespace DisclosureWatch.Core;

/// <summary>
/// The words a supervisor reads, in one place: severities, review states, digest periods, times and the column
/// headers of every table a supervisor opens (the digest's workbook, `dw export`). The mail, the CLI's text
/// output and the exports all call here; logs and JSON keys keep the English names.
/// </summary>
public static class Vocabulary
{
    // Severities ------------------------------------------------------------------------------------------------

    public static string Severity(Severity s) => s switch
    {
        Checks.Severity.Error => "错误",
        Checks.Severity.Warning => "警告",
        _ => "提示",
    };

    /// <summary>A severity as stored (error, warning, info), in Chinese; an unknown name is shown as it is.</summary>
    public static string Severity(string stored) =>
        Enum.TryParse<Severity>(stored, ignoreCase: true, out var s) ? Severity(s) : stored;

    // Review states ---------------------------------------------------------------------------------------------

    private static readonly Dictionary<string, string> States = new(StringComparer.Ordinal)
    {
        // a report's review state (derived from its findings)
        ["new"] = "待审核", ["in-review"] = "审核中", ["reviewed"] = "已审核",
        // a finding's review state
        ["open"] = "待审", ["confirmed"] = "已确认", ["dismissed"] = "已排除",
        // a digest
        ["pending"] = "待发送", ["sent"] = "已发送",
    };

    /// <summary>A stored state (new, in-review, reviewed, open, confirmed, dismissed, pending, sent) in Chinese.</summary>
    public static string State(string? stored) => stored is null ? "" : States.TryGetValue(stored, out var s) ? s : stored;

    /// <summary>The stored name of a state given in English or Chinese (`--status 待审核` = `--status new`); null when unknown.</summary>
    public static string? StateName(string given) =>
        States.ContainsKey(given) ? given : States.FirstOrDefault(kv => kv.Value == given).Key;

    public static string Submission(bool resubmitted) => resubmitted ? "重新报送" : "首次报送";

    // Periods ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// A digest period, the one spelling of the subject, `dw digest list`, the outbox file and `--period`: the first
    /// and last day (inclusive) — 2025-01-13至01-19, 2024-12-30至2025-01-05 across a year, 2025-01-13 for one day.
    /// </summary>
    public static string Period(DigestPeriod p) =>
        p.Days <= 1 ? $"{p.Start:yyyy-MM-dd}"
        : p.Start.Year == p.LastDay.Year ? $"{p.Start:yyyy-MM-dd}至{p.LastDay:MM-dd}"
        : $"{p.Start:yyyy-MM-dd}至{p.LastDay:yyyy-MM-dd}";

    /// <summary>Reads <see cref="Period(DigestPeriod)"/>'s spelling back (also yyyy-MM-dd..yyyy-MM-dd, last day inclusive); null when it is not one.</summary>
    public static DigestPeriod? ParsePeriod(string text)
    {
        text = text.Trim();
        var parts = text.Split(["至", ".."], 2, StringSplitOptions.TrimEntries);
        if (!Day(parts[0], out var start)) return null;
        if (parts.Length == 1) return new DigestPeriod(start, start.AddDays(1));
        var last = parts[1];
        if (last.Length == 5) last = $"{start.Year:0000}-{last}"; // 至01-19: the start's year
        if (!Day(last, out var end) || end < start) return null;
        return new DigestPeriod(start, end.AddDays(1));

        static bool Day(string s, out DateOnly d) =>
            DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out d);
    }

    // Times -----------------------------------------------------------------------------------------------------

    /// <summary>The zone times are shown in when nothing else is configured.</summary>
    public static TimeZoneInfo DefaultTimeZone { get; } = FindZone("Asia/Shanghai") ?? TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "Asia/Shanghai", "CST");

    private static TimeZoneInfo? FindZone(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { return null; }
    }

    /// <summary>2025-01-14 09:30 in the zone (local time of the supervisor, default Asia/Shanghai); a DateTime is UTC.</summary>
    public static string Time(DateTimeOffset t, TimeZoneInfo? zone = null) =>
        TimeZoneInfo.ConvertTime(t, zone ?? DefaultTimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Time(DateTime utc, TimeZoneInfo? zone = null) =>
        Time(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), zone);

    /// <summary>The header of a time column, naming the zone's offset: 收到时间(+08:00).</summary>
    public static string TimeColumn(string name, TimeZoneInfo? zone = null)
    {
        var offset = (zone ?? DefaultTimeZone).BaseUtcOffset;
        return $"{name}({(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm})";
    }

    // Columns ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// One row per finding: the header of the digest's workbook, and the first columns of `dw export`'s
    /// findings (which adds the review columns, <see cref="ReviewColumns"/>).
    /// </summary>
    public static IReadOnlyList<string> FindingColumns(TimeZoneInfo? zone = null) =>
        ["报告编号", "单位", "报告年度", TimeColumn("收到时间", zone), "报送类型", "严重程度", "规则", "问题", "依据", "章节"];

    /// <summary>What `dw export` adds to <see cref="FindingColumns"/>: the finding's number and its review.</summary>
    public static IReadOnlyList<string> ReviewColumns(TimeZoneInfo? zone = null) =>
        ["问题编号", "文件", "审核状态", "审核意见", TimeColumn("审核时间", zone)];

    /// <summary>One row per report (`dw export`'s 报告 sheet).</summary>
    public static IReadOnlyList<string> ReportColumns(TimeZoneInfo? zone = null) =>
        ["报告编号", "单位", "报告年度", "审核状态", "问题数", "未审问题", "文件", "来源", TimeColumn("收到时间", zone), TimeColumn("处理时间", zone), "sha256"];
}
