using DisclosureWatch.Mail;
using DisclosureWatch.Mail.Imap;
using DisclosureWatch.Mail.Mime;
using DisclosureWatch.Storage;
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Inbox;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Mail;

/// <summary>What one poll of every account did.</summary>
public sealed record MailPollResult(int Messages, int Stored, int Duplicates, int Failed, int Recovered, string Outcome);

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
/// A lost connection ends the account's poll (nothing is marked that is not stored); the next poll resumes.
/// After a UIDVALIDITY change every message looks new, but the sha256 of each report is already in the store:
/// recorded as duplicates, and the message is moved.
/// </summary>
public sealed class MailIntakeService(MailOptions options, MessageIntake intake, WorkerOptions worker, TimeProvider clock, ILogger<MailIntakeService> logger)
{
    public const string JobName = "mail";

    /// <summary>Called after a message's reports are committed and before it is moved.</summary>
    public Action<MailKey, MessageResult>? MessageCommitted { get; set; }

    public MailOptions Options => options;

    private sealed class PasswordFileException(string message) : Exception(message);

    private sealed class Tally
    {
        public int Messages, Stored, Duplicates, Failed, Recovered;
    }

    /// <summary>One poll of every account. Never throws for a mail server or store outage: the outcome says it.</summary>
    public async Task<MailPollResult> PollAsync(CancellationToken ct = default)
    {
        var store = intake.Store;
        var started = clock.GetUtcNow().UtcDateTime;
        var tally = new Tally();
        var outcome = "ok";
        var problems = new List<string>();
        long? runId = null;
        try
        {
            runId = intake.Pipeline.StoreCall(() => store.StartRun(JobName, worker.InstanceId, started));
            foreach (var account in options.Accounts)
            {
                if (ct.IsCancellationRequested) { outcome = "stopped"; break; }
                try { await PollAccountAsync(account, tally, ct); }
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
                catch (PasswordFileException e)
                {
                    outcome = "mail-failed";
                    problems.Add($"{account.Name}: {e.Message}");
                    logger.LogError("Mail {Account}: {Reason}", account.Name, e.Message);
                }
                catch (Exception e) when (e is not (StoreUnavailableException or OperationCanceledException))
                {
                    // A bug must not stop the worker or the other accounts; the message stays and is tried next time.
                    outcome = "mail-failed";
                    problems.Add($"{account.Name}: {e.Message}");
                    logger.LogError(e, "Mail {Account}: poll failed", account.Name);
                }
            }
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
                catch (Exception e) when (store.Dialect.IsTransient(e)) { logger.LogWarning("Run history not updated: {Reason}", e.Message); }
        }
        var result = new MailPollResult(tally.Messages, tally.Stored, tally.Duplicates, tally.Failed, tally.Recovered, outcome);
        if (tally.Messages + tally.Recovered > 0 || outcome != "ok")
            logger.LogInformation("Mail: {Messages} messages, {Stored} reports stored, {Duplicates} duplicates, {Failed} failed, {Recovered} moved after an interruption ({Outcome}) in {Seconds:0.0} s",
                tally.Messages, tally.Stored, tally.Duplicates, tally.Failed, tally.Recovered, outcome, (clock.GetUtcNow().UtcDateTime - started).TotalSeconds);
        return result;
    }

    /// <summary>The keywords a message gets when its account's ProcessedFolder / FailedFolder is empty (flag instead of move).</summary>
    public const string ProcessedKeyword = "$DwProcessed", FailedKeyword = "$DwFailed";

    private static readonly ImapSearch NotDone = new($"UNKEYWORD {ProcessedKeyword} UNKEYWORD {FailedKeyword}");

    /// <summary>Moves the message to <paramref name="folder"/>, or flags it with a keyword when no folder is configured.</summary>
    private static Task FinishAsync(ImapClient imap, uint uid, string folder, string status, CancellationToken ct) =>
        folder.Length > 0
            ? imap.MoveAsync([uid], folder, ct)
            : imap.AddFlagsAsync([uid], status == MailStatus.Failed ? FailedKeyword : ProcessedKeyword, ct);

    private async Task PollAccountAsync(MailAccountOptions account, Tally tally, CancellationToken ct)
    {
        string password;
        try { password = account.ReadPassword(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PasswordFileException($"PasswordFile {account.PasswordFile} cannot be read: {e.Message}");
        }
        await using var imap = new ImapClient(new ImapOptions
        {
            Host = account.Host, Port = account.EffectivePort, Tls = account.Tls, Timeout = account.Timeout,
            MaxLiteralBytes = account.MaxMessageBytes + 1024,
        });
        await imap.ConnectAsync(ct);
        await imap.AuthenticateAsync(account.User, password, ct);
        var box = await imap.SelectAsync(account.Folder, ct);
        // Every message not flagged done: bookkeeping, not \Seen, decides (a person may have read one).
        var uids = await imap.SearchAsync(NotDone, ct);
        if (uids.Count > 0)
        {
            var store = intake.Store;
            var known = intake.Pipeline.StoreCall(() => store.FindMail(account.Name, account.Folder, box.UidValidity, uids.Select(u => (long)u).ToList()));
            var sizes = await imap.FetchSizesAsync(uids.Where(u => !known.ContainsKey(u)), ct);
            var limits = new MimeLimits { MaxAttachmentBytes = account.MaxAttachmentBytes, MaxMessageBytes = account.MaxMessageBytes };
            foreach (var uid in uids)
            {
                if (ct.IsCancellationRequested) break;
                var key = new MailKey(account.Name, account.Folder, box.UidValidity, uid);
                if (known.TryGetValue(uid, out var booked))
                {
                    // Committed by a poll that could not move it: move it now, without reading it again.
                    var folder = booked.TargetFolder ?? account.ProcessedFolder;
                    await FinishAsync(imap, uid, folder, booked.Status, ct);
                    intake.Pipeline.StoreCall(() => { store.MarkMailMoved(booked.Id, clock.GetUtcNow().UtcDateTime); return 0; });
                    tally.Recovered++;
                    logger.LogInformation("Mail {Account}: message {Uid} ({Subject}) was stored before; moved to {Folder}", account.Name, uid, booked.Subject, folder);
                    continue;
                }

                MessageResult result;
                if (sizes.TryGetValue(uid, out var size) && size > account.MaxMessageBytes)
                    result = intake.Refuse(key, size, $"the message is {size} bytes, over MaxMessageBytes ({account.MaxMessageBytes}): not downloaded", account.FailedFolder);
                else
                {
                    var raw = await imap.FetchMessageAsync(uid, ct: ct);
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
                await FinishAsync(imap, uid, target, result.Status, ct);
                intake.Pipeline.StoreCall(() => { store.MarkMailMoved(result.MailId!.Value, clock.GetUtcNow().UtcDateTime); return 0; });
            }
        }
        await imap.LogoutAsync(ct);
    }
}
