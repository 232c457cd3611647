using System.Globalization;
using DisclosureWatch.Core.Classification;

namespace DisclosureWatch.Worker.Classification;

/// <summary>Where the retrainer reads and writes.</summary>
/// <param name="TrainingData">The curated base data (training-data/).</param>
/// <param name="LabelsDirectory">Supervisors' imports (data/labels).</param>
/// <param name="ModelsDirectory">The model store (data/models).</param>
/// <param name="Tolerance">How far the candidate's group-CV macro-F1 and each label's F1 on the regression set may fall
/// below the current model's: one regression passage is worth about 0.005–0.01 of a label's F1, so a strict 0 would
/// refuse good labels on noise; corrupted labels cost far more.</param>
internal sealed record RetrainOptions(string TrainingData, string LabelsDirectory, string ModelsDirectory, double Tolerance = 0.02)
{
    public TrainerOptions Trainer { get; init; } = new();
    /// <summary>The configured label set: base data or imported labels outside it are refused.</summary>
    public IReadOnlyList<string> Labels { get; init; } = ModelTrainer.DefaultLabels;
    /// <summary>The fixed regression set (default the folder &lt;TrainingData&gt;/test/regression); never trained on.</summary>
    public string? RegressionSet { get; init; }
    /// <summary>How far group-CV macro-F1 may fall (default: <see cref="Tolerance"/>).</summary>
    public double? CvTolerance { get; init; }
    /// <summary>Hears of each step of a run (`dw model retrain` prints them).</summary>
    public Action<string>? Progress { get; init; }

    public string RegressionPath => RegressionSet ?? Path.Combine(TrainingData, "test", "regression");
}

/// <summary>The outcome of a retraining run.</summary>
/// <param name="Outcome">unchanged (labels did not change), promoted, or rejected.</param>
/// <param name="CandidateCv">The candidate's macro-F1 cross-validated by source group.</param>
/// <param name="ReferenceCv">The current model's.</param>
/// <param name="Drops">What refused the candidate: "cv" and/or the labels whose regression-set F1 fell too far.</param>
internal sealed record RetrainResult(string Outcome, string? Version, double? CandidateCv, double? ReferenceCv, string Message)
{
    public IReadOnlyList<string> Drops { get; init; } = [];
    /// <summary>The candidate's macro-F1 on the regression set.</summary>
    public double? CandidateRegression { get; init; }
}

