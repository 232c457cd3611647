using System.CommandLine;
using DisclosureWatch.Storage;
using DisclosureWatch.Worker.Store;

namespace DisclosureWatch.Worker.Hosting;

/// <summary>
/// The --data (the data directory) and --config options of every command that uses the data directory, and opening
/// the store from them. Training data is --training-data wherever a command reads it.
/// </summary>
public sealed class StoreCliOptions
{
    public Option<string?> Data { get; } = new("--data") { Description = "The data directory (default: Store:DataDirectory, i.e. ./data)." };
    public Option<string?> Config { get; } = new("--config") { Description = "An extra appsettings-style JSON file." };

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Config);
    }

    public Settings Load(ParseResult parse) => Settings.Load(parse.GetValue(Config), parse.GetValue(Data));

    /// <summary>Runs <paramref name="body"/> with the settings only (the labels and model commands: the data directory, no store).</summary>
    public int RunWithSettings(ParseResult parse, Func<Settings, int> body)
    {
        try { return body(Load(parse)); }
        catch (ConfigurationException e)
        {
            parse.InvocationConfiguration.Error.WriteLine($"dw: {e.Message}");
            return ConfigurationException.ExitCode;
        }
    }

    /// <summary>Runs <paramref name="body"/> with the settings and the opened store; bad configuration exits 78 with its reasons.</summary>
    public int Run(ParseResult parse, Func<Settings, ReportStore, int> body)
    {
        if (Open(parse, out var settings, out var store) is { } exit) return exit;
        using (store) return body(settings, store); // closing the store leaves no WAL behind
    }

    /// <summary><see cref="Run"/> for a body that awaits (the digest commands send mail).</summary>
    public async Task<int> RunAsync(ParseResult parse, Func<Settings, ReportStore, Task<int>> body)
    {
        if (Open(parse, out var settings, out var store) is { } exit) return exit;
        using (store) return await body(settings, store);
    }

    /// <summary>The settings and the opened store, or the exit code after writing why not.</summary>
    private int? Open(ParseResult parse, out Settings settings, out ReportStore store)
    {
        var error = parse.InvocationConfiguration.Error;
        store = null!;
        try { settings = Load(parse); }
        catch (ConfigurationException e)
        {
            settings = null!;
            error.WriteLine($"dw: {e.Message}");
            return ConfigurationException.ExitCode;
        }
        try { store = StoreFactory.Open(settings); }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine($"dw: cannot open the {settings.Store.Provider} store ({(settings.Store.Provider == "sqlite" ? settings.Paths.Database : "Store:ConnectionString")}): {e.Message}");
            return 1;
        }
        return null;
    }
}
