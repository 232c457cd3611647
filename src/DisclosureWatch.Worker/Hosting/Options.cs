using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;

namespace DisclosureWatch.Worker.Hosting;

/// <summary>
/// Options the .NET way: <c>AddOptions&lt;T&gt;().Bind(section)</c>, validated by the section's own rules and its
/// unknown keys, on start (<c>ValidateOnStart</c>: the host does not start on a bad value; `dw run` exits 78).
/// Each feature registers its own section with <see cref="AddSection{T}"/>; the CLI commands, which run no host,
/// validate the same rules through <see cref="Settings.From"/>.
/// </summary>
public static class OptionsRegistration
{
    public static OptionsBuilder<T> AddSection<T>(this IServiceCollection services, IConfiguration config, string section, Func<T, IEnumerable<string>> rules)
        where T : class
    {
        var s = config.GetSection(section);
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(s, rules));
        // Consumers take the plain options object (tests construct them directly); it is the validated IOptions value.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return services.AddOptions<T>().Bind(s).ValidateOnStart();
    }

    private sealed class SectionValidator<T>(IConfigurationSection section, Func<T, IEnumerable<string>> rules) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = Settings.UnknownKeys<T>(section).Concat(rules(options)).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}

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

    public static IEnumerable<string> Problems(StoreOptions store)
    {
        if (store.Provider is not ("sqlite" or "postgres"))
            yield return $"Store:Provider: '{store.Provider}' is not sqlite or postgres";
        if (store.Provider == "postgres" && string.IsNullOrWhiteSpace(store.ConnectionString))
            yield return "Store:ConnectionString: required when Store:Provider is postgres (e.g. Host=localhost;Database=dw;Username=dw)";
        if (string.IsNullOrWhiteSpace(store.DataDirectory)) yield return "Store:DataDirectory: must not be empty";
        if (store.BusyTimeout <= TimeSpan.Zero) yield return "Store:BusyTimeout: must be positive";
    }

    public static OptionsBuilder<StoreOptions> Register(IServiceCollection services, IConfiguration config) =>
        services.AddSection<StoreOptions>(config, Section, Problems);
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

    public static IEnumerable<string> Problems(InboxOptions inbox)
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

    public static OptionsBuilder<InboxOptions> Register(IServiceCollection services, IConfiguration config) =>
        services.AddSection<InboxOptions>(config, Section, Problems);
}

/// <summary>Section "Worker": this instance among several sharing one store and inbox.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";
    /// <summary>Unique per running instance (default: the machine name); names its claim folder work/ID.</summary>
    public string InstanceId { get; set; } = Environment.MachineName;
    /// <summary>An instance silent (no heartbeat) for this long is dead: its claimed files go back to the living.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    public static IEnumerable<string> Problems(WorkerOptions worker)
    {
        if (string.IsNullOrWhiteSpace(worker.InstanceId) || worker.InstanceId.IndexOfAny([.. Path.GetInvalidFileNameChars(), '.']) >= 0)
            yield return $"Worker:InstanceId: '{worker.InstanceId}' must be a non-empty name without '/' or '.'";
        if (worker.ClaimLease <= TimeSpan.Zero) yield return "Worker:ClaimLease: must be positive";
        // The heartbeat is renewed every quarter lease; a lease under a second would have it written several times a second.
        else if (worker.ClaimLease < TimeSpan.FromSeconds(1)) yield return $"Worker:ClaimLease: must be at least 00:00:01 (got {worker.ClaimLease})";
    }

    public static OptionsBuilder<WorkerOptions> Register(IServiceCollection services, IConfiguration config) =>
        services.AddSection<WorkerOptions>(config, Section, Problems);
}
