using Quartz;

namespace DisclosureWatch.Worker.Classification;

/// <summary>The weekly retrain (Retrain:Cron), a Quartz shell around <see cref="RetrainService"/>; its runs go into the run history.</summary>
[DisallowConcurrentExecution]
internal sealed class RetrainJob(RetrainService retrain) : IJob
{
    public static readonly JobKey Key = new("retrain");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        retrain.RunScheduled(Key.Name);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Imports label files (.csv, .jsonl) dropped into data/labels/incoming, on the inbox's interval.</summary>
[DisallowConcurrentExecution]
internal sealed class LabelsJob(RetrainService retrain) : IJob
{
    public static readonly JobKey Key = new("labels");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        retrain.ImportDroppedLabels();
        return ValueTask.CompletedTask;
    }
}
