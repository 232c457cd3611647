using DisclosureWatch.Storage.Mail;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Storage;
using DisclosureWatch.Worker.Store;
using DisclosureWatch.Worker.Inbox;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Mail;

/// <summary>What one poll of every account did.</summary>
internal sealed record MailPollResult(int Messages, int Stored, int Duplicates, int Failed, int Recovered, string Outcome);

/// <summary>
/// The mail intake: an ordinary service the Quartz <c>MailJob</c> calls (and tests call directly). For each
/// account: log in, SELECT the folder, and for every message in it, in UID order:
/// <list type="bullet">
/// <item>booked already under (account, folder, UIDVALIDITY, UID) — its reports were committed by an earlier
/// poll that could not move it (server gone, worker stopped): moved now, never read again;</item>
/// <item>otherwise fetched (BODY.PEEK: flags untouched), its reports and its bookkeeping row committed in one
/// transaction (<see cref="MessageIntake"/>), and only then moved to ProcessedFolder — or FailedFolder when a
/// report in it could not be read, with the error recorded. An empty folder setting flags the message with
/// <see cref="ProcessedKeyword"/> / <see cref="FailedKeyword"/> instead, and flagged messages are not listed again.</item>
/// </list>
/// A lost connection ends the account's poll (nothing is marked that is not stored); the next poll resumes. So does a
/// poll over the account's PollDeadline: the deadline covers the whole conversation, not one read.
/// After a UIDVALIDITY change every message looks new, but the sha256 of each report is already in the store:
/// recorded as duplicates, and the message is moved. Polls never overlap in one process (the Quartz job and the IDLE
/// watcher share this service); the mailbox is reached only through <see cref="IMailbox"/>.
/// </summary>
#pragma warning disable CA1001 // _one is a SemaphoreSlim whose wait handle is never asked for: it holds nothing to dispose
internal sealed class MailIntakeService(MailOptions options, MessageIntake intake, MailStore mails, RunStore runs, WorkerOptions worker, TimeProvider clock, ILogger<MailIntakeService> logger,
    Func<MailAccountOptions, IMailbox>? mailboxes = null)
