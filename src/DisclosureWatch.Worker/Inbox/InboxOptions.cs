using DisclosureWatch.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using Quartz;

namespace DisclosureWatch.Worker.Inbox;

/// <summary>Section "Inbox": the folder poll.</summary>
internal sealed class InboxOptions
{
    public const string Section = "Inbox";
    /// <summary>Poll every Interval (ignored when Cron is set). The inbox is also scanned at start-up.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>A Quartz cron expression (seconds first), e.g. "0 0/5 * * * ?"; overrides Interval.</summary>
    public string? Cron { get; set; }
    /// <summary>A file counts once its size and modification time have not changed for this long.</summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>
    /// Reports analyzed and committed per transaction. Small batches keep fewer analyses alive between analysis and
    /// commit, so fewer survive a collection: `dw bench ingest` measured 1,246-1,248 reports/s at 25, 1,212 at 50
    /// and 1,100 at 100 (GC pauses 0.5 s against 1.2 s per 10,000 reports).
    /// </summary>
    public int BatchSize { get; set; } = 25;
    /// <summary>Tries of a transient failure (locked file, busy database) before giving up.</summary>
    public int MaxAttempts { get; set; } = 5;
    /// <summary>The first retry delay; each further try waits twice as long.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Binds and checks "Inbox"; every problem is added to <paramref name="problems"/>, naming its key.</summary>
    public static InboxOptions Read(IConfiguration config, List<string> problems) => SectionBinder.Bind<InboxOptions>(config, Section, problems, Problems);

    private static IEnumerable<string> Problems(InboxOptions inbox)
    {
        if (!string.IsNullOrWhiteSpace(inbox.Cron))
        {
            if (!CronExpression.TryParse(inbox.Cron, out _))
                yield return $"Inbox:Cron: '{inbox.Cron}' is not a Quartz cron expression (seconds minutes hours day month weekday, e.g. \"0 0/5 * * * ?\")";
        }
        else if (inbox.Interval <= TimeSpan.Zero) yield return $"Inbox:Interval: must be positive (got {inbox.Interval})";
        if (inbox.SettleTime < TimeSpan.Zero) yield return "Inbox:SettleTime: must not be negative";
        if (inbox.BatchSize is < 1 or > 5000) yield return $"Inbox:BatchSize: must be 1..5000 (got {inbox.BatchSize})";
        if (inbox.MaxAttempts < 1) yield return $"Inbox:MaxAttempts: must be at least 1 (got {inbox.MaxAttempts})";
        if (inbox.RetryDelay < TimeSpan.Zero) yield return "Inbox:RetryDelay: must not be negative";
    }
}
