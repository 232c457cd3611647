using System.Data.Common;
using System.Globalization;
using DisclosureWatch.Storage.Reports;

namespace DisclosureWatch.Storage.Mail;

/// <summary>
/// The mail job's bookkeeping: a row per message and per part, written in the same transaction as the reports the
/// message brought, so a message is booked exactly when its reports are stored.
/// </summary>
public sealed class MailStore(Database database)
{
    public Database Database { get; } = database;
    private SqlDialect Dialect => Database.Dialect;

    private const string MailColumns = """
        id, account, folder, uid_validity, uid, message_id, sender, subject, sent_at, sha256,
        status, error, reports, duplicates, processed_at, target_folder, moved_at
        """;

    /// <summary>
    /// Stores a message's reports and its bookkeeping row in ONE transaction. Returns null (and writes nothing)
    /// when the message is booked already (another instance took it first); otherwise the row's id and, per part,
    /// the report it is linked to.
    /// </summary>
    public (long MailId, IReadOnlyList<(string Outcome, long? ReportId)> Parts)? SaveMail(
        NewMail mail, IReadOnlyList<NewMailPart> parts, string status, string? error, string? targetFolder, DateTime processedAt)
    {
        var at = Utc(processedAt);
        using var c = Dialect.Open();
        using var tx = c.BeginTransaction();
        var inserted = Scalar(c, tx, """
            INSERT INTO mail_messages (account, folder, uid_validity, uid, message_id, sender, sender_address, subject, sent_at,
                                       size, sha256, status, error, processed_at, target_folder)
            VALUES (@a, @f, @v, @u, @mid, @s, @sa, @subj, @sent, @size, @sha, @st, @err, @t, @tf)
            ON CONFLICT (account, folder, uid_validity, uid) DO NOTHING RETURNING id
            """, ("@a", mail.Key.Account), ("@f", mail.Key.Folder), ("@v", mail.Key.UidValidity), ("@u", mail.Key.Uid),
            ("@mid", mail.MessageId), ("@s", mail.Sender), ("@sa", mail.SenderAddress), ("@subj", mail.Subject),
            ("@sent", mail.SentAt is { } sent ? Utc(sent) : null), ("@size", mail.Size), ("@sha", mail.Sha256),
            ("@st", status), ("@err", error), ("@t", at), ("@tf", targetFolder));
        if (inserted is null or DBNull) { tx.Rollback(); return null; }
        var mailId = Convert.ToInt64(inserted, CultureInfo.InvariantCulture);

        var results = new List<(string, long?)>(parts.Count);
        int reports = 0, duplicates = 0;
        using (var w = new ReportRepository.BatchWriter(Dialect, c, tx))
            for (var i = 0; i < parts.Count; i++)
            {
                var p = parts[i];
                var outcome = p.Outcome;
                var reportId = p.ReportId;
                if (p.Report is { } report)
                {
                    reportId = w.Insert(report, at);
                    if (reportId is null)
                    {
                        // Stored meanwhile (another message of this batch, or another instance): a duplicate after all.
                        outcome = MailPartOutcome.Duplicate;
                        reportId = ReportRepository.FindBySha(c, tx, report.Sha256, report.Analysis.TextSha256);
                    }
                }
                if (outcome == MailPartOutcome.Stored) reports++;
                if (outcome == MailPartOutcome.Duplicate)
                {
                    duplicates++;
                    Execute(c, tx, "INSERT INTO duplicates (sha256, file_name, received_at, report_id) VALUES (@sha, @f, @t, @r)",
                        ("@sha", p.Sha256), ("@f", p.FileName), ("@t", at), ("@r", reportId));
                }
                if (outcome is MailPartOutcome.Failed or MailPartOutcome.Refused)
                    Execute(c, tx, "INSERT INTO failures (sha256, file_name, reason, attempts, failed_at) VALUES (@sha, @f, @reason, 1, @t)",
                        ("@sha", p.Sha256 ?? ""), ("@f", p.FileName), ("@reason", p.Reason ?? outcome), ("@t", at));
                Execute(c, tx, """
                    INSERT INTO mail_parts (mail_id, position, part, kind, file_name, sha256, outcome, reason, report_id)
                    VALUES (@m, @p, @part, @k, @f, @sha, @o, @reason, @r)
                    """, ("@m", mailId), ("@p", i), ("@part", p.Part), ("@k", p.Kind), ("@f", p.FileName), ("@sha", p.Sha256),
                    ("@o", outcome), ("@reason", p.Reason), ("@r", reportId));
                results.Add((outcome, reportId));
            }
        Execute(c, tx, "UPDATE mail_messages SET reports = @r, duplicates = @d WHERE id = @id", ("@r", reports), ("@d", duplicates), ("@id", mailId));
        tx.Commit();
        return (mailId, results);
    }

