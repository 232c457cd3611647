using DisclosureWatch.Worker.Configuration;
using Microsoft.Extensions.Configuration;

namespace DisclosureWatch.Worker.Store;

/// <summary>Section "Store": where reports are kept.</summary>
internal sealed class StoreOptions
{
    public const string Section = "Store";
    /// <summary>sqlite (default: DataDirectory/dw.db) or postgres (ConnectionString).</summary>
    public string Provider { get; set; } = "sqlite";
    /// <summary>The data directory, relative to the working directory: dw.db, inbox/, processed/, failed/, duplicates/, outbox/, work/.</summary>
    public string DataDirectory { get; set; } = "data";
    /// <summary>Npgsql connection string, for Provider = postgres.</summary>
    public string? ConnectionString { get; set; }
    /// <summary>How long a write waits for a busy SQLite database before it counts as a (retried) failure.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Binds and checks "Store"; every problem is added to <paramref name="problems"/>, naming its key.</summary>
    public static StoreOptions Read(IConfiguration config, List<string> problems) => SectionBinder.Bind<StoreOptions>(config, Section, problems, Problems);

    private static IEnumerable<string> Problems(StoreOptions store)
    {
        if (store.Provider is not ("sqlite" or "postgres"))
            yield return $"Store:Provider: '{store.Provider}' is not sqlite or postgres";
        if (store.Provider == "postgres" && string.IsNullOrWhiteSpace(store.ConnectionString))
            yield return "Store:ConnectionString: required when Store:Provider is postgres (e.g. Host=localhost;Database=dw;Username=dw)";
        if (string.IsNullOrWhiteSpace(store.DataDirectory)) yield return "Store:DataDirectory: must not be empty";
        if (store.BusyTimeout <= TimeSpan.Zero) yield return "Store:BusyTimeout: must be positive";
    }

    /// <summary>The configured data directory (Store:DataDirectory from the settings files or DW_Store__DataDirectory), else ./data.</summary>
    public static string ConfiguredDataDirectory()
    {
        var problems = new List<string>();
        try
        {
            var store = Read(ConfigurationSources.Build(configFile: null), problems);
            if (problems.Count == 0) return Path.GetFullPath(store.DataDirectory);
        }
        catch (ConfigurationException) { }
        return Path.Combine(Directory.GetCurrentDirectory(), "data");
    }
}
