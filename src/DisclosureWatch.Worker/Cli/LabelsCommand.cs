using System.CommandLine;
using System.Text;
using DisclosureWatch.Core.Narrative;
using DisclosureWatch.Storage.Passages;
using DisclosureWatch.Worker.Analysis;
using DisclosureWatch.Worker.Classification;
using DisclosureWatch.Worker.Hosting;

namespace DisclosureWatch.Worker.Cli;

/// <summary>`dw labels export --uncertain N FILE...` and `dw labels import FILE`: the supervisors' side of retraining.</summary>
internal static class LabelsCommand
{
    public static Command Create()
    {
        var command = new Command("labels", "Export uncertain passages for supervisors and import their labels.");
        command.Subcommands.Add(Export());
        command.Subcommands.Add(Import());
        return command;
    }

    private static Command Export()
    {
        var uncertain = new Option<int>("--uncertain") { Description = "How many of the least certain passages to write.", DefaultValueFactory = _ => 50 };
        var output = new Option<string?>("--out") { Description = "CSV file to write (default: stdout)." };
        var model = new Option<string?>("--model") { Description = "Model file (default: the promoted or shipped model)." };
        var files = new Argument<FileInfo[]>("FILE") { Description = "Reports (txt, md, html, docx, pdf, eml) or passages as JSONL {text, section?, context?}; none: the stored reports.", Arity = ArgumentArity.ZeroOrMore };
        var store = new StoreCliOptions();
        var command = new Command("export", "Write the passages the model is least sure of as CSV (columns source, section, context, position, text, predicted, confidence, label — fill \"label\").")
            { uncertain, output, model, files };
        store.AddTo(command);
        command.SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            if (parse.GetValue(files) is not { Length: > 0 })
                return store.RunOn(parse, (settings, database) =>
                {
                    // The store's least confident passages (a generous pool), ranked again by the current model.
                    var m = parse.GetValue(model) is { } file ? ClassifyCommand.LoadModel(file) : ModelFiles.LoadDefault(settings.Paths.Models)
                        ?? throw new InvalidOperationException("no passage model found (models/ or data/models)");
                    var pool = new PassageStore(database).LeastConfidentPassages(Math.Max(parse.GetValue(uncertain) * 10, 500))
                        .Select(p => new SourcedPassage($"report {p.ReportId}", new Passage(p.Section, p.Text, p.Context, p.Position))).ToList();
                    Write(parse, UncertainPassages.Select(m, pool, parse.GetValue(uncertain)), pool.Count, output, stderr);
                    return 0;
                });
            try
            {
                var m = ClassifyCommand.LoadModel(parse.GetValue(model));
                var passages = new List<SourcedPassage>();
                var failed = 0;
                var analyzer = FileAnalyzer.CreateDefault(m);
                foreach (var file in parse.GetValue(files)!)
                {
                    if (file.Extension.Equals(".jsonl", StringComparison.OrdinalIgnoreCase))
                    {
                        foreach (var s in TrainingData.LoadFile(file.FullName, requireLabel: false))
                            passages.Add(new SourcedPassage(file.Name, new Passage(s.Section, s.Text, s.Context, s.Position)));
                        continue;
                    }
                    foreach (var result in analyzer.TryAnalyzeAll(file.FullName, null))
                    {
                        if (result.Error is not null) { failed++; stderr.WriteLine($"dw labels export: {result.Error}"); continue; }
                        passages.AddRange(result.Analysis!.Passages.Select(p => new SourcedPassage(Path.GetFileName(result.File), p)));
                    }
                }
                Write(parse, UncertainPassages.Select(m, passages, parse.GetValue(uncertain)), passages.Count, output, stderr);
                return failed == 0 ? 0 : 1;
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"dw labels export: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static void Write(ParseResult parse, List<(SourcedPassage Item, Core.Classification.Prediction Prediction, double Margin)> rows,
        int of, Option<string?> output, TextWriter stderr)
    {
        var path = parse.GetValue(output);
        if (path is null) { UncertainPassages.WriteCsv(parse.InvocationConfiguration.Output, rows); return; }
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        UncertainPassages.WriteCsv(w, rows);
        stderr.WriteLine($"dw labels export: {rows.Count} of {of} passages → {path}");
    }

    private static Command Import()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "CSV (from export, with \"label\" filled) or JSONL {text, label, section?, context?}." };
        var labelsDir = new Option<string?>("--labels-dir") { Description = "Where labels are stored (default: labels/ in the data directory)." };
        var labelSet = TrainCommand.LabelsOption();
        var common = new StoreCliOptions();
        var command = new Command("import", "Store supervisors' labelled passages for the next retraining (rows without a label are skipped; a label outside the configured set refuses the file).")
            { file, labelsDir, labelSet };
        common.AddTo(command);
        command.SetAction(parse => common.RunWithSettings(parse, settings =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                var store = new LabelStore(parse.GetValue(labelsDir) ?? settings.Paths.Labels);
                var r = store.Import(parse.GetValue(file)!.FullName, TrainingData.ParseLabels(parse.GetValue(labelSet)));
                stdout.WriteLine($"imported {r.Imported} labelled passages ({r.Unlabelled} without a label skipped){(r.StoredAs.Length > 0 ? " → " + r.StoredAs : "")}");
                return 0;
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"dw labels import: {e.Message}");
                return 1;
            }
        }));
        return command;
    }
}
