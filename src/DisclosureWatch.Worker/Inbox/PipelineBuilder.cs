using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Core;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DisclosureWatch.Worker.Inbox;

/// <summary>
/// The one place the report pipeline is put together, for `dw run` (its services), `dw ingest` and
/// `dw bench ingest`: the analyzer, the store behind its retries (Inbox:MaxAttempts, Inbox:RetryDelay), the clock,
/// one analysis worker per core.
/// </summary>
internal static class PipelineBuilder
{
    public static ReportPipeline Build(ReportRepository reports, RunStore runs, ReportAnalyzer analyzer, InboxOptions options, TimeProvider clock,
        ILoggerFactory? loggers = null, int workers = 0) =>
        new(analyzer, reports, runs, new Retry(options.MaxAttempts, options.RetryDelay), clock,
            (loggers ?? NullLoggerFactory.Instance).CreateLogger<ReportPipeline>(), workers: workers);

    /// <summary>The pipeline over a database opened by a command.</summary>
    public static ReportPipeline Build(Database database, ReportAnalyzer analyzer, InboxOptions options, TimeProvider clock,
        ILoggerFactory? loggers = null, int workers = 0) =>
        Build(new ReportRepository(database), new RunStore(database), analyzer, options, clock, loggers, workers);

    /// <summary>The pipeline from the services of `dw run`.</summary>
    public static ReportPipeline Build(IServiceProvider services) =>
        Build(services.GetRequiredService<ReportRepository>(), services.GetRequiredService<RunStore>(), services.GetRequiredService<ReportAnalyzer>(),
            services.GetRequiredService<InboxOptions>(), services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILoggerFactory>());
}
