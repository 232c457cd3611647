using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DisclosureWatch.Worker.Jobs;

/// <summary>
/// How a feature schedules its work: a Quartz job is a thin command handled by the feature's ordinary service, and the
/// feature registers it with its triggers (<see cref="AddScheduledJob{TJob}"/>). The host then starts one scheduler
/// with every registered job (<see cref="AddScheduler"/>). This folder knows no feature.
/// </summary>
internal static class JobRegistration
{
    /// <summary>A job and its triggers, applied when the scheduler is added.</summary>
    private sealed record ScheduledJob(JobKey Key, Action<IQuartzBuilder> Register);

    /// <summary>Registers <typeparamref name="TJob"/> under <paramref name="key"/>; <paramref name="triggers"/> adds its triggers.</summary>
    public static IServiceCollection AddScheduledJob<TJob>(this IServiceCollection services, JobKey key, Action<IQuartzBuilder, JobKey> triggers)
        where TJob : class, IJob =>
        services.AddSingleton(new ScheduledJob(key, q =>
        {
            q.AddJob<TJob>(j => j.WithIdentity(key).StoreDurably());
            triggers(q, key);
        }));

    /// <summary>The Quartz scheduler with every job the features registered; on stop it waits for running jobs to finish.
    /// Add it after the features: hosted services stop in reverse order, so theirs outlive the last job.</summary>
    public static IServiceCollection AddScheduler(this IServiceCollection services)
    {
        var jobs = services.Where(d => d.ServiceType == typeof(ScheduledJob)).Select(d => (ScheduledJob)d.ImplementationInstance!).ToList();
        services.AddQuartz(q => { foreach (var job in jobs) job.Register(q); });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>A trigger firing once, as soon as the scheduler starts.</summary>
    public static void AddStartupTrigger(this IQuartzBuilder q, JobKey key, string identity) =>
        q.AddTrigger(t => t.ForJob(key).WithIdentity(identity).StartNow());

    /// <summary>A trigger every <paramref name="interval"/>, the first one an interval after start (or at start: <paramref name="startNow"/>).
    /// A run that overruns its slot is not made up later.</summary>
    public static void AddIntervalTrigger(this IQuartzBuilder q, JobKey key, string identity, TimeSpan interval, bool startNow = false) =>
        q.AddTrigger(t =>
        {
            t.ForJob(key).WithIdentity(identity);
            if (startNow) t.StartNow();
            else t.StartAt(DateTimeOffset.UtcNow + interval);
            t.WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount));
        });

    /// <summary>A trigger on a Quartz cron expression (seconds first), in <paramref name="zone"/> when given (else local time).</summary>
    public static void AddCronTrigger(this IQuartzBuilder q, JobKey key, string identity, string cron, CronTriggerMisfireInstruction misfire, TimeZoneInfo? zone = null) =>
        q.AddTrigger(t => t.ForJob(key).WithIdentity(identity).WithCronSchedule(cron, c =>
        {
            if (zone is not null) c.InTimeZone(zone);
            c.WithMisfireInstruction(misfire);
        }));
}
