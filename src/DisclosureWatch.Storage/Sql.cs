// Every store writes its SQL with these helpers, unqualified.
global using static DisclosureWatch.Storage.Sql;
using System.Data.Common;

namespace DisclosureWatch.Storage;

/// <summary>The plumbing every store shares: commands with parameters, and times stored as UTC.</summary>
internal static class Sql
{
    internal static DateTime Utc(DateTime t) => t.Kind switch
    {
        DateTimeKind.Utc => t,
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    };

    internal static DbCommand Command(DbConnection c, DbTransaction? tx, string sql, (string, object?)[] ps)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in ps) cmd.AddParameter(name, value);
        return cmd;
    }

    internal static object? Scalar(DbConnection c, string sql, params (string, object?)[] ps) => Scalar(c, null, sql, ps);

    internal static object? Scalar(DbConnection c, DbTransaction? tx, string sql, params (string, object?)[] ps)
    {
        using var cmd = Command(c, tx, sql, ps);
        return cmd.ExecuteScalar();
    }

    internal static int Execute(DbConnection c, string sql, params (string, object?)[] ps) => Execute(c, null, sql, ps);

    internal static int Execute(DbConnection c, DbTransaction? tx, string sql, params (string, object?)[] ps)
    {
        using var cmd = Command(c, tx, sql, ps);
        return cmd.ExecuteNonQuery();
    }

    internal static List<T> Query<T>(DbConnection c, string sql, Func<DbDataReader, T> map, params (string, object?)[] ps)
    {
        using var cmd = Command(c, null, sql, ps);
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(map(r));
        return list;
    }
}
