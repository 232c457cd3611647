using System.CommandLine;
using DisclosureWatch.Core.Classification;
using DisclosureWatch.Worker.Classification;

namespace DisclosureWatch.Worker.Cli;

/// <summary>`dw model list | retrain | rollback`: the model store of the retraining loop.</summary>
public static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "List, retrain and roll back passage models.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Retrain());
        command.Subcommands.Add(Rollback());
        return command;
    }

    private static Option<string?> ModelsDir() => new("--models-dir") { Description = "Model store (default: $DW_DATA_DIR/models or ./data/models)." };

    private static Command List()
    {
        var dir = ModelsDir();
        var command = new Command("list", "List the shipped model and the store's versions (promoted, rejected, rollbacks).") { dir };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var store = new ModelStore(parse.GetValue(dir) ?? ModelStore.DefaultDirectory());
            var current = store.CurrentVersion();
            if (ModelFiles.FindShipped() is { } shipped)
            {
                var m = ModelFiles.Load(shipped);
                stdout.WriteLine($"{(current is null ? "*" : " ")} {m.Version,-16} shipped   cv-macroF1 {Format(m.Training?.CrossValidation?.MacroF1)}  samples {m.Training?.Samples}  {shipped}");
            }
            foreach (var e in store.History())
                stdout.WriteLine($"{(e.Version == current && e.Action == "promoted" ? "*" : " ")} {e.Version,-16} {e.Action,-9} cv-macroF1 {Format(e.CvMacroF1)}  regression {Format(e.RegressionMacroF1)}  samples {e.Samples}  {e.At:yyyy-MM-dd HH:mm}Z  {e.Note}");
            return 0;
        });
        return command;
    }

    private static Command Retrain()
    {
        var dir = ModelsDir();
        var data = new Option<string?>("--data") { Description = "Base training data (default: the repository's training-data/)." };
        var labels = new Option<string?>("--labels-dir") { Description = "Supervisors' labels (default: $DW_DATA_DIR/labels or ./data/labels)." };
        var force = new Option<bool>("--force") { Description = "Retrain even when the labelled data did not change." };
        var labelSet = TrainCommand.LabelsOption();
        var command = new Command("retrain", "Retrain from base data + supervisors' labels when they changed; promote only if neither group-CV macro-F1 nor any label's F1 on the regression set drops by more than 0.02.")
            { dir, data, labels, force, labelSet };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var baseDir = parse.GetValue(data) ?? TrainingData.FindDefaultDirectory();
            if (baseDir is null) { stderr.WriteLine("dw model retrain: no --data given and no training-data/ folder found"); return 1; }
            try
            {
                var r = new ModelRetrainer(new RetrainOptions(baseDir, parse.GetValue(labels) ?? LabelStore.DefaultDirectory(),
                    parse.GetValue(dir) ?? ModelStore.DefaultDirectory())
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
        });
        return command;
    }

    private static Command Rollback()
    {
        var dir = ModelsDir();
        var command = new Command("rollback", "Make the previously promoted model current again.") { dir };
        command.SetAction(parse =>
        {
            var store = new ModelStore(parse.GetValue(dir) ?? ModelStore.DefaultDirectory());
            var previous = store.Rollback(DateTimeOffset.UtcNow);
            if (previous is null)
            {
                parse.InvocationConfiguration.Error.WriteLine("dw model rollback: the shipped model is already in use; there is nothing earlier to go back to");
                return 1;
            }
            parse.InvocationConfiguration.Output.WriteLine(previous == ModelStore.Shipped ? "current model is now the shipped one" : $"current model is now {previous}");
            return 0;
        });
        return command;
    }

    private static string Format(double? v) => v is { } x ? x.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "  -  ";
}
