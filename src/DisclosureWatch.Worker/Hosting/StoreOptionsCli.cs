using System.CommandLine;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Worker.Configuration;
using DisclosureWatch.Worker.Store;

namespace DisclosureWatch.Worker.Hosting;

/// <summary>
/// The --data (the data directory) and --config options of every command that uses the data directory, and opening
/// the store from them. Training data is --training-data wherever a command reads it.
/// </summary>
internal sealed class StoreCliOptions
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

    /// <summary>Runs <paramref name="body"/> with the settings and the reports' repository (see <see cref="RunOn"/>).</summary>
    public int Run(ParseResult parse, Func<Settings, ReportRepository, int> body) => RunOn(parse, (settings, database) => body(settings, new ReportRepository(database)));

    /// <summary>Runs <paramref name="body"/> with the settings and the opened database (a command takes the feature stores it needs
    /// over it); bad configuration exits 78 with its reasons.</summary>
    public int RunOn(ParseResult parse, Func<Settings, Database, int> body)
    {
        if (Open(parse, out var settings, out var database) is { } exit) return exit;
        using (database) return body(settings, database); // closing the database leaves no WAL behind
    }

    /// <summary><see cref="RunOn"/> for a body that awaits (the digest commands send mail).</summary>
    public async Task<int> RunOnAsync(ParseResult parse, Func<Settings, Database, Task<int>> body)
    {
        if (Open(parse, out var settings, out var database) is { } exit) return exit;
        using (database) return await body(settings, database);
    }

    /// <summary>The settings and the opened database, or the exit code after writing why not.</summary>
    private int? Open(ParseResult parse, out Settings settings, out Database database)
    {
        var error = parse.InvocationConfiguration.Error;
        database = null!;
        try { settings = Load(parse); }
        catch (ConfigurationException e)
        {
            settings = null!;
            error.WriteLine($"dw: {e.Message}");
            return ConfigurationException.ExitCode;
        }
        try { database = StoreFactory.Open(settings.Store, settings.Paths); }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine($"dw: cannot open the {settings.Store.Provider} store ({(settings.Store.Provider == "sqlite" ? settings.Paths.Database : "Store:ConnectionString")}): {e.Message}");
            return 1;
        }
        return null;
    }
}
