using System.Globalization;
namespace DisclosureWatch.Storage;

/// <summary>
/// The one database every store of a process shares: its dialect and connections, the migration list, and the end
/// of its use. Thread-safe: every call opens its own (pooled) connection.
/// </summary>
public sealed class Database(SqlDialect dialect) : IDisposable
{
    public SqlDialect Dialect { get; } = dialect;

    /// <summary>Ends the store's use by this command: SQLite checkpoints, truncates and removes its WAL. Calls after it reopen.</summary>
    public void Dispose() => Dialect.Close();

    /// <summary>Brings the schema to the latest version; returns how many versions were applied.</summary>
    public int Migrate(DateTime now) => Migrate(now, int.MaxValue);

    /// <summary>Up to a given version only: for tests of a migration on data written under the versions before it.</summary>
    internal int Migrate(DateTime now, int upTo)
    {
        using var c = Dialect.Open();
        return Migrations.Apply(Dialect, c, Utc(now), upTo);
    }

    public int SchemaVersion()
    {
        using var c = Dialect.Open();
        return Convert.ToInt32(Scalar(c, "SELECT COALESCE(MAX(version), 0) FROM schema_version"), CultureInfo.InvariantCulture);
    }

    /// <summary>A busy or locked database, a serialization failure, a dropped connection: worth a retry.</summary>
    public bool IsTransient(Exception e) => Dialect.IsTransient(e);

    public long Count(string table)
    {
        if (table is not ("reports" or "sections" or "table_values" or "findings" or "passages" or "duplicates" or "failures" or "job_runs"))
            throw new ArgumentException($"not a store table: {table}", nameof(table));
        using var c = Dialect.Open();
        return Convert.ToInt64(Scalar(c, $"SELECT COUNT(*) FROM {table}"), CultureInfo.InvariantCulture);
    }
}
