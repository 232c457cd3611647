using DisclosureWatch.Core;
using DisclosureWatch.Core.Digests;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Digests;
using DisclosureWatch.Storage.Findings;
using DisclosureWatch.Storage.Passages;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Digests.Replies;
using DisclosureWatch.Worker.Mail;
using DisclosureWatch.Worker.Store;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Digests;

/// <summary>What one run did: digests recorded (built) for newly due periods, sent, and tries that failed (still pending).</summary>
internal sealed record DigestRunResult(int Created, int Sent, int Failed, int Waiting);

/// <summary>
/// The weekly digests, exactly once per supervisor and period. Each run (at start-up, at every supervisor's
/// scheduled time, and every CheckInterval for retries):
/// 1. for each supervisor, computes the latest due period; if the store has no digest for its idempotency key, builds
///    the mail once and records it pending with its bytes (INSERT … ON CONFLICT DO NOTHING: two instances agree) —
///    after waiting, at most <see cref="InboxWait"/>, for inbox files of the period that are not read yet;
/// 2. sends every pending digest whose next attempt is due, each claimed first (attempts + 1 and a lock until
///    <see cref="Lease"/> runs out) so only one instance tries it. Success marks it sent; a failure keeps it pending with the error and a back-off — doubled per
///    try for transient errors (network, 4xx), the maximum at once for permanent ones (5xx, credentials, certificate).
/// Without SMTP settings the "sending" is writing the .eml to the outbox folder. Ordinary service: Quartz only calls it.
/// The mail goes out through <see cref="IMailSender"/> (by default MailKit's SMTP client, per the Smtp settings).
/// </summary>
internal sealed class DigestService(DigestSettings settings, DigestStore store, ReportRepository reports, FindingStore findings, PassageStore passages, RunStore runs, DataPaths paths, TimeProvider clock, ILogger<DigestService> logger,
    IMailSender? sender = null)
{
    private readonly IMailSender? _sender = sender ?? settings.Smtp?.Sender();

    public const string JobName = "digest";
    /// <summary>How long a claimed digest is left alone by other instances while one tries to send it (longer than any try).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long past the scheduled time a digest waits for inbox files received in its period but not read yet (after
    /// downtime, the inbox backlog is read at start-up too); after that it is built without them.
    /// </summary>
    public static readonly TimeSpan InboxWait = TimeSpan.FromHours(1);

    public DigestSettings Settings => settings;

    /// <param name="retryNow">Also try pending digests whose back-off has not run out (`dw digest send --now`).</param>
    public async Task<DigestRunResult> RunAsync(bool retryNow, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var runId = runs.StartRun(JobName, paths.InstanceId, started.UtcDateTime);
        DigestRunResult? result = null;
        string? message = null;
        try
        {
            var created = Schedule(started);
            var (sent, failed, waiting) = await DeliverAsync(retryNow, ct);
            result = new DigestRunResult(created, sent, failed, waiting);
            if (created + sent + failed > 0)
                logger.LogInformation("digests: {Created} built, {Sent} sent, {Failed} failed (kept pending), {Waiting} waiting for a retry",
                    created, sent, failed, waiting);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            message = e.Message;
            throw;
        }
        finally
        {
            var outcome = result is null ? "failed" : result.Failed > 0 ? "retrying" : "ok";
            runs.FinishRun(runId, clock.GetUtcNow().UtcDateTime, outcome, result?.Sent ?? 0, 0, result?.Failed ?? 0,
                message ?? (result is null ? null : $"built {result.Created}, sent {result.Sent}, failed {result.Failed}"));
        }
    }

    /// <summary>The labels the reply sheet offers: read from the model once, not for every supervisor's digest (the label
    /// set changes only with the configuration, i.e. with a restart).</summary>
    private IReadOnlyList<string>? _replyLabels;

    /// <summary>Records the digest of each supervisor's latest due period when it is not recorded yet; returns how many.</summary>
    public int Schedule(DateTimeOffset now)
    {
        var created = 0;
        foreach (var r in settings.Recipients)
        {
            if (DigestSchedule.LatestDue(r.Schedule, r.TimeZone, now) is not { } due) continue;
            if (store.DigestExists(due.Period.IdempotencyKey(r.Address))) continue;
            if (now < due.Due + InboxWait && UnreadInboxFile(DigestSchedule.StartOfDayUtc(due.Period.End, r.TimeZone)) is { } unread)
            {
                logger.LogInformation("digest for {Supervisor}, period {Period}: waiting until {File}, received in the period, is read from the inbox",
                    r.Name, Vocabulary.Period(due.Period), unread);
                continue;
            }
            if (Record(r, due.Period, now)) created++;
        }
        return created;
    }

    /// <summary>
    /// Records the digest of a period given by hand (`dw digest send --period`), once per supervisor and period like
    /// the scheduled ones; false when it was recorded before.
    /// </summary>
    public bool Record(DigestRecipient r, DigestPeriod period, DateTimeOffset now)
    {
        var key = period.IdempotencyKey(r.Address);
        if (store.DigestExists(key)) return false;
        var input = new DigestComposer(reports, findings, passages).Gather(r, period, DigestSchedule.LocalDate(now, r.TimeZone), settings.UncertainCount, settings.ReportYear);
        // The workbook's reply sheets carry a token of this digest's own, so a filled copy can come back by mail.
        var form = new ReplyForm(findings, _replyLabels ??= ReplyForm.ConfiguredLabels(paths.Models), ReplyForm.NewToken());
        var mail = DigestComposer.Compose(input, r, settings.From, now, key, form);
        if (!store.AddDigest(new NewDigest(key, r.Name, r.Address, period.Start, period.End, mail.MessageId, mail.Digest.Subject, mail.Eml,
                now.UtcDateTime, form.Token)))
            return false;
        logger.LogInformation("digest for {Supervisor} <{Address}>, period {Period}: built, {Reports} reports — {Subject}",
            r.Name, r.Address, Vocabulary.Period(period), input.Reports.Count, mail.Digest.Subject);
        return true;
    }

    /// <summary>Sends the pending digests that are due (all of them with <paramref name="retryNow"/>): sent, failed, still pending.</summary>
    public Task<(int Sent, int Failed, int Waiting)> SendPendingAsync(bool retryNow, CancellationToken ct) => DeliverAsync(retryNow, ct);

    private async Task<(int Sent, int Failed, int Waiting)> DeliverAsync(bool retryNow, CancellationToken ct)
    {
        int sent = 0, failed = 0;
        foreach (var d in store.DueDigests(clock.GetUtcNow().UtcDateTime, ignoreBackoff: retryNow))
        {
            ct.ThrowIfCancellationRequested();
            var now = clock.GetUtcNow();
            if (!store.ClaimDigest(d, now.UtcDateTime, (now + Lease).UtcDateTime)) continue; // sent or taken by another instance meanwhile
            var attempt = d.Attempts + 1;
            var eml = store.DigestMessage(d.Id);
            try
            {
                if (_sender is not null) await _sender.SendAsync(settings.From.Address, [d.Address], eml, ct);
                else WriteToOutbox(d, eml);
                store.MarkDigestSent(d.Id, clock.GetUtcNow().UtcDateTime);
                sent++;
                logger.LogInformation("digest {Key} sent to {Address} (try {Attempt}, Message-ID <{MessageId}>){Where}",
                    d.Key, d.Address, attempt, d.MessageId, _sender is null ? $" into {paths.Outbox}" : "");
            }
            catch (Exception e) when (e is MailException or IOException or UnauthorizedAccessException)
            {
                failed++;
                var transient = e is MailException { IsTransient: true } or IOException;
                var delay = transient ? Backoff(attempt) : settings.MaxRetryDelay;
                var next = clock.GetUtcNow() + delay;
                store.MarkDigestFailed(d.Id, e.Message, next.UtcDateTime);
                if (transient)
                    logger.LogWarning("digest {Key} to {Address}: try {Attempt} failed: {Error}; kept pending, next try at {Next:u}",
                        d.Key, d.Address, attempt, e.Message, next);
                else
                    logger.LogError("digest {Key} to {Address}: try {Attempt} refused: {Error}; kept pending, next try at {Next:u} — check the Smtp settings",
                        d.Key, d.Address, attempt, e.Message, next);
            }
        }
        var waiting = store.DueDigests(clock.GetUtcNow().UtcDateTime, ignoreBackoff: true).Count;
        return (sent, failed, waiting);
    }

    /// <summary>A file in the inbox (or claimed by an instance) written before <paramref name="beforeUtc"/>: a report of the period not stored yet.</summary>
    private string? UnreadInboxFile(DateTime beforeUtc)
    {
        IEnumerable<string> Files(string dir, SearchOption depth) => Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*", depth) : [];
        return Files(paths.Inbox, SearchOption.TopDirectoryOnly).Concat(Files(paths.Work, SearchOption.AllDirectories))
            .FirstOrDefault(f => !Inbox.InboxService.IsIgnored(Path.GetFileName(f)) && File.GetLastWriteTimeUtc(f) < beforeUtc);
    }

    /// <summary>RetryDelay, doubled per further try, at most MaxRetryDelay.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(settings.RetryDelay.Ticks * factor, settings.MaxRetryDelay.Ticks));
    }

    /// <summary>The outbox file of a digest: digest-2025-01-13至01-19-wang@example.gov.cn.eml (the period as in the subject).</summary>
    public static string OutboxName(DigestPeriod period, string address) =>
        $"digest-{Vocabulary.Period(period)}-{string.Concat(address.Select(c => char.IsLetterOrDigit(c) || c is '@' or '.' or '-' or '_' ? c : '_'))}.eml";

    /// <summary>outbox/<see cref="OutboxName"/>, written whole (temporary file, then renamed).</summary>
    private void WriteToOutbox(DigestRecord d, byte[] eml)
    {
        Directory.CreateDirectory(paths.Outbox);
        var name = OutboxName(new DigestPeriod(d.PeriodStart, d.PeriodEnd), d.Address);
        var path = Path.Combine(paths.Outbox, name);
        var temp = path + ".part";
        File.WriteAllBytes(temp, eml);
        File.Move(temp, path, overwrite: true); // a retry after a crash writes the same bytes again
    }
}
