using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DisclosureWatch.Worker.Configuration;

/// <summary>
/// How a feature registers its settings section: read and checked when the feature is added (its jobs and services
/// depend on the values), kept as a singleton, and every problem of every section collected, so that
/// <see cref="ThrowOnSettingsProblems"/> stops `dw run` with one message naming each bad key (exit 78) before anything
/// starts. A section read by two features (the inbox's interval, say) is read once.
/// </summary>
internal static class SettingsRegistration
{
    /// <summary>The problems found so far, kept in the service collection while it is being built.</summary>
    private sealed class SettingsProblems
    {
        public List<string> List { get; } = [];
    }

    /// <summary>The settings <paramref name="read"/> gives (once per type), registered as a singleton; problems are collected.</summary>
    public static T AddSettings<T>(this IServiceCollection services, IConfiguration configuration, Func<IConfiguration, List<string>, T> read)
        where T : class
    {
        if (Instance<T>(services) is { } known) return known;
        var problems = Instance<SettingsProblems>(services);
        if (problems is null) services.AddSingleton(problems = new SettingsProblems());
        var settings = read(configuration, problems.List);
        services.AddSingleton(settings);
        return settings;
    }

    /// <summary>Throws <see cref="ConfigurationException"/> naming every problem the features' sections had.</summary>
    public static void ThrowOnSettingsProblems(this IServiceCollection services)
    {
        if (Instance<SettingsProblems>(services) is { List.Count: > 0 } problems) throw new ConfigurationException(problems.List);
    }

    private static T? Instance<T>(IServiceCollection services) where T : class =>
        services.LastOrDefault(d => d.ServiceType == typeof(T) && !d.IsKeyedService)?.ImplementationInstance as T;
}
