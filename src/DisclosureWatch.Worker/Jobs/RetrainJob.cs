using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Classification;
using DisclosureWatch.Worker.Digests.Replies;
using DisclosureWatch.Worker.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DisclosureWatch.Worker.Jobs;

/// <summary>The weekly retrain (Retrain:Cron), a Quartz shell around <see cref="RetrainService"/>; its runs go into the run history.</summary>
[DisallowConcurrentExecution]
public sealed class RetrainJob(RetrainService retrain, RunStore store, WorkerOptions worker, TimeProvider clock, ILogger<RetrainJob> logger) : IJob
{
    public static readonly JobKey Key = new("retrain");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var run = store.StartRun(Key.Name, worker.InstanceId, clock.GetUtcNow().UtcDateTime);
        try
        {
            var result = retrain.Retrain();
            store.FinishRun(run, clock.GetUtcNow().UtcDateTime, result.Outcome, 0, 0, 0, result.Message);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException or UnauthorizedAccessException)
        {
            // The current model stays; the run history and the log say why, and next week's run tries again.
            store.FinishRun(run, clock.GetUtcNow().UtcDateTime, "failed", 0, 0, 0, e.Message);
            logger.LogWarning("Retrain failed, the current passage model stays: {Reason}", e.Message);
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>Imports label files dropped into data/labels/incoming, on the inbox's schedule; filled digest workbooks
/// (.xlsx) there are applied as replies.</summary>
[DisallowConcurrentExecution]
public sealed class LabelsJob(RetrainService retrain, DigestReplyService replies) : IJob
{
    public static readonly JobKey Key = new("labels");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        retrain.ImportDroppedLabels();
        replies.ImportDropped();
        await replies.SendConfirmationsAsync(cancellationToken);
    }
}
