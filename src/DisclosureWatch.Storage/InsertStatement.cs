using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DisclosureWatch.Storage;

/// <summary>
/// A prepared INSERT of the batch writer, reused for every row of a batch; its parameters are bound by position
/// (0-based, in the order the SQL first names them).
/// </summary>
internal abstract class InsertStatement : IDisposable
{
    public abstract void Int(int index, long? value);
    public abstract void Real(int index, double? value);
    public abstract void Text(int index, string? value);
    /// <summary>Bytes (a BLOB, BYTEA).</summary>
    public abstract void Bytes(int index, ReadOnlySpan<byte> value);
    /// <summary>A UTC time.</summary>
    public abstract void Time(int index, DateTime value);

    /// <summary>Runs the statement with the values bound; the first column of its first row (RETURNING id), or null.</summary>
    public abstract long? Run();

    public abstract void Dispose();
}

/// <summary>
/// SQLite: the values go straight to the native statement. Through Microsoft.Data.Sqlite's parameters a row of
/// passages cost about 7 µs, natively 3 µs, the row's own work.
/// </summary>
internal sealed class SqliteInsert : InsertStatement
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    /// <param name="connection">Open, with the batch's transaction begun on it (the statement runs inside it).</param>
    public SqliteInsert(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    public override void Int(int index, long? value) =>
        Check(value is { } v ? raw.sqlite3_bind_int64(_statement, index + 1, v) : raw.sqlite3_bind_null(_statement, index + 1));

    public override void Real(int index, double? value) =>
        Check(value is { } v ? raw.sqlite3_bind_double(_statement, index + 1, v) : raw.sqlite3_bind_null(_statement, index + 1));

    public override void Text(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, index + 1) : raw.sqlite3_bind_text16(_statement, index + 1, value.AsSpan()));

    public override void Bytes(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_blob(_statement, index + 1, value));

    // The text Microsoft.Data.Sqlite writes for a DateTime, so every reader of the store sees one format.
    public override void Time(int index, DateTime value) =>
        Text(index, value.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture));

    public override long? Run()
    {
        try
        {
            long? first = null;
            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW) first ??= raw.sqlite3_column_int64(_statement, 0);
            Check(rc);
            return first;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>An error code as the SqliteException Microsoft.Data.Sqlite would throw (busy and locked stay transient).</summary>
    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _db);

    public override void Dispose() => _statement.Dispose();
}

/// <summary>Any other database: an ordinary prepared command with typed parameters (a null keeps its type).</summary>
internal sealed class CommandInsert : InsertStatement
{
    private readonly DbCommand _command;
    private bool _prepared;

    public CommandInsert(DbConnection connection, DbTransaction tx, string sql)
    {
        _command = connection.CreateCommand();
        _command.Transaction = tx;
        _command.CommandText = sql;
        foreach (var name in ParameterNames(sql)) _command.AddParameter(name, null);
    }

    /// <summary>@names in the order the SQL first names them: the positions SQLite gives them too.</summary>
    internal static IEnumerable<string> ParameterNames(string sql) =>
        System.Text.RegularExpressions.Regex.Matches(sql, @"@\w+").Select(m => m.Value).Distinct();

    private void Set(int index, object? value, DbType? type)
    {
        var p = _command.Parameters[index];
        if (type is { } t) p.DbType = t;
        p.Value = value ?? DBNull.Value;
    }

    public override void Int(int index, long? value) => Set(index, value, DbType.Int64);
    public override void Real(int index, double? value) => Set(index, value, DbType.Double);
    public override void Text(int index, string? value) => Set(index, value, DbType.String);
    public override void Bytes(int index, ReadOnlySpan<byte> value) => Set(index, value.ToArray(), DbType.Binary);
    public override void Time(int index, DateTime value) => Set(index, value, null); // a UTC DateTime is a timestamptz

    public override long? Run()
    {
        if (!_prepared) { _command.Prepare(); _prepared = true; }
        return _command.ExecuteScalar() is { } v and not DBNull ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : null;
    }

    public override void Dispose() => _command.Dispose();
}
