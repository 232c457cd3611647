using DisclosureWatch.Core;
using DisclosureWatch.Worker.Configuration;
using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Jobs;
using DisclosureWatch.Worker.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DisclosureWatch.Worker.Classification;

/// <summary>
/// The classification feature's registration: section "Retrain", the passage model (promoted in data/models, else the
/// shipped one) and the report analyzer using it, the retrain service, the weekly retrain job (Retrain:Cron) and the
/// import of label files dropped into data/labels/incoming (on the inbox's interval).
/// </summary>
internal static class ClassificationServiceCollectionExtensions
{
    public static IServiceCollection AddClassification(this IServiceCollection services, IConfiguration configuration)
    {
        var retrain = services.AddSettings(configuration, RetrainSettings.Read);
        var inbox = services.AddSettings(configuration, InboxOptions.Read);
        // The retrain job swaps the models it promotes into the live classifier the analyzer reads.
        services.AddSingleton(sp => new LiveClassifier(ModelFiles.LoadDefault(sp.GetRequiredService<DataPaths>().Models)));
        services.AddSingleton(sp => new ReportAnalyzer(sp.GetRequiredService<LiveClassifier>()));
        services.AddSingleton<RetrainService>();
        services.AddScheduledJob<LabelsJob>(LabelsJob.Key, (q, key) => q.AddIntervalTrigger(key, "labels-interval", inbox.Interval, startNow: true));
        services.AddScheduledJob<RetrainJob>(RetrainJob.Key, (q, key) =>
            q.AddCronTrigger(key, "retrain-cron", retrain.Cron, CronTriggerMisfireInstruction.FireAndProceed));
        return services;
    }
}
