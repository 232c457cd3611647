using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Digests;
using DisclosureWatch.Storage.Digests.Replies;
using DisclosureWatch.Storage.Findings;
using DisclosureWatch.Storage.Mail;
using DisclosureWatch.Storage.Models;
using DisclosureWatch.Storage.Passages;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Storage.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace DisclosureWatch.Worker.Store;

/// <summary>Opens the configured store and brings its schema up to date (every `dw` command that touches it does).</summary>
internal static class StoreFactory
{
    public static Database Open(StoreOptions options, DataPaths paths, TimeProvider? clock = null)
    {
        var dialect = options.Provider == "postgres"
            ? SqlDialect.Postgres(options.ConnectionString!)
            : SqlDialect.Sqlite(EnsureDirectory(paths).Database, options.BusyTimeout);
        var database = new Database(dialect);
        database.Migrate((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime);
        return database;
    }

    /// <summary>Every feature's store over the one database.</summary>
    public static IServiceCollection AddFeatureStores(this IServiceCollection services)
    {
        services.AddSingleton<ReportRepository>();
        services.AddSingleton<FindingStore>();
        services.AddSingleton<PassageStore>();
        services.AddSingleton<MailStore>();
        services.AddSingleton<DigestStore>();
        services.AddSingleton<DigestReplyStore>();
        services.AddSingleton<RunStore>();
        services.AddSingleton<ModelVersionStore>();
        return services;
    }

    private static DataPaths EnsureDirectory(DataPaths paths)
    {
        Directory.CreateDirectory(paths.Root);
        return paths;
    }
}
