using DisclosureWatch.Worker.Configuration;
using DisclosureWatch.Worker.Digests.Replies;
using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DisclosureWatch.Worker.Digests;

/// <summary>
/// The digests feature's registration: sections "Digest" and "Smtp", the digests and the supervisors' replies (by mail,
/// through the mail intake, and as workbooks dropped into data/labels/incoming, read on the inbox's interval).
/// The digest job only when supervisors are configured: at start-up (a period missed while the worker was down goes out
/// now), at each supervisor's scheduled time (in their time zone), and every Digest:CheckInterval for retries.
/// </summary>
internal static class DigestsServiceCollectionExtensions
{
    public static IServiceCollection AddDigests(this IServiceCollection services, IConfiguration configuration)
    {
        var digests = services.AddSettings(configuration, DigestSettings.Read);
        var inbox = services.AddSettings(configuration, InboxOptions.Read);
        services.AddSingleton<DigestService>();
        services.AddSingleton<DigestReplyService>();
        services.AddScheduledJob<RepliesJob>(RepliesJob.Key, (q, key) => q.AddIntervalTrigger(key, "replies-interval", inbox.Interval, startNow: true));
        if (digests.Recipients.Count > 0)
            services.AddScheduledJob<DigestJob>(DigestJob.Key, (q, key) =>
            {
                q.AddStartupTrigger(key, "digest-startup");
                foreach (var ((cron, zone), i) in digests.Recipients.Select(r => (r.Schedule.CronExpressionString, r.TimeZone)).Distinct().Select((s, i) => (s, i)))
                    q.AddCronTrigger(key, $"digest-cron-{i}", cron, CronTriggerMisfireInstruction.FireAndProceed, zone);
                q.AddIntervalTrigger(key, "digest-retry", digests.CheckInterval);
            });
        return services;
    }
}
