using DisclosureWatch.Core.Classification;

namespace DisclosureWatch.Worker.Classification;

/// <summary>Where the retrainer reads and writes.</summary>
/// <param name="TrainingData">The curated base data (training-data/).</param>
/// <param name="LabelsDirectory">Supervisors' imports (data/labels).</param>
/// <param name="ModelsDirectory">The model store (data/models).</param>
/// <param name="Tolerance">How far held-out macro-F1 may move down before a candidate is refused: one held-out
/// passage is worth about 0.005 of macro-F1, so a strict 0 would refuse good labels on noise; corrupted labels cost far more.</param>
public sealed record RetrainOptions(string TrainingData, string LabelsDirectory, string ModelsDirectory, double Tolerance = 0.02)
{
    public TrainerOptions Trainer { get; init; } = new();
}

/// <summary>The outcome of a retraining run.</summary>
/// <param name="Outcome">unchanged (labels did not change), promoted, or rejected.</param>
public sealed record RetrainResult(string Outcome, string? Version, double? CandidateHoldout, double? ReferenceHoldout, string Message);

/// <summary>
/// Retrains the passage model from the base data plus supervisors' labels when their fingerprint changed, and
/// promotes the candidate only if its macro-F1 on the held-out groups of the base data does not drop below the
/// current model's. An ordinary class: `dw model retrain` calls it, and the lead's weekly Quartz job will.
/// </summary>
public sealed class ModelRetrainer(RetrainOptions options, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public RetrainResult Run(bool force = false)
    {
        var baseSamples = TrainingData.Load(options.TrainingData);
        var labels = new LabelStore(options.LabelsDirectory).LoadAll();
        var merged = ModelTrainer.Merge(baseSamples, labels);
        var fingerprint = SampleJson.Fingerprint(merged);
        var store = new ModelStore(options.ModelsDirectory);
        var current = CurrentModel(store);
        if (!force && current?.Training?.Fingerprint == fingerprint)
            return new RetrainResult("unchanged", current.Version, null, current.Training.HoldoutMacroF1,
                $"training data unchanged (fingerprint {fingerprint[..12]}); model {current.Version} stays");

        // A supervisor rolled back the model of exactly this data: do not promote it again behind their back.
        var history = store.History();
        var rolledBack = history.Where(e => e.Action == "rollback").Select(e => e.Version).ToHashSet(StringComparer.Ordinal);
        if (!force && history.Any(e => e.Action == "promoted" && e.Fingerprint == fingerprint && rolledBack.Contains(e.Version)))
            return new RetrainResult("unchanged", current?.Version, null, null,
                $"a model of this training data (fingerprint {fingerprint[..12]}) was rolled back; import new labels or retrain with --force");

        var opts = options.Trainer;
        // The reference is the promoted model's own held-out score; with none promoted yet (the shipped model may
        // come from other base data), the model of the curated base alone on the same split.
        var promoted = store.CurrentVersion() is not null ? current : null;
        var reference = promoted?.Training?.HoldoutMacroF1 ?? ModelTrainer.Holdout(baseSamples, [], opts);
        var candidate = ModelTrainer.Holdout(baseSamples, labels, opts);
        if (candidate < reference - options.Tolerance)
        {
            var rejected = ModelTrainer.Fit(merged, opts);
            var note = $"held-out macro-F1 {candidate:0.0000} < current {reference:0.0000} - {options.Tolerance}";
            store.Reject(rejected, _clock.GetUtcNow(), note);
            return new RetrainResult("rejected", null, candidate, reference, $"candidate refused: {note}");
        }
        var trained = ModelTrainer.TrainAndEvaluate(merged, opts, baseSamples, labels);
        store.Promote(trained.Model, _clock.GetUtcNow(), $"{labels.Count} supervisor labels");
        return new RetrainResult("promoted", trained.Model.Version, candidate, reference,
            $"promoted {trained.Model.Version}: held-out macro-F1 {candidate:0.0000} (was {reference:0.0000}), cross-validated {trained.CrossValidation.MacroF1:0.0000}");
    }

    private static LinearPassageModel? CurrentModel(ModelStore store)
    {
        var path = store.CurrentPath() ?? ModelFiles.FindShipped();
        return path is null ? null : ModelFiles.Load(path);
    }
}
