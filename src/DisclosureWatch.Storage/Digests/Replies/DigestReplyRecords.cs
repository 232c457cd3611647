namespace DisclosureWatch.Storage.Digests.Replies;

/// <summary>A sent digest as a reply to it needs it: who it went to, its Message-ID and the token its workbook carries.</summary>
public sealed record RepliedDigest(long Id, string Supervisor, string Address, DateOnly PeriodStart, DateOnly PeriodEnd,
    string MessageId, string Subject, string? ReplyToken);

/// <summary>A reply to record. <paramref name="Key"/> is what makes it the same reply when read again: its Message-ID,
/// or the workbook's sha256 for a file. <paramref name="Status"/> is applied or refused (then <paramref name="Reason"/> says why).</summary>
public sealed record NewDigestReply(string Key, long? DigestId, string Via, string Sender, DateTime ReceivedAt, string Status, string? Reason);

public static class DigestReplyStatus
{
    public const string Applied = "applied", Refused = "refused";
}

/// <summary>One answered row of a reply's workbook. <paramref name="Item"/> is the row's id (F12 for a finding, P7-3
/// for a passage). For a review, <paramref name="FindingId"/> and the status (open, confirmed, dismissed) in
/// <paramref name="Value"/>; for a label, the label in <paramref name="Value"/>; a row refused before it reached the
/// store has <paramref name="Refusal"/>.</summary>
public sealed record ReplyRow(string Sheet, int RowNumber, string Item, string Kind, long? FindingId, string? Value, string? Comment, string? Refusal)
{
    public const string Review = "review", Label = "label";
}

public static class ReplyRowOutcome
{
    /// <summary>taken: it changed the store; unchanged: the store said so already; refused: see the reason.</summary>
    public const string Taken = "taken", Unchanged = "unchanged", Refused = "refused";
}

/// <summary>What a row did.</summary>
public sealed record AppliedRow(ReplyRow Row, string Outcome, string? Reason);

/// <summary>A recorded reply with its counts and its confirmation's state.</summary>
public sealed record DigestReplyRecord(long Id, string Key, long? DigestId, string Via, string Sender, DateTime ReceivedAt, string Status,
    string? Reason, int Reviews, int Labels, int Unchanged, int RefusedRows, bool HasConfirmation, string? ConfirmationError, DateTime? ConfirmationSentAt);

/// <summary>A finding's review as recorded: the decision, who made it, when and why.</summary>
public sealed record FindingReview(long Id, string Status, string? Comment, DateTime? ReviewedAt, string? ReviewedBy);
