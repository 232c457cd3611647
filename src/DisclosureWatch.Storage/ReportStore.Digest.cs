using System.Data.Common;

namespace DisclosureWatch.Storage;

/// <summary>A digest to record: built once, kept with its message so every try sends the same bytes.</summary>
public sealed record NewDigest(
    string Key, string Supervisor, string Address, DateOnly PeriodStart, DateOnly PeriodEnd,
    string MessageId, string Subject, byte[] Eml, DateTime CreatedAt, string? ReplyToken = null);

/// <summary>A recorded digest. <see cref="Status"/> is pending until it went out, then sent; it is never dropped.</summary>
public sealed record DigestRecord(
    long Id, string Key, string Supervisor, string Address, DateOnly PeriodStart, DateOnly PeriodEnd, string Status,
    int Attempts, string? LastError, DateTime NextAttemptAt, DateTime CreatedAt, DateTime? SentAt, string MessageId, string Subject);

public static class DigestStatus
{
    public const string Pending = "pending", Sent = "sent";
}

/// <summary>A stored report's organ, year and arrival, for who-reported-what questions.</summary>
public sealed record OrganReport(long Id, string Organ, int? Year, DateTime ReceivedAt);

/// <summary>A classified passage as stored.</summary>
public sealed record StoredPassage(long ReportId, int Section, int Position, string Text, string? Context, string? Label, double? Confidence);

/// <summary>What the weekly digest reads and writes.</summary>
public sealed partial class ReportStore
{
    private const string DigestColumns = """
        id, idempotency_key, supervisor, address, period_start, period_end, status, attempts, last_error,
        next_attempt_at, created_at, sent_at, message_id, subject
        """;

