using DisclosureWatch.Storage;
using DisclosureWatch.Worker.Hosting;

namespace DisclosureWatch.Worker.Store;

/// <summary>Opens the configured store and brings its schema up to date (every `dw` command that touches it does).</summary>
public static class StoreFactory
{
    public static ReportStore Open(Settings settings, TimeProvider? clock = null)
    {
        var dialect = settings.Store.Provider == "postgres"
            ? SqlDialect.Postgres(settings.Store.ConnectionString!)
            : SqlDialect.Sqlite(EnsureDirectory(settings.Paths).Database, settings.Store.BusyTimeout);
        var store = new ReportStore(dialect);
        store.Migrate((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime);
        return store;
    }

    private static DataPaths EnsureDirectory(DataPaths paths)
    {
        Directory.CreateDirectory(paths.Root);
        return paths;
    }
}
