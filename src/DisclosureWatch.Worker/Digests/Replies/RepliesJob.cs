using Quartz;

namespace DisclosureWatch.Worker.Digests.Replies;

/// <summary>The Quartz shell around <see cref="DigestReplyService"/>: applies filled digest workbooks (.xlsx) dropped into
/// data/labels/incoming, then sends the confirmations not sent yet (of these and of replies that came by mail).</summary>
[DisallowConcurrentExecution]
internal sealed class RepliesJob(DigestReplyService replies) : IJob
{
    public static readonly JobKey Key = new("replies");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        replies.ImportDropped();
        await replies.SendConfirmationsAsync(cancellationToken);
    }
}
