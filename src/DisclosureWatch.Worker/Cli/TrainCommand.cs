using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DisclosureWatch.Core.Classification;
using DisclosureWatch.Worker.Classification;

namespace DisclosureWatch.Worker.Cli;

/// <summary>`dw train [--training-data DIR] [--out FILE] [--seed N] [--labels a,b,…]`: train the passage model, print
/// progress, cross-validated scores and the scores on the held-out style set.</summary>
internal static class TrainCommand
{
    /// <summary>--training-data, the labelled passages, in every command that reads them (--data is the data directory everywhere).</summary>
    public static Option<string?> TrainingDataOption(string description) => new("--training-data") { Description = description };

    public static Option<string?> LabelsOption() => new("--labels")
    {
        Description = "The configured label set, comma-separated (default boilerplate,improvement,measure,problem); a label outside it is refused with its row.",
    };

    public static Command Create()
    {
        var data = TrainingDataOption("Folder of labelled *.jsonl (default: the repository's training-data/).");
        var output = new Option<string?>("--out") { Description = "Model file to write (default: models/passage-classifier.json beside the training-data folder)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the training order.", DefaultValueFactory = _ => new TrainerOptions().Seed };
        var labels = LabelsOption();
        var command = new Command("train", "Train the passage classifier; prints progress, per-label precision/recall/F1, macro-F1 (cross-validated by source group), the confusion matrix, and the scores on training-data/test/heldout.jsonl.")
            { data, output, seed, labels };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var dir = parse.GetValue(data) ?? TrainingData.FindDefaultDirectory();
            if (dir is null) { stderr.WriteLine("dw train: no --training-data given and no training-data/ folder found"); return 1; }
            var clock = Stopwatch.StartNew();
            List<LabeledSample> samples;
            IReadOnlyList<string> allowed;
            try
            {
                allowed = TrainingData.ParseLabels(parse.GetValue(labels));
                samples = TrainingData.Load(dir, allowedLabels: allowed);
            }
            catch (Exception e) when (e is IOException or FormatException) { stderr.WriteLine($"dw train: {e.Message}"); return 1; }
            var outPath = Path.GetFullPath(parse.GetValue(output)
                ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dir))!, "models", ModelFiles.ShippedName));
            var options = new TrainerOptions { Seed = parse.GetValue(seed) };
            stdout.WriteLine($"read {samples.Count} passages ({samples.Select(s => s.Group).Distinct().Count()} source groups) from {dir}; " +
                $"{options.Folds}-fold cross-validation and the final fit, {Math.Min(options.Parallelism, options.Folds + 1)} at a time");
            var result = ModelTrainer.TrainAndEvaluate(samples, options, step => stdout.WriteLine("  " + step));
            ModelFiles.Save(result.Model, outPath);
            stdout.WriteLine($"trained in {clock.Elapsed.TotalSeconds:0.0} s ({result.Model.Labels.Count} labels: {string.Join(", ", result.Model.Labels)})");
            stdout.WriteLine($"cross-validation ({options.Folds} folds, whole source groups held out):");
            stdout.WriteLine(result.CrossValidation.ToText());
            stdout.WriteLine($"temperature {result.Model.Temperature.ToString("0.00", CultureInfo.InvariantCulture)} (fitted on the held-out folds)");
            var heldout = Path.Combine(dir, "test", "heldout.jsonl");
            if (File.Exists(heldout))
            {
                var test = TrainingData.Load(heldout);
                var report = ModelTrainer.Evaluate(result.Model, test);
                stdout.WriteLine($"held-out style set ({test.Count} passages, never trained on): expected calibration error " +
                    ModelTrainer.ExpectedCalibrationError(result.Model, test).ToString("0.000", CultureInfo.InvariantCulture));
                stdout.WriteLine(report.ToText());
            }
            stdout.WriteLine($"model {result.Model.Version} → {outPath} ({new FileInfo(outPath).Length / 1024.0:0} KiB, {result.Model.NonZeroRows} feature rows)");
            // The rule of ModelFiles: say when another file will be used instead of the one just written.
            var used = ModelFiles.DefaultPath();
            if (used is not null && Path.GetFullPath(used) != outPath)
                stdout.WriteLine($"note: `dw analyze` and the worker started here use {used}, not this file " +
                    "(README: which model file wins)");
            return 0;
        });
        return command;
    }
}
