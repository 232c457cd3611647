using System.CommandLine;
using System.Diagnostics;
using DisclosureWatch.Core.Classification;
using DisclosureWatch.Worker.Classification;

namespace DisclosureWatch.Worker.Cli;

/// <summary>`dw train [--training-data DIR] [--out FILE] [--seed N]`: train the passage model, print cross-validated scores.</summary>
public static class TrainCommand
{
    /// <summary>--training-data, the labelled passages, in every command that reads them (--data is the data directory everywhere).</summary>
    public static Option<string?> TrainingDataOption(string description) => new("--training-data") { Description = description };

    public static Command Create()
    {
        var data = TrainingDataOption("Folder of labelled *.jsonl (default: the repository's training-data/).");
        var output = new Option<string?>("--out") { Description = "Model file to write (default: models/passage-classifier.json of the repository)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the training order.", DefaultValueFactory = _ => new TrainerOptions().Seed };
        var command = new Command("train", "Train the passage classifier; prints per-label precision/recall/F1, macro-F1 (cross-validated by source group) and the confusion matrix.")
            { data, output, seed };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var dir = parse.GetValue(data) ?? TrainingData.FindDefaultDirectory();
            if (dir is null) { stderr.WriteLine("dw train: no --training-data given and no training-data/ folder found"); return 1; }
            List<LabeledSample> samples;
            try { samples = TrainingData.Load(dir); }
            catch (Exception e) when (e is IOException or FormatException) { stderr.WriteLine($"dw train: {e.Message}"); return 1; }
            var outPath = parse.GetValue(output)
                ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dir))!, "models", ModelFiles.ShippedName);
            var options = new TrainerOptions { Seed = parse.GetValue(seed) };
            var clock = Stopwatch.StartNew();
            var result = ModelTrainer.TrainAndEvaluate(samples, options, samples);
            ModelFiles.Save(result.Model, outPath);
            stdout.WriteLine($"trained on {samples.Count} passages from {dir} ({result.Model.Labels.Count} labels, {samples.Select(s => s.Group).Distinct().Count()} source groups) in {clock.Elapsed.TotalSeconds:0.0} s");
            stdout.WriteLine($"cross-validation ({options.Folds} folds, whole source groups held out):");
            stdout.WriteLine(result.CrossValidation.ToText());
            stdout.WriteLine($"held-out groups macro-F1 {result.HoldoutMacroF1:0.000}   temperature {result.Model.Temperature:0.00}");
            stdout.WriteLine($"model {result.Model.Version} → {outPath} ({new FileInfo(outPath).Length / 1024.0:0} KiB, {result.Model.NonZeroRows} feature rows)");
            return 0;
        });
        return command;
    }
}
