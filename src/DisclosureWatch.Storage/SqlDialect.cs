using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DisclosureWatch.Storage;

/// <summary>
/// The few things SQLite and PostgreSQL say differently: column types, opening a connection, serializing
/// migrations between processes, and which errors are worth a retry. Everything else is plain shared SQL.
/// </summary>
public abstract class SqlDialect
{
    public abstract string Name { get; }
    /// <summary>An auto-numbered 64-bit primary key column.</summary>
    public abstract string IdColumn { get; }
    public abstract string Timestamp { get; }
    public abstract string Real { get; }
    public abstract string Boolean { get; }
    public abstract string Decimal { get; }
    public abstract string Blob { get; }
    /// <summary>Table option that stores rows in primary-key order (SQLite's WITHOUT ROWID), or nothing.</summary>
    public abstract string Clustered { get; }

    public abstract DbConnection Open();

    /// <summary>Before a batch of reports is written on <paramref name="connection"/>.</summary>
    internal virtual void BeforeBatch(DbConnection connection) { }

    /// <summary>After a batch of reports was committed.</summary>
    internal virtual void AfterBatch() { }

    /// <summary>The largest write-ahead log seen during this process (SQLite), or null.</summary>
    public virtual long? PeakWalBytes => null;

    /// <summary>At the end of a command: leaves the store's files complete and closed (SQLite: no WAL left behind).</summary>
    public virtual void Close() { }

    /// <summary>A prepared INSERT for the rows of a batch, run inside <paramref name="tx"/>.</summary>
    internal virtual InsertStatement PrepareInsert(DbConnection connection, DbTransaction tx, string sql) => new CommandInsert(connection, tx, sql);

    /// <summary>Migration 4: table_values (a row per cell) becomes table_cells (a row per table) and a view of the old shape.</summary>
    public abstract string CompactTableValues { get; }

    /// <summary>Takes the lock that lets one process at a time migrate, inside <paramref name="tx"/>.</summary>
    public abstract void LockForMigration(DbConnection connection, DbTransaction tx);

    /// <summary>A busy or locked database, a serialization failure, a dropped connection: worth a retry.</summary>
    public abstract bool IsTransient(Exception e);

    /// <summary>Expands the type placeholders of a migration script.</summary>
    public string Expand(string sql) => sql
        .Replace("{id}", IdColumn).Replace("{ts}", Timestamp).Replace("{real}", Real)
        .Replace("{bool}", Boolean).Replace("{decimal}", Decimal).Replace("{blob}", Blob).Replace("{clustered}", Clustered)
        .Replace("{compact-table-values}", CompactTableValues);

    public static SqlDialect Sqlite(string databaseFile, TimeSpan busyTimeout) => new SqliteDialect(databaseFile, busyTimeout);
    public static SqlDialect Postgres(string connectionString) => new PostgresDialect(connectionString);
}

internal sealed class SqliteDialect : SqlDialect
{
    private readonly string _connectionString;
    private readonly string _file;
    private readonly int _busyMs;