#pragma warning restore CA1001
{
    public const string JobName = "mail";
    private readonly Func<MailAccountOptions, IMailbox> _open = mailboxes ?? ImapMailbox.Open;
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Called after a message's reports are committed and before it is moved.</summary>
    public Action<MailKey, MessageResult>? MessageCommitted { get; set; }

    public MailOptions Options => options;

    private sealed class Tally
    {
        public int Messages, Stored, Duplicates, Failed, Recovered;
    }

    /// <summary>One poll of every account (or of <paramref name="only"/>). Never throws for a mail server or store
    /// outage: the outcome says it, and the run history records it.</summary>
    public async Task<MailPollResult> PollAsync(CancellationToken ct = default, MailAccountOptions? only = null)
    {
        try { await _one.WaitAsync(ct); }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { return new MailPollResult(0, 0, 0, 0, 0, "stopped"); }
        try { return await PollOnceAsync(only is null ? options.Accounts : [only], ct); }
        finally { _one.Release(); }
    }

    private async Task<MailPollResult> PollOnceAsync(IReadOnlyList<MailAccountOptions> accounts, CancellationToken ct)
    {
        var store = runs;
        var started = clock.GetUtcNow().UtcDateTime;
        var tally = new Tally();
        var outcome = "ok";
        var problems = new List<string>();
        long? runId = null;
        try
        {
            runId = intake.Pipeline.Store.Call(() => runs.StartRun(JobName, worker.InstanceId, started));
            foreach (var account in accounts)
            {
                if (ct.IsCancellationRequested) { outcome = "stopped"; break; }
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                deadline.CancelAfter(account.PollDeadline);
                try { await PollAccountAsync(account, tally, deadline.Token); }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
                {
                    outcome = "mail-unavailable";
                    var reason = $"{account.Name}: the poll did not finish within its deadline of {account.PollDeadline.TotalSeconds:0} s";
                    problems.Add(reason);
                    logger.LogWarning("Mail {Account}: {Reason}; the next poll resumes", account.Name, reason);
                }
                catch (MailException e) when (e.IsTransient)
                {
                    outcome = "mail-unavailable";
                    problems.Add($"{account.Name}: {e.Message}");
                    logger.LogWarning("Mail {Account}: server unavailable, the next poll resumes: {Reason}", account.Name, e.Message);
                }
                catch (MailException e)
                {
                    outcome = "mail-failed";
                    problems.Add($"{account.Name}: {e.Message}");
                    logger.LogError("Mail {Account}: {Reason} (check the account's settings)", account.Name, e.Message);
                }
                catch (Exception e) when (e is not (StoreUnavailableException or OperationCanceledException))
                {
                    // A bug must not stop the worker or the other accounts; the message stays and is tried next time.
                    outcome = "mail-failed";
                    problems.Add($"{account.Name}: {e.Message}");
                    logger.LogError(e, "Mail {Account}: poll failed", account.Name);
                }
            }
            if (intake.Replies is { } replies && !ct.IsCancellationRequested) await replies.SendConfirmationsAsync(ct); // digest replies' confirmations
        }
        catch (StoreUnavailableException e)
        {
            outcome = "store-unavailable";
            problems.Add(e.Message);
            logger.LogWarning("Mail poll stopped, unstored messages stay in their mailbox: {Reason}", e.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            outcome = "stopped";
        }
        finally
        {
            if (runId is { } id)
                try
                {
                    store.FinishRun(id, clock.GetUtcNow().UtcDateTime, outcome, tally.Stored, tally.Duplicates, tally.Failed,
                        problems.Count == 0 ? null : string.Join("\n", problems));
                }
                catch (Exception e) when (store.Database.IsTransient(e)) { logger.LogWarning("Run history not updated: {Reason}", e.Message); }
        }
        var result = new MailPollResult(tally.Messages, tally.Stored, tally.Duplicates, tally.Failed, tally.Recovered, outcome);
        if (tally.Messages + tally.Recovered > 0 || outcome != "ok")
            logger.LogInformation("Mail: {Messages} messages, {Stored} reports stored, {Duplicates} duplicates, {Failed} failed, {Recovered} moved after an interruption ({Outcome}) in {Seconds:0.0} s",
                tally.Messages, tally.Stored, tally.Duplicates, tally.Failed, tally.Recovered, outcome, (clock.GetUtcNow().UtcDateTime - started).TotalSeconds);
        return result;
    }

    /// <summary>The keywords a message gets when its account's ProcessedFolder / FailedFolder is empty (flag instead of move).</summary>
    public const string ProcessedKeyword = "$DwProcessed", FailedKeyword = "$DwFailed";

    /// <summary>Moves the message to <paramref name="folder"/>, or flags it with a keyword when no folder is configured.</summary>
    private static Task FinishAsync(IMailbox mailbox, uint uid, string folder, string status, CancellationToken ct) =>
        mailbox.FinishAsync(uid, folder, status == MailStatus.Failed ? FailedKeyword : ProcessedKeyword, ct);

    private async Task PollAccountAsync(MailAccountOptions account, Tally tally, CancellationToken ct)
    {
        string password;
        try { password = account.ReadPassword(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MailException($"PasswordFile {account.PasswordFile} cannot be read: {e.Message}", isTransient: false);
        }
        await using var mailbox = _open(account);
        var uidValidity = await mailbox.OpenAsync(password, ct);
        // Every message not flagged done: bookkeeping, not \Seen, decides (a person may have read one).
        var uids = await mailbox.PendingAsync(ct);
        if (uids.Count > 0)
        {
            var store = mails;
            var known = intake.Pipeline.Store.Call(() => store.FindMail(account.Name, account.Folder, uidValidity, uids.Select(u => (long)u).ToList()));
            var sizes = await mailbox.SizesAsync(uids.Where(u => !known.ContainsKey(u)).ToList(), ct);
            var limits = new MessageLimits { MaxAttachmentBytes = account.MaxAttachmentBytes, MaxMessageBytes = account.MaxMessageBytes };
            foreach (var uid in uids)
            {
                if (ct.IsCancellationRequested) break;
                var key = new MailKey(account.Name, account.Folder, uidValidity, uid);
                if (known.TryGetValue(uid, out var booked))
                {
                    // Committed by a poll that could not move it: move it now, without reading it again.
                    var folder = booked.TargetFolder ?? account.ProcessedFolder;
                    await FinishAsync(mailbox, uid, folder, booked.Status, ct);
                    intake.Pipeline.Store.Call(() => mails.MarkMailMoved(booked.Id, clock.GetUtcNow().UtcDateTime));
                    tally.Recovered++;
                    logger.LogInformation("Mail {Account}: message {Uid} ({Subject}) was stored before; moved to {Folder}", account.Name, uid, booked.Subject, folder);
                    continue;
                }

                MessageResult result;
                if (sizes.TryGetValue(uid, out var size) && size > account.MaxMessageBytes)
                    result = intake.Refuse(key, size, $"the message is {size} bytes, over MaxMessageBytes ({account.MaxMessageBytes}): not downloaded", account.FailedFolder);
                else
                {
                    byte[]? raw;
                    try { raw = await mailbox.FetchAsync(uid, account.MaxMessageBytes, ct); }
                    catch (MessageTooLargeException e)
                    {
                        // RFC822.SIZE said less than the server sent: refused as oversize; the connection is gone, so the
                        // move waits for the next poll (the bookkeeping row makes it a recovery there).
                        intake.Refuse(key, size, $"{e.Message} (RFC822.SIZE said {size})", account.FailedFolder);
                        tally.Messages++;
                        tally.Failed++;
                        throw new MailException($"message {uid}: {e.Message}", isTransient: true, e);
                    }
                    if (raw is null) continue; // expunged meanwhile
                    result = intake.Process(raw, key, $"mail:{account.Name}", limits, account.ProcessedFolder, account.FailedFolder, ct);
                }
                if (result.Taken)
                {
                    logger.LogInformation("Mail {Account}: message {Uid} is booked by another instance; left to it", account.Name, uid);
                    continue;
                }
                tally.Messages++;
                tally.Stored += result.Stored;
                tally.Duplicates += result.Duplicates;
                tally.Failed += result.Failed;
                var target = result.Status == MailStatus.Failed ? account.FailedFolder : account.ProcessedFolder;
                if (result.Status == MailStatus.Failed)
                    logger.LogWarning("Mail {Account}: message {Uid} ({Subject}) goes to {Folder}: {Error}", account.Name, uid, result.Subject, target, result.Error);
                else
                    logger.LogInformation("Mail {Account}: message {Uid} ({Subject}): {Stored} reports stored, {Duplicates} duplicates ({Status})",
                        account.Name, uid, result.Subject, result.Stored, result.Duplicates, result.Status);
                MessageCommitted?.Invoke(key, result);
                await FinishAsync(mailbox, uid, target, result.Status, ct);
                intake.Pipeline.Store.Call(() => mails.MarkMailMoved(result.MailId!.Value, clock.GetUtcNow().UtcDateTime));
            }
        }
        await mailbox.CloseAsync(ct);
    }

    /// <summary>Records a failure outside a poll (the IDLE watch) in the run history, as a run of the mail job.</summary>
    public void RecordFailure(string outcome, string reason)
    {
        try
        {
            var at = clock.GetUtcNow().UtcDateTime;
            var id = intake.Pipeline.Store.Call(() => runs.StartRun(JobName, worker.InstanceId, at));
            runs.FinishRun(id, at, outcome, 0, 0, 0, reason);
        }
        catch (Exception e) when (e is StoreUnavailableException || runs.Database.IsTransient(e))
        {
            logger.LogWarning("Run history not updated: {Reason}", e.Message);
        }
    }
}
