using DisclosureWatch.Storage;

namespace DisclosureWatch.Worker.Store;

/// <summary>Opens the configured store and brings its schema up to date (every `dw` command that touches it does).</summary>
internal static class StoreFactory
{
    public static ReportStore Open(StoreOptions options, DataPaths paths, TimeProvider? clock = null)
    {
        var dialect = options.Provider == "postgres"
            ? SqlDialect.Postgres(options.ConnectionString!)
            : SqlDialect.Sqlite(EnsureDirectory(paths).Database, options.BusyTimeout);
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