    public SqliteDialect(string file, TimeSpan busyTimeout)
    {
        _file = Path.GetFullPath(file);
        _busyMs = (int)busyTimeout.TotalMilliseconds;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)busyTimeout.TotalSeconds),
        }.ToString();
    }

    public override string Name => "sqlite";
    public override string IdColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";
    public override string Timestamp => "TEXT";
    public override string Real => "REAL";
    public override string Boolean => "INTEGER";
    public override string Decimal => "NUMERIC";
    public override string Blob => "BLOB";
    public override string Clustered => " WITHOUT ROWID";

    internal override InsertStatement PrepareInsert(DbConnection connection, DbTransaction tx, string sql) => new SqliteInsert((SqliteConnection)connection, sql);

    public override string CompactTableValues => """
        CREATE TABLE table_cells (
          report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
          tbl TEXT NOT NULL,
          cells TEXT NOT NULL,
          PRIMARY KEY (report_id, tbl)
        );
        INSERT INTO table_cells (report_id, tbl, cells)
          SELECT report_id, tbl, json_group_array(json_array(row_key, col, value, raw))
          FROM (SELECT * FROM table_values ORDER BY report_id, seq) GROUP BY report_id, tbl;
        DROP TABLE table_values;
        CREATE VIEW table_values AS
          SELECT t.report_id, t.tbl, c.key AS seq, c.value ->> 0 AS row_key, c.value ->> 1 AS col, c.value ->> 2 AS value, c.value ->> 3 AS raw
          FROM table_cells t, json_each(t.cells) c;
        """;

    public override DbConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        // WAL: readers never block the writer; NORMAL sync is durable across a process kill (not a power cut
        // between checkpoints), which is what a worker restarted by systemd needs.
        cmd.CommandText = $"PRAGMA busy_timeout={_busyMs}; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint={AutoCheckpointPages}; PRAGMA journal_size_limit={WalBoundBytes};";
        cmd.ExecuteNonQuery();
        return c;
    }

    /// <summary>SQLite's default: a commit that leaves the WAL longer than this copies it into the database.</summary>
    private const int AutoCheckpointPages = 1000;

    private int _checkpointing;

    /// <summary>The background checkpoint last started (tests wait for it).</summary>
    internal Task LastCheckpoint { get; private set; } = Task.CompletedTask;

    // A checkpoint fsyncs the WAL and the database: a few ms each on this project's disk, about 8% of the inbox's
    // wall time when the batch writer waited for them (1,067 against 1,167 reports/s with synchronous=OFF). The
    // batch writer leaves them to a background checkpoint after each batch; durability is unchanged.
    internal override void BeforeBatch(DbConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA wal_autocheckpoint=0";
        cmd.ExecuteNonQuery();
    }

    internal override void AfterBatch()
    {
        // A passive checkpoint running beside the writer never finds the WAL fully copied while batches keep coming,
        // so the WAL is never rewound and grows with the run (2.38 GB after 50,000 reports under `dw ingest`). Past
        // the bound the writer itself checkpoints and truncates the WAL before its next batch: the WAL stays within
        // the bound plus one batch at every moment.
        var wal = WalBytes();
        if (wal > Interlocked.Read(ref _peakWal)) Interlocked.Exchange(ref _peakWal, wal);
        if (wal > WalBoundBytes)
        {
#pragma warning disable RS0030 // a synchronous join of the background checkpoint on the writer's thread, not async code blocking
            LastCheckpoint.Wait(); // one checkpoint at a time: a second one would only find the first busy
#pragma warning restore RS0030
            Checkpoint("TRUNCATE");
            return;
        }
        if (Interlocked.CompareExchange(ref _checkpointing, 1, 0) != 0) return; // one is running: the next batch's copies this one too
        LastCheckpoint = Task.Run(() =>
        {
            try { Checkpoint("PASSIVE"); }
            finally { Volatile.Write(ref _checkpointing, 0); }
        });
    }

    /// <summary>Past this size the WAL is checkpointed and truncated by the writer after its batch (tests set a small one).</summary>
    internal long WalBoundBytes { get; init; } = 32L * 1024 * 1024;

    private long _peakWal;

    /// <summary>The largest WAL seen after a commit, before its checkpoint (benches print it).</summary>
    public override long? PeakWalBytes => Interlocked.Read(ref _peakWal);

    private long WalBytes()
    {
        var wal = new FileInfo(_file + "-wal");
        return wal.Exists ? wal.Length : 0;
    }

    private void Checkpoint(string mode)
    {
        try
        {
            using var c = Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"PRAGMA wal_checkpoint({mode})";
            cmd.ExecuteNonQuery();
        }
        // Busy or gone: the next batch's checkpoint (or any other commit's) copies it. Never thrown at the writer:
        // its batch is committed already, and a checkpoint only moves committed pages.
        catch (Exception e) when (e is SqliteException or IOException) { }
    }

    /// <summary>
    /// Copies the WAL into the database and closes this store's pooled connections: the last connection to
    /// close removes the WAL and shared-memory files, so a finished command leaves only the database file.
    /// </summary>
    public override void Close()
    {
#pragma warning disable RS0030 // Close is synchronous (it ends every command and test): it joins the background checkpoint
        LastCheckpoint.Wait();
#pragma warning restore RS0030
        using (var c = new SqliteConnection(_connectionString)) SqliteConnection.ClearPool(c);
        Checkpoint("TRUNCATE");
        using (var c = new SqliteConnection(_connectionString)) SqliteConnection.ClearPool(c);
    }

    public override void LockForMigration(DbConnection connection, DbTransaction tx)
    {
        // The migration transaction writes at once, so SQLite's single-writer lock already serializes it.
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";
        cmd.ExecuteNonQuery();
    }

    public override bool IsTransient(Exception e) =>
        e is SqliteException { SqliteErrorCode: 5 or 6 }; // SQLITE_BUSY, SQLITE_LOCKED
}

internal sealed class PostgresDialect(string connectionString) : SqlDialect
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    public override string Name => "postgres";
    public override string IdColumn => "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
    public override string Timestamp => "TIMESTAMPTZ";
    public override string Real => "DOUBLE PRECISION";
    public override string Boolean => "BOOLEAN";
    public override string Decimal => "NUMERIC";
    public override string Blob => "BYTEA";
    public override string Clustered => "";

    public override string CompactTableValues => """
        CREATE TABLE table_cells (
          report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
          tbl TEXT NOT NULL,
          cells JSONB NOT NULL,
          PRIMARY KEY (report_id, tbl)
        );
        INSERT INTO table_cells (report_id, tbl, cells)
          SELECT report_id, tbl, jsonb_agg(jsonb_build_array(row_key, col, value, raw) ORDER BY seq)
          FROM table_values GROUP BY report_id, tbl;
        DROP TABLE table_values;
        CREATE VIEW table_values AS
          SELECT t.report_id, t.tbl, (c.n - 1)::int AS seq, c.v ->> 0 AS row_key, c.v ->> 1 AS col, (c.v ->> 2)::numeric AS value, c.v ->> 3 AS raw
          FROM table_cells t, jsonb_array_elements(t.cells) WITH ORDINALITY AS c (v, n);
        """;

    public override DbConnection Open() => _source.OpenConnection();

    public override void LockForMigration(DbConnection connection, DbTransaction tx)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        // Two instances starting together: the second waits here, then finds the schema current.
        cmd.CommandText = "SELECT pg_advisory_xact_lock(4242001); CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)";
        cmd.ExecuteNonQuery();
    }

    public override bool IsTransient(Exception e) => e switch
    {
        PostgresException p => p.SqlState is "40001" or "40P01" or "55P03" or "57P03" or "53300" || p.IsTransient,
        NpgsqlException n => n.IsTransient,
        TimeoutException => true,
        _ => false,
    };
}
