using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace DisclosureWatch.Worker.Configuration;

/// <summary>
/// Where the settings of one `dw` process come from, later ones winning: appsettings.json beside the binary,
/// appsettings.json in the working directory, --config FILE, environment variables (Section__Key, DOTNET_Section__Key
/// or DW_Section__Key), then command-line overrides such as --data.
/// </summary>
internal static class ConfigurationSources
{
    /// <summary>Adds the sources; a missing --config file or a malformed JSON file throws <see cref="ConfigurationException"/>.</summary>
    public static IConfigurationBuilder Add(IConfigurationBuilder builder, string? configFile, IDictionary<string, string?>? overrides = null)
    {
        AddJson(builder, Path.Combine(AppContext.BaseDirectory, "appsettings.json"));
        var local = Path.Combine(Environment.CurrentDirectory, "appsettings.json");
        if (!string.Equals(Path.GetFullPath(local), Path.Combine(AppContext.BaseDirectory, "appsettings.json"), StringComparison.Ordinal))
            AddJson(builder, local);
        if (configFile is not null)
        {
            if (!File.Exists(configFile)) throw new ConfigurationException([$"--config {configFile}: no such file"]);
            AddJson(builder, Path.GetFullPath(configFile));
        }
        builder.AddEnvironmentVariables();
        builder.AddEnvironmentVariables("DOTNET_");
        builder.AddEnvironmentVariables("DW_");
        if (overrides is not null) builder.AddInMemoryCollection(overrides);
        return builder;
    }

    /// <summary>The configuration of those sources; what cannot be read throws <see cref="ConfigurationException"/>.</summary>
    public static IConfiguration Build(string? configFile, IDictionary<string, string?>? overrides = null)
    {
        try { return Add(new ConfigurationBuilder(), configFile, overrides).Build(); }
        catch (Exception e) when (e is InvalidDataException or FormatException) { throw new ConfigurationException([e.Message]); }
    }

    /// <summary>A JSON settings file, read first as the JSON provider reads it (comments and trailing commas allowed) so that a
    /// malformed one is named with its line and position instead of ending in the provider's stack trace.</summary>
    private static void AddJson(IConfigurationBuilder builder, string path)
    {
        if (!File.Exists(path)) return;
        try
        {
            using var stream = File.OpenRead(path);
            using var _ = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var reason = e.Message.Split(" LineNumber:")[0].Split(" Path:")[0].Trim();
            throw new ConfigurationException([$"{path}: malformed JSON at line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}: {reason}"]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException([$"{path}: cannot be read: {e.Message}"]);
        }
        builder.AddJsonFile(path, optional: false, reloadOnChange: false);
    }
}
