using System.Globalization;
namespace DisclosureWatch.Storage.Runs;

/// <summary>One execution of a job, as the run history keeps it.</summary>
public sealed record JobRun(
    long Id, string Job, string Instance, DateTime StartedAt, DateTime? EndedAt, string Outcome,
    int Stored, int Duplicates, int Failed, string? Message);

/// <summary>
/// What the jobs keep about themselves: their runs, the files they set aside (duplicates, failures), and the
/// heartbeats of the instances sharing the store.
/// </summary>
public sealed class RunStore(Database database)
{
    public Database Database { get; } = database;
    private SqlDialect Dialect => Database.Dialect;

    /// <summary>A file whose content was already stored: recorded, never re-analyzed.</summary>
    public void RecordDuplicate(string sha256, string fileName, DateTime receivedAt, long? reportId)
    {
        using var c = Dialect.Open();
        Execute(c, "INSERT INTO duplicates (sha256, file_name, received_at, report_id) VALUES (@sha, @f, @t, @r)",
            ("@sha", sha256), ("@f", fileName), ("@t", Utc(receivedAt)), ("@r", reportId));
    }

    public void RecordFailure(string sha256, string fileName, string reason, int attempts, DateTime at)
    {
        using var c = Dialect.Open();
        Execute(c, "INSERT INTO failures (sha256, file_name, reason, attempts, failed_at) VALUES (@sha, @f, @reason, @n, @t)",
            ("@sha", sha256), ("@f", fileName), ("@reason", reason), ("@n", attempts), ("@t", Utc(at)));
    }

    public long StartRun(string job, string instance, DateTime at)
    {
        using var c = Dialect.Open();
        return Convert.ToInt64(Scalar(c,
            "INSERT INTO job_runs (job, instance, started_at, outcome) VALUES (@j, @i, @t, 'running') RETURNING id",
            ("@j", job), ("@i", instance), ("@t", Utc(at))), CultureInfo.InvariantCulture);
    }

    public void FinishRun(long id, DateTime at, string outcome, int stored, int duplicates, int failed, string? message)
    {
        using var c = Dialect.Open();
        Execute(c, """
            UPDATE job_runs SET ended_at = @t, outcome = @o, stored = @s, duplicates = @d, failed = @f, message = @m
            WHERE id = @id
            """, ("@t", Utc(at)), ("@o", outcome), ("@s", stored), ("@d", duplicates), ("@f", failed), ("@m", message), ("@id", id));
    }

    public IReadOnlyList<JobRun> JobRuns(int limit = 100)
    {
        using var c = Dialect.Open();
        return Query(c, """
            SELECT id, job, instance, started_at, ended_at, outcome, stored, duplicates, failed, message
            FROM job_runs ORDER BY id DESC LIMIT @limit
            """,
            r => new JobRun(r.GetInt64(0), r.GetString(1), r.GetString(2), Utc(r.GetDateTime(3)), r.IsDBNull(4) ? null : Utc(r.GetDateTime(4)),
                r.GetString(5), Convert.ToInt32(r.GetValue(6), CultureInfo.InvariantCulture), Convert.ToInt32(r.GetValue(7), CultureInfo.InvariantCulture), Convert.ToInt32(r.GetValue(8), CultureInfo.InvariantCulture),
                r.IsDBNull(9) ? null : r.GetString(9)),
            ("@limit", limit));
    }

    /// <summary>Says this instance is alive (claims of instances silent for longer than the lease are recovered).</summary>
    public void Heartbeat(string instance, DateTime now)
    {
        using var c = Dialect.Open();
        Execute(c, """
            INSERT INTO instances (instance_id, started_at, heartbeat_at) VALUES (@i, @t, @t)
            ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = @t
            """, ("@i", instance), ("@t", Utc(now)));
    }

    /// <summary>Instances whose last heartbeat is older than <paramref name="before"/>.</summary>
    public IReadOnlyList<string> SilentInstances(DateTime before)
    {
        using var c = Dialect.Open();
        return Query(c, "SELECT instance_id FROM instances WHERE heartbeat_at < @t ORDER BY instance_id",
            r => r.GetString(0), ("@t", Utc(before)));
    }

    public void ForgetInstance(string instance)
    {
        using var c = Dialect.Open();
        Execute(c, "DELETE FROM instances WHERE instance_id = @i", ("@i", instance));
    }
}
