using Microsoft.Extensions.Hosting;
using Quartz;

namespace DisclosureWatch.Worker.Mail;

/// <summary>
/// The Quartz shell around <see cref="MailIntakeService"/>: a job is a command handled by an ordinary service.
/// Never two polls at once in one process; several processes are kept apart by the mail bookkeeping
/// (a message is booked once under its account, folder, UIDVALIDITY and UID).
/// </summary>
[DisallowConcurrentExecution]
internal sealed class MailJob(MailIntakeService mail, IHostApplicationLifetime lifetime) : IJob
{
    public static readonly JobKey Key = new(MailIntakeService.JobName);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // Stop between messages when the host stops; a message whose reports are committed is still moved next time.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await mail.PollAsync(stop.Token);
    }
}
