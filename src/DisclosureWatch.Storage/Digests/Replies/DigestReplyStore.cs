using System.Data.Common;
using System.Globalization;
using DisclosureWatch.Storage.Findings;

namespace DisclosureWatch.Storage.Digests.Replies;

/// <summary>What the digest replies read and write: supervisors' answers to their digests.</summary>
public sealed class DigestReplyStore(Database database)
{
    public Database Database { get; } = database;
    private SqlDialect Dialect => Database.Dialect;

    private const string RepliedDigestColumns = "id, supervisor, address, period_start, period_end, message_id, subject, reply_token";

    private static RepliedDigest ReadRepliedDigest(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), DateOnly.Parse(r.GetString(3), CultureInfo.InvariantCulture), DateOnly.Parse(r.GetString(4), CultureInfo.InvariantCulture),
        r.GetString(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7));

    /// <summary>The first digest whose Message-ID is among <paramref name="messageIds"/> (without angle brackets), in their order.</summary>
    public RepliedDigest? DigestByMessageId(IReadOnlyList<string> messageIds)
    {
        if (messageIds.Count == 0) return null;
        using var c = Dialect.Open();
        foreach (var id in messageIds)
            if (Query(c, $"SELECT {RepliedDigestColumns} FROM digests WHERE message_id = @m", ReadRepliedDigest, ("@m", id)).FirstOrDefault() is { } d)
                return d;
        return null;
    }

    /// <summary>The digest whose workbook carries <paramref name="token"/>.</summary>
    public RepliedDigest? DigestByToken(string token)
    {
        using var c = Dialect.Open();
        return Query(c, $"SELECT {RepliedDigestColumns} FROM digests WHERE reply_token = @t", ReadRepliedDigest, ("@t", token)).FirstOrDefault();
    }

    public bool DigestReplyExists(string key)
    {
        using var c = Dialect.Open();
        return Scalar(c, "SELECT 1 FROM digest_replies WHERE reply_key = @k", ("@k", key)) is not (null or DBNull);
    }

    public FindingReview? GetFindingReview(long findingId)
    {
        using var c = Dialect.Open();
        return Query(c, "SELECT id, status, comment, reviewed_at, reviewed_by FROM findings WHERE id = @id",
            r => new FindingReview(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                r.IsDBNull(3) ? null : Utc(r.GetDateTime(3)), r.IsDBNull(4) ? null : r.GetString(4)), ("@id", findingId)).FirstOrDefault();
    }

    /// <summary>
    /// Records a reply and applies its rows in one transaction: each review row sets the finding's status, comment,
    /// reviewer and time (and the report's status, as <see cref="Findings.FindingStore.ReviewFinding"/> does) unless the finding says so
    /// already; each label row is taken unless the passage's last taken label is the same. Null, and nothing written,
    /// when a reply with the same key is recorded already (read twice, or by two instances at once).
    /// </summary>
    public (long ReplyId, IReadOnlyList<AppliedRow> Rows)? ApplyDigestReply(NewDigestReply reply, string reviewer, IReadOnlyList<ReplyRow> rows)
    {
        using var c = Dialect.Open();
        using var tx = c.BeginTransaction();
        long replyId;
        using (var insert = Command(c, tx, """
                   INSERT INTO digest_replies (reply_key, digest_id, via, sender, received_at, status, reason)
                   VALUES (@k, @d, @v, @s, @t, @st, @r)
                   ON CONFLICT (reply_key) DO NOTHING RETURNING id
                   """, [("@k", reply.Key), ("@d", reply.DigestId), ("@v", reply.Via), ("@s", reply.Sender), ("@t", Utc(reply.ReceivedAt)),
                   ("@st", reply.Status), ("@r", reply.Reason)]))
        {
            var id = insert.ExecuteScalar();
            if (id is null or DBNull) return null;
            replyId = Convert.ToInt64(id, CultureInfo.InvariantCulture);
        }

        var applied = new List<AppliedRow>(rows.Count);
        foreach (var row in rows)
            applied.Add(row.Refusal is not null ? new AppliedRow(row, ReplyRowOutcome.Refused, row.Refusal)
                : row.Kind == ReplyRow.Review ? Review(c, tx, row, reviewer, reply.ReceivedAt)
                : Label(c, tx, row));

        var position = 0;
        foreach (var a in applied)
            Execute(c, tx, """
                INSERT INTO digest_reply_rows (reply_id, position, sheet, row_number, item, value, comment, outcome, reason)
                VALUES (@id, @p, @sh, @n, @i, @v, @c, @o, @r)
                """, ("@id", replyId), ("@p", position++), ("@sh", a.Row.Sheet), ("@n", a.Row.RowNumber), ("@i", a.Row.Item),
                ("@v", a.Row.Value), ("@c", a.Row.Comment), ("@o", a.Outcome), ("@r", a.Reason));
        int Taken(string kind) => applied.Count(a => a.Row.Kind == kind && a.Outcome == ReplyRowOutcome.Taken);
        Execute(c, tx, "UPDATE digest_replies SET reviews = @rv, labels = @lb, unchanged = @u, refused_rows = @rf WHERE id = @id",
            ("@rv", Taken(ReplyRow.Review)), ("@lb", Taken(ReplyRow.Label)), ("@u", applied.Count(a => a.Outcome == ReplyRowOutcome.Unchanged)),
            ("@rf", applied.Count(a => a.Outcome == ReplyRowOutcome.Refused)), ("@id", replyId));
        tx.Commit();
        return (replyId, applied);
    }

    private static AppliedRow Review(DbConnection c, DbTransaction tx, ReplyRow row, string reviewer, DateTime at)
    {
        (string Status, string? Comment)? current;
        using (var read = Command(c, tx, "SELECT status, comment FROM findings WHERE id = @id", [("@id", row.FindingId)]))
        using (var r = read.ExecuteReader())
            current = r.Read() ? (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)) : null;
        if (current is not { } now) return new AppliedRow(row, ReplyRowOutcome.Refused, "该问题已不在库中");
        if (now.Status == row.Value && (now.Comment ?? "") == (row.Comment ?? "")) return new AppliedRow(row, ReplyRowOutcome.Unchanged, null);
        Execute(c, tx, "UPDATE findings SET status = @s, comment = @c, reviewed_at = @t, reviewed_by = @by WHERE id = @id",
            ("@s", row.Value), ("@c", row.Comment), ("@t", row.Value == FindingStatus.Open ? null : Utc(at)), ("@by", reviewer), ("@id", row.FindingId));
        Execute(c, tx, """
            UPDATE reports SET status = CASE
                WHEN NOT EXISTS (SELECT 1 FROM findings f WHERE f.report_id = reports.id AND f.status = 'open') THEN 'reviewed'
                ELSE 'in-review' END
            WHERE id = (SELECT report_id FROM findings WHERE id = @id)
            """, ("@id", row.FindingId));
        return new AppliedRow(row, ReplyRowOutcome.Taken, null);
    }

    private static AppliedRow Label(DbConnection c, DbTransaction tx, ReplyRow row)
    {
        using var read = Command(c, tx, """
            SELECT x.value FROM digest_reply_rows x
            WHERE x.item = @i AND x.outcome IN ('taken', 'unchanged') AND x.value IS NOT NULL
            ORDER BY x.reply_id DESC LIMIT 1
            """, [("@i", row.Item)]);
        var last = read.ExecuteScalar() as string;
        return new AppliedRow(row, last == row.Value ? ReplyRowOutcome.Unchanged : ReplyRowOutcome.Taken, null);
    }

    /// <summary>Keeps the confirmation mail of a reply until it is sent.</summary>
    public void SetReplyConfirmation(long replyId, byte[] eml)
    {
        using var c = Dialect.Open();
        Execute(c, "UPDATE digest_replies SET confirmation_eml = @e WHERE id = @id", ("@e", Convert.ToBase64String(eml)), ("@id", replyId));
    }

    /// <summary>Replies whose confirmation is built but not sent yet, oldest first.</summary>
    public IReadOnlyList<(long Id, string Address, byte[] Eml)> PendingReplyConfirmations()
    {
        using var c = Dialect.Open();
        return Query(c, """
            SELECT r.id, d.address, r.confirmation_eml FROM digest_replies r JOIN digests d ON d.id = r.digest_id
            WHERE r.confirmation_eml IS NOT NULL AND r.confirmation_sent_at IS NULL ORDER BY r.id
            """, r => (r.GetInt64(0), r.GetString(1), Convert.FromBase64String(r.GetString(2))));
    }

    public void MarkReplyConfirmation(long replyId, DateTime? sentAt, string? error)
    {
        using var c = Dialect.Open();
        Execute(c, "UPDATE digest_replies SET confirmation_sent_at = @t, confirmation_error = @e WHERE id = @id",
            ("@t", sentAt is { } t ? Utc(t) : null), ("@e", error), ("@id", replyId));
    }

    /// <summary>The latest replies first.</summary>
    public IReadOnlyList<DigestReplyRecord> DigestReplies(int limit = 100)
    {
        using var c = Dialect.Open();
        return Query(c, """
            SELECT id, reply_key, digest_id, via, sender, received_at, status, reason, reviews, labels, unchanged, refused_rows,
                   confirmation_eml IS NOT NULL, confirmation_error, confirmation_sent_at
            FROM digest_replies ORDER BY id DESC LIMIT @n
            """,
            r => new DigestReplyRecord(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt64(2), r.GetString(3), r.GetString(4),
                Utc(r.GetDateTime(5)), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), Convert.ToInt32(r.GetValue(8), CultureInfo.InvariantCulture),
                Convert.ToInt32(r.GetValue(9), CultureInfo.InvariantCulture), Convert.ToInt32(r.GetValue(10), CultureInfo.InvariantCulture), Convert.ToInt32(r.GetValue(11), CultureInfo.InvariantCulture), Convert.ToBoolean(r.GetValue(12), CultureInfo.InvariantCulture),
                r.IsDBNull(13) ? null : r.GetString(13), r.IsDBNull(14) ? null : Utc(r.GetDateTime(14))),
            ("@n", limit));
    }

    /// <summary>What each row of a reply did, in the workbook's order.</summary>
    public IReadOnlyList<(string Sheet, int RowNumber, string Item, string? Value, string Outcome, string? Reason)> DigestReplyRows(long replyId)
    {
        using var c = Dialect.Open();
        return Query(c, "SELECT sheet, row_number, item, value, outcome, reason FROM digest_reply_rows WHERE reply_id = @id ORDER BY position",
            r => (r.GetString(0), Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5)), ("@id", replyId));
    }
}
