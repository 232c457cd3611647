using System.Data.Common;
using System.Globalization;

namespace DisclosureWatch.Storage;

/// <summary>
/// Versioned schema, applied in order at start-up inside one transaction per version. A version, once
/// released, never changes: add a new one. Placeholders ({id}, {ts}, …) are the dialect's column types.
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<(int Version, string Sql)> All =
    [
        (1, """
            CREATE TABLE reports (
              id {id},
              sha256 TEXT NOT NULL UNIQUE,
              file_name TEXT NOT NULL,
              source TEXT NOT NULL,
              organ TEXT NULL,
              year INTEGER NULL,
              status TEXT NOT NULL,
              received_at {ts} NOT NULL,
              processed_at {ts} NOT NULL,
              finding_count INTEGER NOT NULL,
              analysis_json TEXT NOT NULL
            );
            CREATE INDEX ix_reports_organ_year ON reports (organ, year);
            CREATE TABLE sections (
              report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
              position INTEGER NOT NULL,
              number INTEGER NOT NULL,
              heading TEXT NOT NULL,
              text TEXT NOT NULL,
              PRIMARY KEY (report_id, position)
            );
            CREATE TABLE table_values (
              report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
              seq INTEGER NOT NULL,
              tbl TEXT NOT NULL,
              row_key TEXT NOT NULL,
              col TEXT NOT NULL,
              value {decimal} NULL,
              raw TEXT NULL,
              PRIMARY KEY (report_id, seq)
            ){clustered};
            CREATE TABLE findings (
              id {id},
              report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
              rule TEXT NOT NULL,
              severity TEXT NOT NULL,
              message TEXT NOT NULL,
              evidence TEXT NOT NULL,
              section INTEGER NULL,
              status TEXT NOT NULL DEFAULT 'open',
              comment TEXT NULL,
              reviewed_at {ts} NULL
            );
            CREATE INDEX ix_findings_report ON findings (report_id);
            CREATE TABLE passages (
              report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
              position INTEGER NOT NULL,
              section INTEGER NOT NULL,
              text TEXT NOT NULL,
              context TEXT NULL,
              label TEXT NULL,
              confidence {real} NULL,
              model_version TEXT NULL
            );
            CREATE INDEX ix_passages_report ON passages (report_id);
            CREATE TABLE model_versions (
              id TEXT PRIMARY KEY,
              created_at {ts} NOT NULL,
              fingerprint TEXT NOT NULL,
              macro_f1 {real} NOT NULL,
              promoted {bool} NOT NULL
            );
            CREATE TABLE duplicates (
              id {id},
              sha256 TEXT NOT NULL,
              file_name TEXT NOT NULL,
              received_at {ts} NOT NULL,
              report_id BIGINT NULL REFERENCES reports (id) ON DELETE SET NULL
            );
            CREATE TABLE failures (
              id {id},
              sha256 TEXT NOT NULL,
              file_name TEXT NOT NULL,
              reason TEXT NOT NULL,
              attempts INTEGER NOT NULL,
              failed_at {ts} NOT NULL
            );
            CREATE TABLE job_runs (
              id {id},
              job TEXT NOT NULL,
              instance TEXT NOT NULL,
              started_at {ts} NOT NULL,
              ended_at {ts} NULL,
              outcome TEXT NOT NULL,
              stored INTEGER NOT NULL DEFAULT 0,
              duplicates INTEGER NOT NULL DEFAULT 0,
              failed INTEGER NOT NULL DEFAULT 0,
              message TEXT NULL
            );
            CREATE TABLE instances (
              instance_id TEXT PRIMARY KEY,
              started_at {ts} NOT NULL,
              heartbeat_at {ts} NOT NULL
            );
            """),
        // 2 "mail": the mail job's bookkeeping. One row per message seen in a mailbox, keyed by
        // (account, folder, UIDVALIDITY, UID), committed in the same transaction as the message's reports;
        // mail_parts links each attachment or body to the report it became (or why it did not).
        (2, """
            CREATE TABLE mail_messages (
              id {id},
              account TEXT NOT NULL,
              folder TEXT NOT NULL,
              uid_validity BIGINT NOT NULL,
              uid BIGINT NOT NULL,
              message_id TEXT NULL,
              sender TEXT NOT NULL,
              sender_address TEXT NOT NULL,
              subject TEXT NOT NULL,
              sent_at {ts} NULL,
              size BIGINT NOT NULL,
              sha256 TEXT NOT NULL,
              status TEXT NOT NULL,
              error TEXT NULL,
              reports INTEGER NOT NULL DEFAULT 0,
              duplicates INTEGER NOT NULL DEFAULT 0,
              processed_at {ts} NOT NULL,
              target_folder TEXT NULL,
              moved_at {ts} NULL,
              UNIQUE (account, folder, uid_validity, uid)
            );
            CREATE INDEX ix_mail_messages_sha ON mail_messages (sha256);
            CREATE TABLE mail_parts (
              mail_id BIGINT NOT NULL REFERENCES mail_messages (id) ON DELETE CASCADE,
              position INTEGER NOT NULL,
              part TEXT NOT NULL,
              kind TEXT NOT NULL,
              file_name TEXT NOT NULL,
              sha256 TEXT NULL,
              outcome TEXT NOT NULL,
              reason TEXT NULL,
              report_id BIGINT NULL REFERENCES reports (id) ON DELETE SET NULL,
              PRIMARY KEY (mail_id, position)
            );
            CREATE INDEX ix_mail_parts_report ON mail_parts (report_id);
            """),
        // 3 — digest: the weekly digests, one row per supervisor and period (the idempotency key), kept with the
        // message as built (base64 .eml) so a retry sends the very same bytes and Message-ID.
        (3, """
            CREATE TABLE digests (
              id {id},
              idempotency_key TEXT NOT NULL UNIQUE,
              supervisor TEXT NOT NULL,
              address TEXT NOT NULL,
              period_start TEXT NOT NULL,
              period_end TEXT NOT NULL,
              status TEXT NOT NULL,
              attempts INTEGER NOT NULL DEFAULT 0,
              last_error TEXT NULL,
              next_attempt_at {ts} NOT NULL,
              locked_until {ts} NULL,
              created_at {ts} NOT NULL,
              sent_at {ts} NULL,
              message_id TEXT NOT NULL,
              subject TEXT NOT NULL,
              eml TEXT NOT NULL
            );
            CREATE INDEX ix_digests_due ON digests (status, next_attempt_at);
            """),
        // A report's ~200 cells as one row per table: writing 200 index entries per report cost more than the rest of
        // the report together. table_values stays, as a view over the cells, for whoever queries it.
        (4, "{compact-table-values}"),
        // 5 — the same report in another encoding or file (a GBK copy of a UTF-8 file) is a duplicate: the hash of the
        // normalised decoded text, unique where known (NULL for reports stored before it: NULLs never collide).
        (5, """
            ALTER TABLE reports ADD COLUMN text_sha256 TEXT NULL;
            CREATE UNIQUE INDEX ux_reports_text_sha256 ON reports (text_sha256);
            """),
        // 6 — digest replies: supervisors answer a digest with its workbook filled. Each digest keeps the token its
        // workbook carries; each reply (keyed by its Message-ID, or the workbook's sha256 when dropped as a file) is
        // recorded once, with what it did row by row, so a reply read twice applies nothing twice. A finding's review
        // now says who made it.
        (6, """
            ALTER TABLE findings ADD COLUMN reviewed_by TEXT NULL;
            ALTER TABLE digests ADD COLUMN reply_token TEXT NULL;
            CREATE INDEX ix_digests_message_id ON digests (message_id);
            CREATE INDEX ix_digests_reply_token ON digests (reply_token);
            CREATE TABLE digest_replies (
              id {id},
              reply_key TEXT NOT NULL UNIQUE,
              digest_id BIGINT NULL REFERENCES digests (id) ON DELETE SET NULL,
              via TEXT NOT NULL,
              sender TEXT NOT NULL,
              received_at {ts} NOT NULL,
              status TEXT NOT NULL,
              reason TEXT NULL,
              reviews INTEGER NOT NULL DEFAULT 0,
              labels INTEGER NOT NULL DEFAULT 0,
              unchanged INTEGER NOT NULL DEFAULT 0,
              refused_rows INTEGER NOT NULL DEFAULT 0,
              confirmation_eml TEXT NULL,
              confirmation_error TEXT NULL,
              confirmation_sent_at {ts} NULL
            );
            CREATE TABLE digest_reply_rows (
              reply_id BIGINT NOT NULL REFERENCES digest_replies (id) ON DELETE CASCADE,
              position INTEGER NOT NULL,
              sheet TEXT NOT NULL,
              row_number INTEGER NOT NULL,
              item TEXT NOT NULL,
              value TEXT NULL,
              comment TEXT NULL,
              outcome TEXT NOT NULL,
              reason TEXT NULL,
              PRIMARY KEY (reply_id, position)
            );
            CREATE INDEX ix_digest_reply_rows_item ON digest_reply_rows (item);
            """),
        // 7 (5 and 6 being the text hash and the digest replies): the analysis JSON kept compressed (Brotli): 23 KB
        // of text a report, repeating the rows, became 5 KB.
        // Reports stored from this version on have analysis_json '' and their JSON in analysis; those stored
        // before keep their text, read as it is.
        (7, "ALTER TABLE reports ADD COLUMN analysis {blob} NULL"),
        // 8 — each fact once: 37 KB a report became 9 KB. The compressed analysis JSON is the single copy of a report's
        // texts: its sections and cells (no rows any more), its findings' message and evidence, its passages. Finding rows
        // keep what queries and reviews need (rule, severity, section, status, the review) and their index (item) in the
        // JSON's findings; a report's passages are one row: each one's position and exact confidence (the JSON rounds it),
        // and the least confidence, which `dw labels export` looks for. layout 8 marks such a report; reports stored
        // before keep their rows and read as before. The classifier's version is kept once per report.
        (8, """
            ALTER TABLE reports ADD COLUMN layout INTEGER NULL;
            ALTER TABLE reports ADD COLUMN model_version TEXT NULL;
            ALTER TABLE findings ADD COLUMN item INTEGER NULL;
            CREATE TABLE passage_sets (
              report_id BIGINT NOT NULL PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
              least_confidence {real} NULL,
              passages {blob} NOT NULL
            ){clustered};
            """),
    ];

    /// <summary>Applies the versions the database lacks; returns how many it applied.</summary>
    public static int Apply(SqlDialect dialect, DbConnection connection, DateTime now, int upTo = int.MaxValue)
    {
        var applied = 0;
        foreach (var (version, sql) in All.Where(m => m.Version <= upTo))
        {
            using var tx = connection.BeginTransaction();
            dialect.LockForMigration(connection, tx);
            using (var check = connection.CreateCommand())
            {
                check.Transaction = tx;
                check.CommandText = "SELECT COUNT(*) FROM schema_version WHERE version = @v";
                check.AddParameter("@v", version);
                if (Convert.ToInt64(check.ExecuteScalar(), CultureInfo.InvariantCulture) > 0) { tx.Commit(); continue; }
            }
            using (var cmd = connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = dialect.Expand(sql);
                cmd.ExecuteNonQuery();
                cmd.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES (@v, @t)";
                cmd.AddParameter("@v", version);
                cmd.AddParameter("@t", now);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
            applied++;
        }
        return applied;
    }

    public static int Latest => All.Max(m => m.Version);
}

internal static class DbCommandExtensions
{
    public static DbParameter AddParameter(this DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
        return p;
    }
}
