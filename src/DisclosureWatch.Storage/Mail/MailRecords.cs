using DisclosureWatch.Storage.Reports;

namespace DisclosureWatch.Storage.Mail;

/// <summary>Where a message sits: a mailbox of an account at one UIDVALIDITY. Files dropped as .eml use folder "inbox-file", UIDVALIDITY 0 and a running number.</summary>
public sealed record MailKey(string Account, string Folder, long UidValidity, long Uid);

/// <summary>A message as the mail job saw it; <see cref="Sha256"/> is the hash of the raw message.</summary>
public sealed record NewMail(MailKey Key, string? MessageId, string Sender, string SenderAddress, string Subject, DateTime? SentAt, long Size, string Sha256);

/// <summary>
/// One attachment or body of a message and what became of it. <see cref="Report"/> is set for a part to store;
/// <see cref="ReportId"/> for one whose content is stored already (a duplicate).
/// </summary>
/// <param name="Part">The IMAP part number ("2", "2.1") or "body"/"body:N" for a message body.</param>
/// <param name="Outcome">One of <see cref="MailPartOutcome"/>.</param>
public sealed record NewMailPart(string Part, string Kind, string FileName, string? Sha256, string Outcome, string? Reason,
    long? ReportId = null, NewReport? Report = null);

public static class MailPartOutcome
{
    /// <summary>stored: became a report; duplicate: its content was stored before; failed: a report that could not be read;
    /// refused: over a size limit; skipped: not a report format.</summary>
    public const string Stored = "stored", Duplicate = "duplicate", Failed = "failed", Refused = "refused", Skipped = "skipped";
}

public static class MailStatus
{
    /// <summary>stored: every report of it is stored; no-report: nothing in it is a report; failed: a report in it could not be read.</summary>
    public const string Stored = "stored", NoReport = "no-report", Failed = "failed";
    /// <summary>A supervisor's reply to a digest, taken by the digest replies (Worker/Digests/Replies), not a report.</summary>
    public const string DigestReply = "digest-reply";
}

/// <summary>The bookkeeping row of a message.</summary>
public sealed record MailRecord(long Id, MailKey Key, string? MessageId, string Sender, string Subject, DateTime? SentAt, string Sha256,
    string Status, string? Error, int Reports, int Duplicates, DateTime ProcessedAt, string? TargetFolder, DateTime? MovedAt);

/// <summary>A stored report and the message it came from.</summary>
public sealed record ReportMailSource(long ReportId, string FileName, string Part, string Account, string? MessageId, string Sender,
    string SenderAddress, string Subject, DateTime? SentAt);
