using DisclosureWatch.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DisclosureWatch.Worker.Store;

/// <summary>The store feature's registration: sections "Store" and "Worker", the data directory's layout, and the store.</summary>
internal static class StoreServiceCollectionExtensions
{
    public static IServiceCollection AddStore(this IServiceCollection services, IConfiguration configuration)
    {
        var store = services.AddSettings(configuration, StoreOptions.Read);
        var worker = services.AddSettings(configuration, WorkerOptions.Read);
        services.AddSingleton(_ => DataPaths.For(store, worker));
        // Every store of the worker is opened here: one connection/dialect, migrated once before the first job runs.
        services.AddSingleton(sp => StoreFactory.Open(store, sp.GetRequiredService<DataPaths>(), sp.GetRequiredService<TimeProvider>()));
        return services.AddFeatureStores();
    }
}