    private static DigestRecord ReadDigest(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), DateOnly.Parse(r.GetString(4)), DateOnly.Parse(r.GetString(5)),
        r.GetString(6), Convert.ToInt32(r.GetValue(7)), r.IsDBNull(8) ? null : r.GetString(8), Utc(r.GetDateTime(9)), Utc(r.GetDateTime(10)),
        r.IsDBNull(11) ? null : Utc(r.GetDateTime(11)), r.GetString(12), r.GetString(13));

    /// <summary>Reports received in [from, to) (UTC), oldest first.</summary>
    public IReadOnlyList<ReportSummary> ReportsReceived(DateTime fromUtc, DateTime toUtc)
    {
        using var c = Dialect.Open();
        return Query(c, $"SELECT {SummaryColumns} FROM reports r WHERE r.received_at >= @from AND r.received_at < @to ORDER BY r.received_at, r.id",
            ReadSummary, ("@from", Utc(fromUtc)), ("@to", Utc(toUtc)));
    }

    /// <summary>Every report that names its organ (organ names are compared in code, they are written too many ways for SQL).</summary>
    public IReadOnlyList<OrganReport> OrganReports()
    {
        using var c = Dialect.Open();
        return Query(c, "SELECT id, organ, year, received_at FROM reports WHERE organ IS NOT NULL ORDER BY received_at, id",
            r => new OrganReport(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : Convert.ToInt32(r.GetValue(2)), Utc(r.GetDateTime(3))));
    }

    public IReadOnlyDictionary<long, List<StoredFinding>> FindingsOf(IReadOnlyCollection<long> reportIds)
    {
        var found = reportIds.Distinct().ToDictionary(id => id, _ => new List<StoredFinding>());
        using var c = Dialect.Open();
        foreach (var chunk in found.Keys.Chunk(500))
            foreach (var f in Findings(c, $"WHERE f.report_id IN ({string.Join(", ", chunk)})"))
                found[f.ReportId].Add(f);
        return found;
    }

    public IReadOnlyDictionary<long, List<StoredPassage>> PassagesOf(IReadOnlyCollection<long> reportIds)
    {
        var found = reportIds.Distinct().ToDictionary(id => id, _ => new List<StoredPassage>());
        using var c = Dialect.Open();
        foreach (var p in PassagesOfReports(c, found.Keys))
            found[p.ReportId].Add(p);
        return found;
    }

    public bool DigestExists(string key)
    {
        using var c = Dialect.Open();
        return Scalar(c, "SELECT 1 FROM digests WHERE idempotency_key = @k", ("@k", key)) is not (null or DBNull);
    }

    /// <summary>Records a pending digest due at once; false (and nothing written) when its key is recorded already.</summary>
    public bool AddDigest(NewDigest d)
    {
        using var c = Dialect.Open();
        return Execute(c, """
            INSERT INTO digests (idempotency_key, supervisor, address, period_start, period_end, status, attempts,
                                 next_attempt_at, created_at, message_id, subject, eml, reply_token)
            VALUES (@k, @s, @a, @ps, @pe, 'pending', 0, @t, @t, @mid, @subj, @eml, @tok)
            ON CONFLICT (idempotency_key) DO NOTHING
            """, ("@k", d.Key), ("@s", d.Supervisor), ("@a", d.Address), ("@ps", d.PeriodStart.ToString("yyyy-MM-dd")),
            ("@pe", d.PeriodEnd.ToString("yyyy-MM-dd")), ("@t", Utc(d.CreatedAt)), ("@mid", d.MessageId), ("@subj", d.Subject),
            ("@eml", Convert.ToBase64String(d.Eml)), ("@tok", d.ReplyToken)) == 1;
    }

    /// <summary>
    /// Pending digests not being sent by anyone (no live claim) whose next attempt is due at <paramref name="now"/>,
    /// or, with <paramref name="ignoreBackoff"/>, all of them.
    /// </summary>
    public IReadOnlyList<DigestRecord> DueDigests(DateTime now, bool ignoreBackoff = false)
    {
        using var c = Dialect.Open();
        return Query(c, $"""
            SELECT {DigestColumns} FROM digests
            WHERE status = 'pending' AND (locked_until IS NULL OR locked_until <= @t){(ignoreBackoff ? "" : " AND next_attempt_at <= @t")}
            ORDER BY id
            """, ReadDigest, ("@t", Utc(now)));
    }

    /// <summary>
    /// Takes a pending digest for one try: counts the attempt and locks it until <paramref name="lockUntil"/> so that
    /// another instance sharing the store leaves it alone meanwhile (a crashed sender's lock simply runs out).
    /// False when it was sent or taken since it was read.
    /// </summary>
    public bool ClaimDigest(DigestRecord d, DateTime now, DateTime lockUntil)
    {
        using var c = Dialect.Open();
        return Execute(c, """
            UPDATE digests SET attempts = attempts + 1, locked_until = @lock
            WHERE id = @id AND status = 'pending' AND attempts = @n AND (locked_until IS NULL OR locked_until <= @now)
            """, ("@lock", Utc(lockUntil)), ("@id", d.Id), ("@n", d.Attempts), ("@now", Utc(now))) == 1;
    }

    /// <summary>The message as built when the digest was recorded.</summary>
    public byte[] DigestMessage(long id)
    {
        using var c = Dialect.Open();
        return Convert.FromBase64String((string)Scalar(c, "SELECT eml FROM digests WHERE id = @id", ("@id", id))!);
    }

    public void MarkDigestSent(long id, DateTime at)
    {
        using var c = Dialect.Open();
        Execute(c, "UPDATE digests SET status = 'sent', sent_at = @t, last_error = NULL, locked_until = NULL WHERE id = @id", ("@t", Utc(at)), ("@id", id));
    }

    /// <summary>A failed try: the digest stays pending, retried at <paramref name="nextAttempt"/>.</summary>
    public void MarkDigestFailed(long id, string error, DateTime nextAttempt)
    {
        using var c = Dialect.Open();
        Execute(c, "UPDATE digests SET last_error = @e, next_attempt_at = @n, locked_until = NULL WHERE id = @id AND status = 'pending'",
            ("@e", error), ("@n", Utc(nextAttempt)), ("@id", id));
    }

    /// <summary>The latest digests first.</summary>
    public IReadOnlyList<DigestRecord> Digests(int limit = 100)
    {
        using var c = Dialect.Open();
        return Query(c, $"SELECT {DigestColumns} FROM digests ORDER BY id DESC LIMIT @limit", ReadDigest, ("@limit", limit));
    }
}
