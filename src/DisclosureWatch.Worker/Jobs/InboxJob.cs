using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Mail;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace DisclosureWatch.Worker.Jobs;

/// <summary>
/// The Quartz shell around <see cref="InboxService"/>: a job is a command handled by an ordinary service.
/// Never two polls at once in one process; several processes share the inbox through its claim folders.
/// </summary>
[DisallowConcurrentExecution]
public sealed class InboxJob(InboxService inbox, EmlInbox eml, IHostApplicationLifetime lifetime) : IJob
{
    public static readonly JobKey Key = new(InboxService.JobName);

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // Stop between batches when the host stops; the batch under way is committed and its files moved first.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        inbox.Poll(stop.Token);
        eml.Poll(stop.Token); // .eml files of the inbox, read as mail messages
        return ValueTask.CompletedTask;
    }
}
