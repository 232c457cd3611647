using System.Security.Cryptography;
using DisclosureWatch.Storage.Mail;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Inbox;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Mail;

/// <summary>What one claimed .eml became; the inbox moves the file accordingly.</summary>
/// <param name="MailId">Its bookkeeping row, to be marked moved once the file is (null: none was written).</param>
internal sealed record EmlResult(Outcome Outcome, string? Error, long? MailId, int Stored, int Duplicates, int Failed)
{
    /// <summary>The file's sha256, once read (NAME.error.txt names it).</summary>
    public string Sha256 { get; init; } = "";
}

/// <summary>
/// .eml files of the inbox folder, read as mail messages: the inbox claims, settles, moves and writes
/// NAME.error.txt for them as for every file, and hands each claimed .eml here. Every attachment and
/// report-like body becomes a report with the mail's sender and subject (<see cref="MessageIntake"/>, shared
/// with the IMAP poll), committed with a bookkeeping row keyed by the file's sha256 (account "inbox").
/// The size is checked before a byte is read: a message over <see cref="MaxBytes"/> is refused unread.
/// </summary>
internal sealed class EmlInbox(MessageIntake intake, MailStore mails, RunStore runs, TimeProvider clock, ILogger<EmlInbox> logger)
{
    public const string Account = "inbox";

    public static bool IsEml(string name) => name.EndsWith(".eml", StringComparison.OrdinalIgnoreCase);

    /// <summary>The largest .eml read (the MIME reader's limit for a whole message).</summary>
    public static long MaxBytes => MessageLimits.Default.MaxMessageBytes;

    /// <summary>Reads one claimed .eml. <paramref name="recovered"/>: claimed before a crash (its commit may be done already).</summary>
    public EmlResult Read(FileWork file, bool recovered)
    {
        var size = new FileInfo(file.Path).Length;
        if (size > MaxBytes)
        {
            var reason = $"{file.Name}: the message is {size:N0} bytes, over the {MaxBytes:N0}-byte limit for .eml files: not read";
            intake.Pipeline.Store.Call(() => runs.RecordFailure("", file.Name, reason, 1, clock.GetUtcNow().UtcDateTime));
            return new EmlResult(Outcome.Failed, reason, null, 0, 0, 1);
        }
        var raw = File.ReadAllBytes(file.Path); // at most MaxBytes
        var sha = SHA256.HashData(raw);
        var hex = Convert.ToHexStringLower(sha);
        // The key: the file's content. The same file dropped again is booked already: a duplicate, never re-read.
        var key = MessageIntake.EmlKey(sha);
        var booked = intake.Pipeline.Store.Call(() => mails.FindMail(Account, "inbox", 0, [key.Uid]));
        if (booked.TryGetValue(key.Uid, out var before))
        {
            if (recovered) return Done(before.Status, before.Error, null, 0, 0, 0) with { Sha256 = hex };
            logger.LogInformation("{File}: the same message was read before, set aside", file.Name);
            return new EmlResult(Outcome.Duplicate, null, null, 0, 1, 0) { Sha256 = hex };
        }
        // The one call that reads MIME: the message's bytes to its reports.
        var result = intake.Process(raw, key, "eml", MessageLimits.Default, "processed", "failed", CancellationToken.None);
        if (result.Taken) return new EmlResult(Outcome.Duplicate, null, null, 0, 1, 0) { Sha256 = hex };
        if (result.Status == MailStatus.Failed) logger.LogWarning("{File}: {Error}", file.Name, result.Error);
        else logger.LogInformation("{File} ({Subject}): {Stored} reports stored, {Duplicates} duplicates ({Status})",
            file.Name, result.Subject, result.Stored, result.Duplicates, result.Status);
        return Done(result.Status, result.Error, result.MailId, result.Stored, result.Duplicates, result.Failed) with { Sha256 = hex };
    }

    private static EmlResult Done(string status, string? error, long? mailId, int stored, int duplicates, int failed) =>
        status == MailStatus.Failed
            ? new EmlResult(Outcome.Failed, error, mailId, stored, duplicates, Math.Max(failed, 1))
            : new EmlResult(Outcome.Stored, null, mailId, stored, duplicates, failed);

    /// <summary>The file is in processed/ or failed/: the bookkeeping row says so.</summary>
    public void Moved(long mailId) =>
        intake.Pipeline.Store.Call(() => mails.MarkMailMoved(mailId, clock.GetUtcNow().UtcDateTime));
}
