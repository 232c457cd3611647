using DisclosureWatch.Worker.Digests;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DisclosureWatch.Worker.Jobs;

/// <summary>
/// The Quartz shell around <see cref="DigestService"/>. Runs at start-up (a period missed while the worker was down
/// goes out now), at each supervisor's scheduled time (in their time zone), and every Digest:CheckInterval for retries.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DigestJob(DigestService digests, IHostApplicationLifetime lifetime, ILogger<DigestJob> logger) : IJob
{
    public static readonly JobKey Key = new(DigestService.JobName);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try { await digests.RunAsync(retryNow: false, stop.Token); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A store that is unreachable, say: nothing is lost, the next run (CheckInterval) starts over.
            logger.LogError(e, "digest run failed: {Error}; pending digests stay pending, the next run tries again", e.Message);
        }
    }

    /// <summary>The job and its triggers; nothing when no supervisor is configured.</summary>
    public static void Schedule(IQuartzBuilder q, DigestSettings settings)
    {
        if (settings.Recipients.Count == 0) return;
        q.AddJob<DigestJob>(j => j.WithIdentity(Key).StoreDurably());
        q.AddTrigger(t => t.ForJob(Key).WithIdentity("digest-startup").StartNow());
        foreach (var (schedule, i) in settings.Recipients.Select(r => (r.Schedule.CronExpressionString, r.TimeZone)).Distinct().Select((s, i) => (s, i)))
            q.AddTrigger(t => t.ForJob(Key).WithIdentity($"digest-cron-{i}")
                .WithCronSchedule(schedule.Item1, c => c.InTimeZone(schedule.Item2).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        q.AddTrigger(t => t.ForJob(Key).WithIdentity("digest-retry")
            .StartAt(DateTimeOffset.UtcNow + settings.CheckInterval)
            .WithSimpleSchedule(s => s.WithInterval(settings.CheckInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
    }
}