/// <summary>
/// Retrains the passage model from the base data plus supervisors' labels when their fingerprint changed, and promotes
/// the candidate only if neither its group-cross-validated macro-F1 nor any label's F1 on the fixed regression set falls
/// more than <see cref="RetrainOptions.Tolerance"/> below the current model's. `dw model retrain` and the weekly job call it.
/// </summary>
internal sealed class ModelRetrainer(RetrainOptions options, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public RetrainResult Run(bool force = false)
    {
        var say = options.Progress ?? (_ => { });
        var baseSamples = TrainingData.Load(options.TrainingData, allowedLabels: options.Labels);
        var labels = new LabelStore(options.LabelsDirectory).LoadAll(options.Labels);
        var merged = ModelTrainer.Merge(baseSamples, labels);
        var fingerprint = SampleJson.Fingerprint(merged);
        var store = new ModelStore(options.ModelsDirectory);
        var current = CurrentModel(store);
        if (!force && current?.Training?.Fingerprint == fingerprint)
            return new RetrainResult("unchanged", current.Version, null, current.Training.CrossValidation?.MacroF1,
                $"training data unchanged (fingerprint {fingerprint[..12]}); model {current.Version} stays");

        // A supervisor rolled back the model of exactly this data: do not promote it again behind their back.
        var history = store.History();
        var rolledBack = history.Where(e => e.Action == "rollback").Select(e => e.Version).ToHashSet(StringComparer.Ordinal);
        if (!force && history.Any(e => e.Action == "promoted" && e.Fingerprint == fingerprint && rolledBack.Contains(e.Version)))
            return new RetrainResult("unchanged", current?.Version, null, null,
                $"a model of this training data (fingerprint {fingerprint[..12]}) was rolled back; import new labels or retrain with --force");

        if (!File.Exists(options.RegressionPath) && !Directory.Exists(options.RegressionPath))
            throw new FileNotFoundException($"{options.RegressionPath}: the regression set the promotion gate needs is missing");
        var regression = TrainingData.Load(options.RegressionPath, allowedLabels: options.Labels);
        say($"{baseSamples.Count} base passages + {labels.Count} supervisor labels = {merged.Count}; training the candidate");

        var opts = options.Trainer;
        var candidate = ModelTrainer.TrainAndEvaluate(merged, opts, say);
        // The reference is the promoted model; before the first promotion, the model of the base data alone (the shipped
        // file may come from other data), so the gate asks whether the supervisors' labels make the model worse.
        var promoted = store.CurrentVersion() is not null ? current : null;
        LinearPassageModel reference;
        if (promoted?.Training?.CrossValidation is not null) reference = promoted;
        else if (labels.Count == 0) reference = candidate.Model;
        else
        {
            say("no promoted model yet: training the base data alone as the reference");
            reference = ModelTrainer.TrainAndEvaluate(baseSamples, opts, say).Model;
        }
        var referenceCv = reference.Training!.CrossValidation!.MacroF1;
        var candidateRegression = ModelTrainer.Evaluate(candidate.Model, regression);
        var drops = new List<string>();
        var notes = new List<string>();
        var ci = CultureInfo.InvariantCulture;
        var cvTolerance = options.CvTolerance ?? options.Tolerance;
        if (candidate.CrossValidation.MacroF1 < referenceCv - cvTolerance)
        {
            drops.Add("cv");
            notes.Add(string.Format(ci, "group-CV macro-F1 {0:0.0000} < current {1:0.0000} - {2}", candidate.CrossValidation.MacroF1, referenceCv, cvTolerance));
        }
        {
            var before = ModelTrainer.Evaluate(reference, regression);
            foreach (var old in before.PerLabel.Where(s => s.Support > 0))
            {
                var now = candidateRegression.PerLabel.FirstOrDefault(s => s.Label == old.Label)?.F1 ?? 0;
                if (now < old.F1 - options.Tolerance)
                {
                    drops.Add(old.Label);
                    notes.Add(string.Format(ci, "regression-set F1 of {0} {1:0.000} < current {2:0.000} - {3}", old.Label, now, old.F1, options.Tolerance));
                }
            }
        }
        say(string.Format(ci, "candidate: group-CV macro-F1 {0:0.0000} (current {1:0.0000}), regression-set macro-F1 {2:0.0000}",
            candidate.CrossValidation.MacroF1, referenceCv, candidateRegression.MacroF1));
        if (drops.Count > 0)
        {
            var note = string.Join("; ", notes);
            store.Reject(candidate.Model, _clock.GetUtcNow(), note, candidateRegression.MacroF1);
            return new RetrainResult("rejected", null, candidate.CrossValidation.MacroF1, referenceCv, $"candidate refused: {note}")
                { Drops = drops, CandidateRegression = candidateRegression.MacroF1 };
        }
        store.Promote(candidate.Model, _clock.GetUtcNow(), $"{labels.Count} supervisor labels", candidateRegression.MacroF1);
        return new RetrainResult("promoted", candidate.Model.Version, candidate.CrossValidation.MacroF1, referenceCv,
            string.Format(ci, "promoted {0}: group-CV macro-F1 {1:0.0000} (was {2:0.0000}), regression-set macro-F1 {3:0.0000}",
                candidate.Model.Version, candidate.CrossValidation.MacroF1, referenceCv, candidateRegression.MacroF1))
            { CandidateRegression = candidateRegression.MacroF1 };
    }

    private static LinearPassageModel? CurrentModel(ModelStore store)
    {
        var path = store.CurrentPath() ?? ModelFiles.FindShipped();
        return path is null ? null : ModelFiles.Load(path);
    }
}
