using DisclosureWatch.Core;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Configuration;
using DisclosureWatch.Worker.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DisclosureWatch.Worker.Inbox;

/// <summary>The inbox feature's registration: section "Inbox", the pipeline, the claim lease and its heartbeat, the poll and its schedule.</summary>
internal static class InboxServiceCollectionExtensions
{
    public static IServiceCollection AddInbox(this IServiceCollection services, IConfiguration configuration)
    {
        var inbox = services.AddSettings(configuration, InboxOptions.Read);
        services.AddSingleton(PipelineBuilder.Build);
        services.AddSingleton<ClaimLease>();
        services.AddSingleton<InboxService>();
        services.AddHostedService<LeaseRenewal>(); // before the scheduler: stopped only after the last batch is moved

        // Scan at start-up, then on the schedule. A poll that overruns its slot is not made up later.
        services.AddScheduledJob<InboxJob>(InboxJob.Key, (q, key) =>
        {
            q.AddStartupTrigger(key, "inbox-startup");
            if (!string.IsNullOrWhiteSpace(inbox.Cron)) q.AddCronTrigger(key, "inbox-cron", inbox.Cron, CronTriggerMisfireInstruction.DoNothing);
            else q.AddIntervalTrigger(key, "inbox-interval", inbox.Interval);
        });
        return services;
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
