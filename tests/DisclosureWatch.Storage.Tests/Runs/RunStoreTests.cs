using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Tests.Shared;

namespace DisclosureWatch.Storage.Tests.Runs;

/// <summary>The run history, set-aside files and heartbeats, the same on SQLite and a real PostgreSQL.</summary>
public abstract class RunStoreContract
{
    /// <summary>A new, empty database (no schema yet).</summary>
    protected abstract Database NewEmptyDatabase();

    private static readonly DateTime T0 = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Job_runs_duplicates_failures_and_heartbeats_are_kept()
    {
        var database = NewEmptyDatabase();
        database.Migrate(T0);
        var store = new RunStore(database);
        var run = store.StartRun("inbox", "a", T0);
        store.FinishRun(run, T0.AddSeconds(2), "ok", 5, 1, 2, null);
        var r = store.JobRuns().Single();
        Assert.Equal(("inbox", "a", "ok", 5, 1, 2, (DateTime?)T0.AddSeconds(2)), (r.Job, r.Instance, r.Outcome, r.Stored, r.Duplicates, r.Failed, r.EndedAt));

        var id = new ReportRepository(database).Save([new NewReport("dup00001", "dup000.txt", "test", T0, StoreContractTests.SampleAnalysis())], T0).Single();
        store.RecordDuplicate("dup00001", "copy.txt", T0, id);
        store.RecordFailure("bad00001", "empty.txt", "empty.txt: no sections", 1, T0);
        Assert.Equal((1, 1), (database.Count("duplicates"), database.Count("failures")));

        store.Heartbeat("a", T0);
        store.Heartbeat("b", T0.AddMinutes(5));
        store.Heartbeat("a", T0.AddMinutes(1));
        Assert.Equal(["a"], store.SilentInstances(T0.AddMinutes(3)));
        store.ForgetInstance("a");
        Assert.Empty(store.SilentInstances(T0.AddMinutes(3)));
    }
}

public sealed class SqliteRunStoreTests : RunStoreContract, IDisposable
{
    private readonly SqliteDatabases _databases = new();
    protected override Database NewEmptyDatabase() => _databases.New();
    public void Dispose() => _databases.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresRunStoreTests(PostgresServer server) : RunStoreContract
{
    protected override Database NewEmptyDatabase() => new(SqlDialect.Postgres(server.CreateDatabase()));
}
