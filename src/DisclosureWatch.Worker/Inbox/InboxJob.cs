using Microsoft.Extensions.Hosting;
using Quartz;

namespace DisclosureWatch.Worker.Inbox;

/// <summary>
/// The Quartz shell around <see cref="InboxService"/>: a job is a command handled by an ordinary service.
/// Never two polls at once in one process; several processes share the inbox through its claim folders.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class InboxJob(InboxService inbox, IHostApplicationLifetime lifetime) : IJob
{
    public static readonly JobKey Key = new(InboxService.JobName);

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // Stop between batches when the host stops; the batch under way is committed and its files moved first.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        inbox.Poll(stop.Token); // every file of the inbox, .eml messages included
        return ValueTask.CompletedTask;
    }
}
