using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DisclosureWatch.Worker.Digests;

/// <summary>
/// The Quartz shell around <see cref="DigestService"/>. Runs at start-up (a period missed while the worker was down
/// goes out now), at each supervisor's scheduled time (in their time zone), and every Digest:CheckInterval for retries.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class DigestJob(DigestService digests, IHostApplicationLifetime lifetime, ILogger<DigestJob> logger) : IJob
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
}
