using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Digests;
using DisclosureWatch.Storage.Digests.Replies;
using DisclosureWatch.Storage.Mail;
using DisclosureWatch.Storage.Models;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DisclosureWatch.Worker.Store;

/// <summary>Opens the configured store and brings its schema up to date (every `dw` command that touches it does).</summary>
public static class StoreFactory
{
    public static Database Open(Settings settings, TimeProvider? clock = null)
    {
        var dialect = settings.Store.Provider == "postgres"
            ? SqlDialect.Postgres(settings.Store.ConnectionString!)
            : SqlDialect.Sqlite(EnsureDirectory(settings.Paths).Database, settings.Store.BusyTimeout);
        var database = new Database(dialect);
        database.Migrate((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime);
        return database;
    }

    /// <summary>The one database (opened and migrated on first use) and every feature's store over it.</summary>
    public static IServiceCollection AddStores(this IServiceCollection services, Settings settings)
    {
        services.AddSingleton(sp => Open(settings, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ReportStore>();
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
