using System.CommandLine;
using System.Globalization;
using DisclosureWatch.Core.Classification;
using DisclosureWatch.Worker.Classification;
using DisclosureWatch.Worker.Hosting;

namespace DisclosureWatch.Worker.Cli;

/// <summary>`dw model list | retrain | rollback`: the model store of the retraining loop.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "List, retrain and roll back passage models.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Retrain());
        command.Subcommands.Add(Rollback());
        return command;
    }

    private static Option<string?> ModelsDir() => new("--models-dir") { Description = "Model store (default: models/ in the data directory)." };

    private static Command List()
    {
        var dir = ModelsDir();
        var common = new StoreCliOptions();
        var command = new Command("list", "List the shipped model and the store's versions (promoted, rejected, rollbacks).") { dir };
        common.AddTo(command);
        command.SetAction(parse => common.RunWithSettings(parse, settings =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var store = new ModelStore(parse.GetValue(dir) ?? settings.Paths.Models);
            var current = store.CurrentVersion();
            var table = new TextTable("", "version", "action", "cv-macroF1", "regression", "samples", "at (UTC)", "note");
            if (ModelFiles.FindShipped() is { } shipped)
            {
                var m = ModelFiles.Load(shipped);
                table.Add(current is null ? "*" : "", m.Version, "shipped", Format(m.Training?.CrossValidation?.MacroF1), "",
                    m.Training?.Samples.ToString(CultureInfo.InvariantCulture) ?? "-", "", shipped);
            }
            foreach (var e in store.History())
            {
                var at = e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
                // A rollback trains nothing: no scores or samples of its own, only where it went back to.
                if (e.Action == "rollback") table.Add("", e.Version, e.Action, "", "", "", at, e.Note ?? "");
                else table.Add(e.Version == current && e.Action == "promoted" ? "*" : "", e.Version, e.Action, Format(e.CvMacroF1), Format(e.RegressionMacroF1),
                    e.Samples.ToString(System.Globalization.CultureInfo.InvariantCulture), at, e.Note ?? "");
            }
            table.WriteTo(stdout);
            return 0;
        }));
        return command;
    }

    private static Command Retrain()
    {
        var dir = ModelsDir();
        var data = TrainCommand.TrainingDataOption("Base training data (default: the repository's training-data/).");
        var labels = new Option<string?>("--labels-dir") { Description = "Supervisors' labels (default: labels/ in the data directory)." };
        var force = new Option<bool>("--force") { Description = "Retrain even when the labelled data did not change." };
        var labelSet = TrainCommand.LabelsOption();
        var common = new StoreCliOptions();
        var command = new Command("retrain", "Retrain from base data + supervisors' labels when they changed; promote only if neither group-CV macro-F1 nor any label's F1 on the regression set drops by more than 0.02.")
            { dir, data, labels, force, labelSet };
        common.AddTo(command);
        command.SetAction(parse => common.RunWithSettings(parse, settings =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var baseDir = parse.GetValue(data) ?? settings.Retrain.TrainingData ?? TrainingData.FindDefaultDirectory();
            if (baseDir is null) { stderr.WriteLine("dw model retrain: no --training-data given and no training-data/ folder found"); return 1; }
            try
            {
                var r = new ModelRetrainer(new RetrainOptions(baseDir, parse.GetValue(labels) ?? settings.Paths.Labels,
                    parse.GetValue(dir) ?? settings.Paths.Models)
                {
                    Labels = TrainingData.ParseLabels(parse.GetValue(labelSet)),
                    Progress = step => stdout.WriteLine("  " + step),
                }).Run(parse.GetValue(force));
                stdout.WriteLine($"{r.Outcome}: {r.Message}");
                return r.Outcome == "rejected" ? 3 : 0;
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidOperationException)
            {
                stderr.WriteLine($"dw model retrain: {e.Message}");
                return 1;
            }
        }));
        return command;
    }

    private static Command Rollback()
    {
        var dir = ModelsDir();
        var common = new StoreCliOptions();
        var command = new Command("rollback", "Make the previously promoted model current again.") { dir };
        common.AddTo(command);
        command.SetAction(parse => common.RunWithSettings(parse, settings =>
        {
            var store = new ModelStore(parse.GetValue(dir) ?? settings.Paths.Models);
            var previous = store.Rollback(DateTimeOffset.UtcNow);
            if (previous is null)
            {
                parse.InvocationConfiguration.Error.WriteLine("dw model rollback: the shipped model is already in use; there is nothing earlier to go back to");
                return 1;
            }
            parse.InvocationConfiguration.Output.WriteLine(previous == ModelStore.Shipped ? "current model is now the shipped one" : $"current model is now {previous}");
            return 0;
        }));
        return command;
    }

    private static string Format(double? v) => v is { } x ? x.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "-";
}
