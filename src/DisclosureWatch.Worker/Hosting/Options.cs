namespace DisclosureWatch.Worker.Hosting;

/// <summary>Section "Store": where reports are kept.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";
    /// <summary>sqlite (default: DataDirectory/dw.db) or postgres (ConnectionString).</summary>
    public string Provider { get; set; } = "sqlite";
    /// <summary>The data directory, relative to the working directory: dw.db, inbox/, processed/, failed/, duplicates/, outbox/, work/.</summary>
    public string DataDirectory { get; set; } = "data";
    /// <summary>Npgsql connection string, for Provider = postgres.</summary>
    public string? ConnectionString { get; set; }
    /// <summary>How long a write waits for a busy SQLite database before it counts as a (retried) failure.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Section "Inbox": the folder poll.</summary>
public sealed class InboxOptions
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
}

/// <summary>Section "Worker": this instance among several sharing one store and inbox.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";
    /// <summary>Unique per running instance (default: the machine name); names its claim folder work/ID.</summary>
    public string InstanceId { get; set; } = Environment.MachineName;
    /// <summary>An instance silent (no heartbeat) for this long is dead: its claimed files go back to the living.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);
}
