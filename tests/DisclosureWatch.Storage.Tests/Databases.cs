using DisclosureWatch.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace DisclosureWatch.Storage.Tests;

/// <summary>New SQLite databases in a temporary folder; each is closed, and the folder removed, at the end.</summary>
public sealed class SqliteDatabases : IDisposable
{
    private readonly List<Database> _opened = [];

    public string Folder { get; } = Directory.CreateTempSubdirectory("dw-store-").FullName;

    /// <summary>A new, empty database (no schema yet).</summary>
    public Database New(string? name = null, TimeSpan? busyTimeout = null) =>
        Track(new Database(SqlDialect.Sqlite(Path.Combine(Folder, name ?? $"{Guid.NewGuid():N}.db"), busyTimeout ?? TimeSpan.FromSeconds(2))));

    public Database Track(Database database)
    {
        _opened.Add(database);
        return database;
    }

    public void Dispose()
    {
        // Closing waits for a background checkpoint still running, which would recreate the WAL while the folder goes.
        foreach (var database in _opened) database.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>One PostgreSQL server for every PostgreSQL contract class (a database each test).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
