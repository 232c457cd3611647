using DisclosureWatch.Storage.Models;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Configuration;
using DisclosureWatch.Worker.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DisclosureWatch.Worker.Classification;

/// <summary>
/// The worker's side of the retraining loop, an ordinary service the Quartz jobs call: label files that supervisors
/// drop into data/labels/incoming are imported (then moved to imported/, or to failed/ with the reason), and the
/// weekly retrain trains when the labelled data changed, promotes only a model that is not worse, records every
/// version in the store and hands a promoted model to the running analyzer.
/// </summary>
internal sealed class RetrainService(DataPaths paths, RetrainSettings settings, ModelVersionStore models, RunStore runs, LiveClassifier live,
    TimeProvider clock,
    ILogger<RetrainService> logger)
{
    public string Incoming => Path.Combine(paths.Labels, "incoming");

    /// <summary>Imports every label file waiting in data/labels/incoming; returns how many files were imported.</summary>
    public int ImportDroppedLabels()
    {
        if (!Directory.Exists(Incoming)) { Directory.CreateDirectory(Incoming); return 0; }
        var labels = new LabelStore(paths.Labels);
        var allowed = TrainingData.ParseLabels(settings.Labels);
        var imported = 0;
        foreach (var file in Directory.EnumerateFiles(Incoming).Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                     || f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList())
        {
            var name = Path.GetFileName(file);
            try
            {
                var result = labels.Import(file, allowed);
                IncomingFiles.Imported(paths.Labels, file, clock.GetUtcNow());
                imported++;
                logger.LogInformation("Labels {File}: {Imported} labelled passages imported ({Unlabelled} rows without a label skipped)",
                    name, result.Imported, result.Unlabelled);
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidDataException or UnauthorizedAccessException)
            {
                IncomingFiles.Failed(paths.Labels, file, e.Message, clock.GetUtcNow());
                logger.LogWarning("Labels {File}: not imported: {Reason}", name, e.Message);
            }
        }
        return imported;
    }

    /// <summary>
    /// The weekly run (the retrain job): <see cref="Retrain"/>, recorded in the run history. A failure keeps the current
    /// model; the run history and the log say why, and next week's run tries again.
    /// </summary>
    public void RunScheduled(string job)
    {
        var run = runs.StartRun(job, paths.InstanceId, clock.GetUtcNow().UtcDateTime);
        try
        {
            var result = Retrain();
            runs.FinishRun(run, clock.GetUtcNow().UtcDateTime, result.Outcome, 0, 0, 0, result.Message);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException or UnauthorizedAccessException)
        {
            runs.FinishRun(run, clock.GetUtcNow().UtcDateTime, "failed", 0, 0, 0, e.Message);
            logger.LogWarning("Retrain failed, the current passage model stays: {Reason}", e.Message);
        }
    }

    /// <summary>Imports dropped labels, then retrains if the labelled data changed; records the outcome in the store.</summary>
    public RetrainResult Retrain(bool force = false)
    {
        ImportDroppedLabels();
        var trainingData = settings.TrainingData ?? TrainingData.FindDefaultDirectory()
            ?? throw new InvalidOperationException("training-data/ not found beside dw or above it; set Retrain:TrainingData");
        var result = new ModelRetrainer(new RetrainOptions(trainingData, paths.Labels, paths.Models, settings.Tolerance)
        {
            Labels = TrainingData.ParseLabels(settings.Labels),
            Progress = step => logger.LogInformation("Retrain: {Step}", step),
        }, clock).Run(force);
        var now = clock.GetUtcNow().UtcDateTime;
        switch (result.Outcome)
        {
            case "promoted":
                var model = ModelFiles.LoadDefault(paths.Models)!;
                models.AddModelVersion(new ModelVersion(model.Version, now, model.Training?.Fingerprint ?? "", result.CandidateCv ?? 0, Promoted: false));
                models.PromoteModel(model.Version);
                live.Swap(model);
                logger.LogInformation("Passage model {Version} promoted: {Message}", model.Version, result.Message);
                break;
            case "rejected":
                var rejected = new ModelStore(paths.Models).History().LastOrDefault(e => e.Action == "rejected");
                models.AddModelVersion(new ModelVersion(rejected?.Version ?? $"rejected-{now:yyyyMMddHHmmss}", now, rejected?.Fingerprint ?? "",
                    result.CandidateCv ?? 0, Promoted: false));
                logger.LogWarning("Passage model not promoted: {Message}", result.Message);
                break;
            default:
                logger.LogInformation("Passage model unchanged: {Message}", result.Message);
                break;
        }
        return result;
    }
}

/// <summary>Section "Retrain": when the weekly retrain runs and what it trains on.</summary>
internal sealed class RetrainSettings
{
    public const string Section = "Retrain";
    /// <summary>Quartz cron; default Sunday 03:00.</summary>
    public string Cron { get; set; } = "0 0 3 ? * SUN";
    /// <summary>The curated base data; default training-data/ beside dw or above the working directory.</summary>
    public string? TrainingData { get; set; }
    /// <summary>How far group-CV macro-F1 and each label's regression-set F1 may fall before a candidate is refused.</summary>
    public double Tolerance { get; set; } = 0.02;
    /// <summary>The label set, comma-separated (default "boilerplate,improvement,measure,problem"). Imported labels
    /// outside it are refused; a new label (e.g. "fee") is added here, deliberately.</summary>
    public string? Labels { get; set; }

    /// <summary>Binds and checks "Retrain"; every problem is added to <paramref name="problems"/>, naming its key.</summary>
    public static RetrainSettings Read(IConfiguration config, List<string> problems)
    {
        var retrain = SectionBinder.Bind<RetrainSettings>(config, Section, problems);
        if (!CronExpression.TryParse(retrain.Cron, out _))
            problems.Add($"Retrain:Cron: '{retrain.Cron}' is not a Quartz cron expression (e.g. \"0 0 3 ? * SUN\")");
        if (retrain.Tolerance is < 0 or > 1) problems.Add($"Retrain:Tolerance: must be 0..1 (got {retrain.Tolerance})");
        if (retrain.TrainingData is { } td && !System.IO.Directory.Exists(td)) problems.Add($"Retrain:TrainingData: no such folder '{td}'");
        try { Classification.TrainingData.ParseLabels(retrain.Labels); }
        catch (FormatException e) { problems.Add($"Retrain:Labels: {e.Message}"); }
        return retrain;
    }
}
