using DisclosureWatch.Worker.Classification;
using DisclosureWatch.Worker.Configuration;
using DisclosureWatch.Worker.Digests;
using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Mail;
using DisclosureWatch.Worker.Store;
using Microsoft.Extensions.Configuration;

namespace DisclosureWatch.Worker.Hosting;

/// <summary>
/// The validated settings of one `dw` command that runs no host (the CLI commands): every feature's section, read and
/// checked by the feature's own rules (the same `dw run` applies when each feature registers itself), from the sources
/// of <see cref="ConfigurationSources"/>.
/// </summary>
internal sealed record Settings(StoreOptions Store, InboxOptions Inbox, WorkerOptions Worker, DataPaths Paths, IConfiguration Configuration)
{
    /// <summary>Section "Mail" (the mail job; no accounts: no mail job).</summary>
    public MailOptions Mail { get; init; } = new();

    /// <summary>Section "Retrain" (the weekly retraining of the passage model).</summary>
    public RetrainSettings Retrain { get; init; } = new();

    /// <summary>Sections "Digest" and "Smtp" (the weekly digests; no supervisors: no digest job).</summary>
    public DigestSettings Digest { get; init; } = DigestSettings.None;

    /// <summary>--data DIR as a configuration override of Store:DataDirectory.</summary>
    public static Dictionary<string, string?> Overrides(string? dataDirectory)
    {
        var o = new Dictionary<string, string?>();
        if (dataDirectory is not null) o[$"{StoreOptions.Section}:DataDirectory"] = dataDirectory;
        return o;
    }

    /// <summary>Loads and validates; throws <see cref="ConfigurationException"/> naming every bad key.</summary>
    public static Settings Load(string? configFile, string? dataDirectory) =>
        From(ConfigurationSources.Build(configFile, Overrides(dataDirectory)));

    public static Settings From(IConfiguration config)
    {
        var problems = new List<string>();
        var store = StoreOptions.Read(config, problems);
        var inbox = InboxOptions.Read(config, problems);
        var worker = WorkerOptions.Read(config, problems);
        var mail = MailOptions.Bind(config, problems);
        var retrain = RetrainSettings.Read(config, problems);
        var digest = DigestSettings.Read(config, problems);
        if (problems.Count > 0) throw new ConfigurationException(problems);
        return new Settings(store, inbox, worker, DataPaths.For(store, worker), config) { Mail = mail, Retrain = retrain, Digest = digest };
    }
}
