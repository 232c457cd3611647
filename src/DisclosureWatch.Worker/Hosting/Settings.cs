using Microsoft.Extensions.Configuration;
using Quartz;

namespace DisclosureWatch.Worker.Hosting;

/// <summary>Bad configuration: every problem found, in one message. `dw` exits 78 (EX_CONFIG) on it.</summary>
public sealed class ConfigurationException(IReadOnlyList<string> problems)
    : Exception("invalid configuration:\n  " + string.Join("\n  ", problems))
{
    public const int ExitCode = 78;
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// The validated settings of one `dw` process. Sources, later ones winning: appsettings.json beside the
/// binary, appsettings.json in the working directory, --config FILE, environment variables (Section__Key,
/// DOTNET_Section__Key or DW_Section__Key), then command-line overrides such as --data.
/// </summary>
public sealed record Settings(StoreOptions Store, InboxOptions Inbox, WorkerOptions Worker, DataPaths Paths, IConfiguration Configuration)
{
    /// <summary>Section "Mail" (the mail job; no accounts: no mail job).</summary>
    public DisclosureWatch.Worker.Mail.MailOptions Mail { get; init; } = new();

    /// <summary>Section "Retrain" (the weekly retraining of the passage model).</summary>
    public DisclosureWatch.Worker.Classification.RetrainSettings Retrain { get; init; } = new();

    /// <summary>Sections "Digest" and "Smtp" (the weekly digests; no supervisors: no digest job).</summary>
    public DisclosureWatch.Worker.Digests.DigestSettings Digest { get; init; } = DisclosureWatch.Worker.Digests.DigestSettings.None;

    public static IConfigurationBuilder AddSources(IConfigurationBuilder builder, string? configFile, IDictionary<string, string?>? overrides = null)
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

    /// <summary>A JSON settings file, read first as the JSON provider reads it (comments and trailing commas allowed) so that a
    /// malformed one is named with its line and position instead of ending in the provider's stack trace.</summary>
    private static void AddJson(IConfigurationBuilder builder, string path)
    {
        if (!File.Exists(path)) return;
        try
        {
            using var stream = File.OpenRead(path);
            using var _ = System.Text.Json.JsonDocument.Parse(stream, new System.Text.Json.JsonDocumentOptions
            {
                CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true,
            });
        }
        catch (System.Text.Json.JsonException e)
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

    public static Dictionary<string, string?> Overrides(string? dataDirectory)
    {
        var o = new Dictionary<string, string?>();
        if (dataDirectory is not null) o[$"{StoreOptions.Section}:DataDirectory"] = dataDirectory;
        return o;
    }

    /// <summary>Loads and validates; throws <see cref="ConfigurationException"/> naming every bad key.</summary>
    public static Settings Load(string? configFile, string? dataDirectory)
    {
        IConfiguration config;
        try { config = AddSources(new ConfigurationBuilder(), configFile, Overrides(dataDirectory)).Build(); }
        catch (InvalidDataException e) { throw new ConfigurationException([e.Message]); }
        catch (FormatException e) { throw new ConfigurationException([e.Message]); }
        return From(config);
    }

    public static Settings From(IConfiguration config)
    {
        var problems = new List<string>();
        // Store, Inbox, Worker: each with its own rules (the same the host's options validate on start).
        var store = Bind<StoreOptions>(config, StoreOptions.Section, problems);
        var inbox = Bind<InboxOptions>(config, InboxOptions.Section, problems);
        var worker = Bind<WorkerOptions>(config, WorkerOptions.Section, problems);
        problems.AddRange([.. StoreOptions.Problems(store), .. InboxOptions.Problems(inbox), .. WorkerOptions.Problems(worker)]);

        // Mail (Worker/Mail): the mailboxes of the mail job, validated with the rest.
        var mail = DisclosureWatch.Worker.Mail.MailOptions.Bind(config, problems);

        // Retrain (Worker/Classification): when the passage model is retrained.
        var retrain = Bind<DisclosureWatch.Worker.Classification.RetrainSettings>(config, DisclosureWatch.Worker.Classification.RetrainSettings.Section, problems);
        if (!CronExpression.TryParse(retrain.Cron, out _))
            problems.Add($"Retrain:Cron: '{retrain.Cron}' is not a Quartz cron expression (e.g. \"0 0 3 ? * SUN\")");
        if (retrain.Tolerance is < 0 or > 1) problems.Add($"Retrain:Tolerance: must be 0..1 (got {retrain.Tolerance})");
        if (retrain.TrainingData is { } td && !Directory.Exists(td)) problems.Add($"Retrain:TrainingData: no such folder '{td}'");
        try { DisclosureWatch.Worker.Classification.TrainingData.ParseLabels(retrain.Labels); }
        catch (FormatException e) { problems.Add($"Retrain:Labels: {e.Message}"); }

        // Digests (Worker/Digests): the supervisors and the SMTP server, validated with the rest.
        var digest = DisclosureWatch.Worker.Digests.DigestSettings.Read(config, problems);

        if (problems.Count > 0) throw new ConfigurationException(problems);
        return new Settings(store, inbox, worker, new DataPaths(Path.GetFullPath(store.DataDirectory), worker.InstanceId), config)
        {
            Mail = mail,
            Retrain = retrain,
            Digest = digest,
        };
    }

    private static T Bind<T>(IConfiguration config, string section, List<string> problems) where T : new()
    {
        var options = new T();
        var s = config.GetSection(section);
        foreach (var property in typeof(T).GetProperties())
        {
            var value = s[property.Name];
            if (value is null) continue;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            try
            {
                var converted = System.ComponentModel.TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
                property.SetValue(options, converted);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException || e.InnerException is FormatException or OverflowException)
            {
                problems.Add($"{section}:{property.Name}: '{value}' is not a valid {Describe(type)}");
            }
        }
        problems.AddRange(UnknownKeys<T>(s));
        return options;
    }

    /// <summary>Keys of <paramref name="section"/> that <typeparamref name="T"/> has no property for (a typo is never silently ignored).</summary>
    public static IEnumerable<string> UnknownKeys<T>(IConfigurationSection section) =>
        section.GetChildren().Where(child => typeof(T).GetProperty(child.Key) is null)
            .Select(child => $"{section.Path}:{child.Key}: unknown setting (known: {string.Join(", ", typeof(T).GetProperties().Select(p => p.Name))})");

    private static string Describe(Type t) =>
        t == typeof(TimeSpan) ? "duration (hh:mm:ss)" : t == typeof(int) ? "whole number" : t.Name;
}

/// <summary>The data directory's layout.</summary>
public sealed record DataPaths(string Root, string InstanceId)
{
    public string Database => Path.Combine(Root, "dw.db");
    public string Inbox => Path.Combine(Root, "inbox");
    public string Processed => Path.Combine(Root, "processed");
    public string Failed => Path.Combine(Root, "failed");
    public string Duplicates => Path.Combine(Root, "duplicates");
    public string Outbox => Path.Combine(Root, "outbox");
    public string Models => Path.Combine(Root, "models");
    public string Labels => Path.Combine(Root, "labels");
    /// <summary>Claimed files in flight, one folder per instance.</summary>
    public string Work => Path.Combine(Root, "work");
    public string Claims => Path.Combine(Work, InstanceId);

    public DataPaths EnsureCreated()
    {
        foreach (var d in new[] { Root, Inbox, Processed, Failed, Duplicates, Outbox, Work, Claims }) Directory.CreateDirectory(d);
        return this;
    }
}