    /// <summary>The bookkeeping rows of these UIDs of a mailbox at one UIDVALIDITY, by UID.</summary>
    public Dictionary<long, MailRecord> FindMail(string account, string folder, long uidValidity, IReadOnlyCollection<long> uids)
    {
        var found = new Dictionary<long, MailRecord>();
        if (uids.Count == 0) return found;
        using var c = Dialect.Open();
        foreach (var chunk in uids.Distinct().Chunk(500))
        {
            var names = chunk.Select((_, i) => $"@u{i}").ToArray();
            var ps = new List<(string, object?)> { ("@a", account), ("@f", folder), ("@v", uidValidity) };
            ps.AddRange(chunk.Select((uid, i) => (names[i], (object?)uid)));
            foreach (var m in Query(c, $"SELECT {MailColumns} FROM mail_messages WHERE account = @a AND folder = @f AND uid_validity = @v AND uid IN ({string.Join(", ", names)})",
                         ReadMail, ps.ToArray()))
                found[m.Key.Uid] = m;
        }
        return found;
    }

    /// <summary>The message has left the mailbox (or was flagged): it is done.</summary>
    public void MarkMailMoved(long mailId, DateTime at)
    {
        using var c = Dialect.Open();
        Execute(c, "UPDATE mail_messages SET moved_at = @t WHERE id = @id", ("@t", Utc(at)), ("@id", mailId));
    }

    /// <summary>Bookkeeping rows of an account (all when null), oldest first.</summary>
    public IReadOnlyList<MailRecord> MailMessages(string? account = null)
    {
        using var c = Dialect.Open();
        return account is null
            ? Query(c, $"SELECT {MailColumns} FROM mail_messages ORDER BY id", ReadMail)
            : Query(c, $"SELECT {MailColumns} FROM mail_messages WHERE account = @a ORDER BY id", ReadMail, ("@a", account));
    }

    /// <summary>The messages a stored report came from (the one that brought it first comes first).</summary>
    public IReadOnlyList<ReportMailSource> MailSources(long? reportId = null)
    {
        using var c = Dialect.Open();
        return Query(c, $"""
            SELECT p.report_id, p.file_name, p.part, m.account, m.message_id, m.sender, m.sender_address, m.subject, m.sent_at
            FROM mail_parts p JOIN mail_messages m ON m.id = p.mail_id
            WHERE p.outcome = 'stored' AND p.report_id IS NOT NULL {(reportId is null ? "" : "AND p.report_id = @r")}
            ORDER BY p.report_id, m.id
            """, r => new ReportMailSource(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                r.GetString(5), r.GetString(6), r.GetString(7), r.IsDBNull(8) ? null : Utc(r.GetDateTime(8))), reportId is null ? [] : [("@r", reportId)]);
    }

    /// <summary>The parts of a booked message, in order, as they were recorded.</summary>
    public IReadOnlyList<NewMailPart> MailParts(long mailId)
    {
        using var c = Dialect.Open();
        return Query(c, "SELECT part, kind, file_name, sha256, outcome, reason, report_id FROM mail_parts WHERE mail_id = @m ORDER BY position",
            r => new NewMailPart(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetInt64(6)), ("@m", mailId));
    }

    private static MailRecord ReadMail(DbDataReader r) => new(
        r.GetInt64(0), new MailKey(r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4)),
        r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6), r.GetString(7), r.IsDBNull(8) ? null : Utc(r.GetDateTime(8)), r.GetString(9),
        r.GetString(10), r.IsDBNull(11) ? null : r.GetString(11), Convert.ToInt32(r.GetValue(12), CultureInfo.InvariantCulture), Convert.ToInt32(r.GetValue(13), CultureInfo.InvariantCulture),
        Utc(r.GetDateTime(14)), r.IsDBNull(15) ? null : r.GetString(15), r.IsDBNull(16) ? null : Utc(r.GetDateTime(16)));
}
