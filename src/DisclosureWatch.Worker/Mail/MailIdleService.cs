using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Mail;

/// <summary>
/// IMAP IDLE for every account with Idle on: one connection per account waits in IDLE on the folder, and a new message
/// (EXISTS) starts a poll of that account at once, so mail is taken within seconds instead of at the next Mail:Interval.
/// IDLE is ended and started again every IdleRenew (at most 29 minutes), and the server must answer the DONE within
/// Timeout. A server without IDLE is left to the polling; a failure is logged and recorded in the run history, and the
/// watch connects again after Mail:Interval (the interval polls go on meanwhile).
/// </summary>
internal sealed class MailIdleService(MailOptions options, MailIntakeService intake, ILogger<MailIdleService> logger,
    Func<MailAccountOptions, IMailbox>? mailboxes = null) : BackgroundService
{
    private readonly Func<MailAccountOptions, IMailbox> _open = mailboxes ?? ImapMailbox.Open;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Accounts.Where(a => a.Idle).Select(a => Task.Run(() => WatchAsync(a, stoppingToken), CancellationToken.None)));

    /// <summary>Watches one account until <paramref name="stop"/>, or until the server turns out not to offer IDLE.</summary>
    public async Task WatchAsync(MailAccountOptions account, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            string reason;
            try
            {
                await using var mailbox = _open(account);
                using (var opening = CancellationTokenSource.CreateLinkedTokenSource(stop))
                {
                    opening.CancelAfter(account.PollDeadline);
                    try { await mailbox.OpenAsync(account.ReadPassword(), opening.Token); }
                    catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                    {
                        throw new MailException($"IDLE: logging in did not finish within the deadline of {account.PollDeadline.TotalSeconds:0} s", true);
                    }
                }
                if (!mailbox.CanIdle)
                {
                    logger.LogInformation("Mail {Account}: the server offers no IDLE; polled every {Interval}", account.Name, options.Interval);
                    return;
                }
                logger.LogInformation("Mail {Account}: waiting for new mail with IDLE (renewed every {Renew})", account.Name, account.IdleRenew);
                while (true)
                    if (await mailbox.IdleAsync(account.IdleRenew, stop))
                        await intake.PollAsync(stop, account);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                // Whatever it was (the server, the network, a bug), the watch must not end the worker: polling goes on.
                reason = e is MailException ? $"{account.Name}: {e.Message}" : $"{account.Name}: IDLE: {e.Message}";
                if (e is not (MailException or IOException or UnauthorizedAccessException)) logger.LogError(e, "Mail {Account}: IDLE watch failed", account.Name);
            }
            logger.LogWarning("Mail {Account}: IDLE stopped: {Reason}; connecting again in {Interval}, polling goes on", account.Name, reason, options.Interval);
            intake.RecordFailure("mail-unavailable", reason);
            try { await Task.Delay(options.Interval, stop); }
            catch (OperationCanceledException) { return; }
        }
    }
}
