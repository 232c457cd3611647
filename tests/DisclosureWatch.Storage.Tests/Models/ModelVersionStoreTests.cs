using DisclosureWatch.Storage.Models;
using DisclosureWatch.Tests.Shared;

namespace DisclosureWatch.Storage.Tests.Models;

/// <summary>The retraining's model versions, the same on SQLite and a real PostgreSQL.</summary>
public abstract class ModelVersionStoreContract
{
    /// <summary>A new, empty database (no schema yet).</summary>
    protected abstract Database NewEmptyDatabase();

    private static readonly DateTime T0 = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Model_versions_keep_one_promoted()
    {
        var database = NewEmptyDatabase();
        database.Migrate(T0);
        var store = new ModelVersionStore(database);
        store.AddModelVersion(new ModelVersion("m1", T0, "sha-1", 0.81, true));
        store.AddModelVersion(new ModelVersion("m2", T0.AddDays(1), "sha-2", 0.86, false));
        Assert.True(store.PromoteModel("m2"));
        Assert.False(store.PromoteModel("nope"));
        Assert.Equal([("m1", false), ("m2", true)], store.ModelVersions().Select(m => (m.Id, m.Promoted)));
        Assert.Equal(0.86, store.ModelVersions()[1].MacroF1, 6);
    }
}

public sealed class SqliteModelVersionStoreTests : ModelVersionStoreContract, IDisposable
{
    private readonly SqliteDatabases _databases = new();
    protected override Database NewEmptyDatabase() => _databases.New();
    public void Dispose() => _databases.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresModelVersionStoreTests(PostgresServer server) : ModelVersionStoreContract
{
    protected override Database NewEmptyDatabase() => new(SqlDialect.Postgres(server.CreateDatabase()));
}
