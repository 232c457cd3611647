using System.Globalization;
using DisclosureWatch.Core.Digests;
using DisclosureWatch.Worker.Configuration;
using DisclosureWatch.Worker.Digests;
using DisclosureWatch.Worker.Mail;
using DisclosureWatch.Worker.Hosting;
using Quartz;

namespace DisclosureWatch.Worker.Tests.Digests;

public class DigestScheduleTests
{
    private static readonly TimeZoneInfo China = DigestSettings.FindZone("Asia/Shanghai")!;
    private static readonly TimeSpan Plus8 = TimeSpan.FromHours(8);

    [Theory]
    [InlineData("2025-01-20T08:00:00", "2025-01-13", "2025-01-20")] // on time
    [InlineData("2025-01-20T07:59:59", "2025-01-06", "2025-01-13")] // not yet: last week's
    [InlineData("2025-01-23T15:00:00", "2025-01-13", "2025-01-20")] // back after downtime: the missed period
    [InlineData("2025-01-26T23:59:59", "2025-01-13", "2025-01-20")]
    public void The_default_schedule_gives_the_latest_monday_and_the_week_before_it(string localNow, string start, string end)
    {
        var cron = new CronExpression(Supervisor.DefaultSchedule, China);
        var due = DigestSchedule.LatestDue(cron, China, new DateTimeOffset(DateTime.Parse(localNow, CultureInfo.InvariantCulture), Plus8))!.Value;
        Assert.Equal(new DigestPeriod(DateOnly.Parse(start, CultureInfo.InvariantCulture), DateOnly.Parse(end, CultureInfo.InvariantCulture)), due.Period);
        Assert.Equal(TimeSpan.FromHours(8), TimeZoneInfo.ConvertTime(due.Due, China).TimeOfDay);
    }

    [Theory]
    // Thursday 2025-01-23 15:00 in Shanghai, weekly on Monday 08:00:
    [InlineData("2025-01-23", "2025-01-20", "2025-01-24")] // today: the running week so far, up to and including today
    [InlineData("2025-01-20", "2025-01-20", "2025-01-24")]
    [InlineData("2025-01-15", "2025-01-13", "2025-01-20")] // a day of last week: the whole week
    [InlineData("2025-01-20至01-21", "2025-01-20", "2025-01-22")] // the list's spelling: exactly those days
    public void Period_given_by_hand_is_the_period_holding_a_day_up_to_today_or_the_days_spelled(string given, string start, string end)
    {
        var cron = new CronExpression(Supervisor.DefaultSchedule, China);
        var now = new DateTimeOffset(2025, 1, 23, 15, 0, 0, Plus8);
        Assert.Equal(new DigestPeriod(DateOnly.Parse(start, CultureInfo.InvariantCulture), DateOnly.Parse(end, CultureInfo.InvariantCulture)), DigestSchedule.PeriodOf(given, cron, China, now));
        // The running week's digest so far has a key of its own: Monday's scheduled digest of the whole week still goes out.
        Assert.NotEqual(new DigestPeriod(new(2025, 1, 20), new(2025, 1, 27)).IdempotencyKey("w@x"),
            DigestSchedule.PeriodOf("2025-01-23", cron, China, now)!.Value.IdempotencyKey("w@x"));
    }

    [Fact]
    public void A_daily_schedules_period_of_today_covers_today_so_far()
    {
        var daily = new CronExpression("0 30 7 * * ?", China);
        Assert.Equal(new DigestPeriod(new(2025, 3, 4), new(2025, 3, 5)),
            DigestSchedule.PeriodOf("2025-03-04", daily, China, new DateTimeOffset(2025, 3, 4, 9, 0, 0, Plus8)));
    }

    [Fact]
    public void Other_schedules_get_periods_from_the_previous_run_day_so_periods_tile_the_calendar()
    {
        var daily = new CronExpression("0 30 7 * * ?", China);
        Assert.Equal(new DigestPeriod(new(2025, 3, 3), new(2025, 3, 4)),
            DigestSchedule.LatestDue(daily, China, new DateTimeOffset(2025, 3, 4, 9, 0, 0, Plus8))!.Value.Period);
        var monthly = new CronExpression("0 0 8 1 * ?", China);
        Assert.Equal(new DigestPeriod(new(2025, 2, 1), new(2025, 3, 1)),
            DigestSchedule.LatestDue(monthly, China, new DateTimeOffset(2025, 3, 4, 9, 0, 0, Plus8))!.Value.Period);
        // The scheduled day is read in the supervisor's zone: Monday 08:00 in Shanghai is Monday 00:00 UTC.
        var utcNow = new DateTimeOffset(2025, 1, 20, 0, 0, 30, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2025, 1, 20), DigestSchedule.LatestDue(new CronExpression(Supervisor.DefaultSchedule, China), China, utcNow)!.Value.Period.End);
    }

    [Fact]
    public void Bad_supervisors_and_smtp_settings_are_named_all_at_once()
    {
        var e = Assert.Throws<ConfigurationException>(() => DigestConfig.Read(new()
        {
            ["Digest:Supervisors:0:Name"] = "王科长",
            ["Digest:Supervisors:0:Address"] = "wang at example",
            ["Digest:Supervisors:0:Regions:0"] = "河曲县",
            ["Digest:Supervisors:0:Schedule"] = "every monday",
            ["Digest:Supervisors:1:Name"] = "李主任",
            ["Digest:Supervisors:1:Address"] = "li@example.gov.cn",
            ["Digest:Supervisors:1:TimeZone"] = "Mars/Olympus",
            ["Digest:Supervisors:1:Adress"] = "typo@example.gov.cn",
            ["Smtp:Host"] = "smtp.example.gov.cn",
            ["Smtp:Security"] = "ssl3",
            ["Smtp:User"] = "dw@example.gov.cn",
            ["Smtp:TrustedCaFile"] = "/nonexistent/ca.pem",
        }));
        var all = string.Join("\n", e.Problems);
        foreach (var expected in new[]
                 {
                     "Digest:Supervisors:0:Address: 'wang at example' is not a mail address",
                     "Digest:Supervisors:0:Schedule: 'every monday' is not a Quartz cron expression",
                     "Digest:Supervisors:1:TimeZone: 'Mars/Olympus'",
                     "Digest:Supervisors:1:Adress: unknown setting",
                     "Digest:Supervisors:1: give Organs",
                     "Smtp:Security: 'ssl3'",
                     "Smtp:Password: required with Smtp:User",
                     "Smtp:TrustedCaFile: /nonexistent/ca.pem: no such file",
                 })
            Assert.Contains(expected, all);
    }

    [Fact]
    public void Defaults_are_monday_eight_in_shanghai_with_the_outbox_and_implicit_tls_on_465()
    {
        var settings = DigestConfig.Read(DigestConfig.With(("Smtp:Host", "smtp.example.gov.cn"), ("Smtp:From", "dw@example.gov.cn")));
        Assert.All(settings.Recipients, r => Assert.Equal((Supervisor.DefaultSchedule, "Asia/Shanghai"), (r.Supervisor.Schedule, r.TimeZone.Id)));
        Assert.Equal((465, MailSecurity.Implicit), (settings.Smtp!.Server.Port, settings.Smtp.Server.Security));
        var starttls = DigestConfig.Read(DigestConfig.With(("Smtp:Host", "smtp.example.gov.cn"), ("Smtp:Port", "587"), ("Smtp:From", "dw@example.gov.cn")));
        Assert.Equal(MailSecurity.StartTls, starttls.Smtp!.Server.Security);
        Assert.Null(DigestConfig.Read(DigestConfig.Supervisors).Smtp);
    }
}
