using DisclosureWatch.Core;
using DisclosureWatch.Storage;
using DisclosureWatch.Worker.Classification;
using DisclosureWatch.Worker.Digests;
using DisclosureWatch.Worker.Digests.Replies;
using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Jobs;
using DisclosureWatch.Worker.Mail;
using DisclosureWatch.Worker.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DisclosureWatch.Worker.Hosting;

/// <summary>The Generic Host of `dw run`: settings, console logs, the store, the inbox service and its Quartz schedule.</summary>
public static class RunHost
{
    /// <summary>
    /// Builds the host. Throws <see cref="ConfigurationException"/> on bad settings, before anything starts.
    /// <paramref name="configureLogging"/> lets tests add a log sink.
    /// </summary>
    public static IHost Build(string? configFile, string? dataDirectory, Action<ILoggingBuilder>? configureLogging = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = true,
        });
        try { Settings.AddSources(builder.Configuration, configFile, Settings.Overrides(dataDirectory)); }
        catch (Exception e) when (e is InvalidDataException or FormatException) { throw new ConfigurationException([e.Message]); }
        var settings = Settings.From(builder.Configuration);

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        if (UnderSystemd()) builder.Logging.AddSystemdConsole(o => o.UseUtcTimestamp = true);
        else builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        configureLogging?.Invoke(builder.Logging);

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(1));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(settings.Paths);
        // Each feature's section the .NET way (AddOptions<T>().Bind(section) with its rules, validated on start).
        StoreOptions.Register(builder.Services, builder.Configuration);
        InboxOptions.Register(builder.Services, builder.Configuration);
        WorkerOptions.Register(builder.Services, builder.Configuration);
        builder.Services.AddSingleton(sp => StoreFactory.Open(settings, sp.GetRequiredService<TimeProvider>()));
        // The passage model: promoted (data/models) or shipped; the retrain job swaps in the models it promotes.
        builder.Services.AddSingleton(_ => new LiveClassifier(ModelFiles.LoadDefault(settings.Paths.Models)));
        builder.Services.AddSingleton(sp => new ReportAnalyzer(sp.GetRequiredService<LiveClassifier>()));
        builder.Services.AddSingleton(settings.Retrain);
        builder.Services.AddSingleton<RetrainService>();
        builder.Services.AddSingleton(PipelineBuilder.Build);
        builder.Services.AddSingleton<ClaimLease>();
        builder.Services.AddSingleton<InboxService>();

        // The mail job (Worker/Mail): only when accounts are configured.
        builder.Services.AddSingleton(settings.Mail);
        builder.Services.AddSingleton<MessageIntake>();
        builder.Services.AddSingleton<MailIntakeService>();
        builder.Services.AddSingleton<EmlInbox>(); // .eml files of the inbox folder, handed over by the inbox's claimer
        if (settings.Mail.Accounts.Any(a => a.Idle)) builder.Services.AddHostedService<MailIdleService>(); // IMAP IDLE beside the polling

        // Weekly digests (Worker/Digests): only when supervisors are configured (validated with the settings above).
        var digests = settings.Digest;
        builder.Services.AddSingleton(digests);
        builder.Services.AddSingleton<DigestService>();
        builder.Services.AddSingleton<DigestReplyService>(); // supervisors' replies: by mail (MessageIntake) and dropped workbooks (LabelsJob)

        builder.Services.AddHostedService<StartupCheck>(); // before the scheduler: the store is ready when the first poll runs
        builder.Services.AddHostedService<LeaseRenewal>(); // before the scheduler too: stopped only after the last batch is moved
        builder.Services.AddQuartz(q =>
        {
            q.AddJob<InboxJob>(j => j.WithIdentity(InboxJob.Key).StoreDurably());
            // Scan at start-up, then on the schedule. A poll that overruns its slot is not made up later.
            q.AddTrigger(t => t.ForJob(InboxJob.Key).WithIdentity("inbox-startup").StartNow());
            if (!string.IsNullOrWhiteSpace(settings.Inbox.Cron))
                q.AddTrigger(t => t.ForJob(InboxJob.Key).WithIdentity("inbox-cron")
                    .WithCronSchedule(settings.Inbox.Cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
            else
                q.AddTrigger(t => t.ForJob(InboxJob.Key).WithIdentity("inbox-interval")
                    .StartAt(DateTimeOffset.UtcNow + settings.Inbox.Interval)
                    .WithSimpleSchedule(s => s.WithInterval(settings.Inbox.Interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

            // Label files dropped into data/labels/incoming: on the inbox's interval. Retraining: weekly (Retrain:Cron).
            q.AddJob<LabelsJob>(j => j.WithIdentity(LabelsJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(LabelsJob.Key).WithIdentity("labels-interval").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(settings.Inbox.Interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            q.AddJob<RetrainJob>(j => j.WithIdentity(RetrainJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(RetrainJob.Key).WithIdentity("retrain-cron")
                .WithCronSchedule(settings.Retrain.Cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));

            // The mail job: at start-up, then every Mail:Interval; never two polls at once.
            if (settings.Mail.Accounts.Count > 0)
            {
                q.AddJob<MailJob>(j => j.WithIdentity(MailJob.Key).StoreDurably());
                q.AddTrigger(t => t.ForJob(MailJob.Key).WithIdentity("mail-startup").StartNow());
                q.AddTrigger(t => t.ForJob(MailJob.Key).WithIdentity("mail-interval")
                    .StartAt(DateTimeOffset.UtcNow + settings.Mail.Interval)
                    .WithSimpleSchedule(s => s.WithInterval(settings.Mail.Interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            }

            DigestJob.Schedule(q, digests);
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder.Build();
    }

    /// <summary>systemd sets these for a service's processes; its journal then wants syslog-style lines.</summary>
    public static bool UnderSystemd() =>
        Environment.GetEnvironmentVariable("INVOCATION_ID") is not null || Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null;

    /// <summary>Opens (and migrates) the store before the scheduler starts, and says where everything is.</summary>
    private sealed class StartupCheck(Settings settings, ReportStore store, ILogger<StartupCheck> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            settings.Paths.EnsureCreated();
            logger.LogInformation("dw run: instance {Instance}, store {Provider} (schema v{Version}), inbox {Inbox}, every {Schedule}, settle {Settle}",
                settings.Worker.InstanceId, store.Dialect.Name, store.SchemaVersion(), settings.Paths.Inbox,
                settings.Inbox.Cron is { Length: > 0 } cron ? $"cron '{cron}'" : settings.Inbox.Interval.ToString(), settings.Inbox.SettleTime);
            if (!ExternalTools.Available(ExternalTools.Pdftotext))
                logger.LogWarning("dw run: {Tool} is not installed or not on PATH: PDF and .eml files will wait in the inbox until it is (Debian: apt-get install poppler-utils)",
                    ExternalTools.Pdftotext);
            if (settings.Mail.Accounts.Count > 0) // the mail job; an account prints without its password
                logger.LogInformation("dw run: mail every {Interval} from {Accounts}", settings.Mail.Interval, string.Join("; ", settings.Mail.Accounts));
            else logger.LogInformation("dw run: mail intake off (no Mail:Accounts); .eml files in the inbox are still read");
            if (settings.Digest.Recipients.Count > 0)
                logger.LogInformation("dw run: digests for {Supervisors} via {Delivery}, from {From}", string.Join(", ", settings.Digest.Recipients.Select(r => r.Name)),
                    settings.Digest.Smtp?.ToString() ?? "the outbox " + settings.Paths.Outbox,
                    settings.Digest.From.Address == Digests.DigestSettings.DefaultFrom ? $"{settings.Digest.From.Address} (set Digest:From)" : settings.Digest.From.Address);
            else logger.LogWarning("dw run: digests off: no supervisor is configured (Digest:Supervisors), so no digest is built or mailed");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The heartbeat on its own timer from start to stop, however long a batch takes.</summary>
    private sealed class LeaseRenewal(ClaimLease lease) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lease.Start();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            lease.Dispose();
            return Task.CompletedTask;
        }
    }
}
