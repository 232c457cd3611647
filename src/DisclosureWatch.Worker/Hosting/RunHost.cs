using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Classification;
using DisclosureWatch.Worker.Configuration;
using DisclosureWatch.Worker.Digests;
using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Jobs;
using DisclosureWatch.Worker.Mail;
using DisclosureWatch.Worker.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Hosting;

/// <summary>
/// The Generic Host of `dw run`. It only composes: the settings sources, console logs, then each feature registers
/// its own settings, services, hosted services and jobs, and one Quartz scheduler runs the jobs.
/// </summary>
internal static class RunHost
{
    /// <summary>
    /// Builds the host. Throws <see cref="ConfigurationException"/> naming every bad key of every section, before
    /// anything starts. <paramref name="configureLogging"/> lets tests add a log sink.
    /// </summary>
    public static IHost Build(string? configFile, string? dataDirectory, Action<ILoggingBuilder>? configureLogging = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = true,
        });
        try { ConfigurationSources.Add(builder.Configuration, configFile, Settings.Overrides(dataDirectory)); }
        catch (Exception e) when (e is InvalidDataException or FormatException) { throw new ConfigurationException([e.Message]); }
        var configuration = builder.Configuration;

        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        if (UnderSystemd()) builder.Logging.AddSystemdConsole(o => o.UseUtcTimestamp = true);
        else builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        configureLogging?.Invoke(builder.Logging);

        var services = builder.Services;
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(1));
        services.AddSingleton(TimeProvider.System);
        services.AddHostedService<StartupCheck>(); // first: the store is ready when the first job runs
        services.AddStore(configuration)
            .AddClassification(configuration)
            .AddInbox(configuration)
            .AddMail(configuration)
            .AddDigests(configuration);
        services.ThrowOnSettingsProblems();
        services.AddScheduler(); // last: stopped first, so the features' hosted services outlive the last job
        return builder.Build();
    }

    /// <summary>systemd sets these for a service's processes; its journal then wants syslog-style lines.</summary>
    public static bool UnderSystemd() =>
        Environment.GetEnvironmentVariable("INVOCATION_ID") is not null || Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null;

    /// <summary>Opens (and migrates) the store before the scheduler starts, and says where everything is.</summary>
    private sealed class StartupCheck(DataPaths paths, WorkerOptions worker, InboxOptions inbox, MailOptions mail, DigestSettings digest,
        Database store, ILogger<StartupCheck> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            paths.EnsureCreated();
            logger.LogInformation("dw run: instance {Instance}, store {Provider} (schema v{Version}), inbox {Inbox}, every {Schedule}, settle {Settle}",
                worker.InstanceId, store.Dialect.Name, store.SchemaVersion(), paths.Inbox,
                inbox.Cron is { Length: > 0 } cron ? $"cron '{cron}'" : inbox.Interval.ToString(), inbox.SettleTime);
            if (!ExternalTools.Available(ExternalTools.Pdftotext))
                logger.LogWarning("dw run: {Tool} is not installed or not on PATH: PDF and .eml files will wait in the inbox until it is (Debian: apt-get install poppler-utils)",
                    ExternalTools.Pdftotext);
            if (mail.Accounts.Count > 0) // the mail job; an account prints without its password
                logger.LogInformation("dw run: mail every {Interval} from {Accounts}", mail.Interval, string.Join("; ", mail.Accounts));
            else logger.LogInformation("dw run: mail intake off (no Mail:Accounts); .eml files in the inbox are still read");
            if (digest.Recipients.Count > 0)
                logger.LogInformation("dw run: digests for {Supervisors} via {Delivery}, from {From}", string.Join(", ", digest.Recipients.Select(r => r.Name)),
                    digest.Smtp?.ToString() ?? "the outbox " + paths.Outbox,
                    digest.From.Address == DigestSettings.DefaultFrom ? $"{digest.From.Address} (set Digest:From)" : digest.From.Address);
            else logger.LogWarning("dw run: digests off: no supervisor is configured (Digest:Supervisors), so no digest is built or mailed");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
