using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using DisclosureWatch.Core.Classification;
using DisclosureWatch.Worker.Classification;

namespace DisclosureWatch.Worker.Cli;

/// <summary>`dw evaluate --training-data FILE.jsonl [--model FILE] [--json]`: score a model on labelled passages.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var data = TrainCommand.TrainingDataOption("Labelled passages (JSONL {text, label, section?, context?}) or a folder of them.");
        data.Required = true;
        var model = new Option<string?>("--model") { Description = "Model file (default: the promoted or shipped model)." };
        var json = new Option<bool>("--json") { Description = "Print the scores as JSON." };
        var command = new Command("evaluate", "Score the passage model on labelled passages: per-label precision/recall/F1, macro-F1, confusion matrix.") { data, model, json };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                var m = ClassifyCommand.LoadModel(parse.GetValue(model));
                var samples = TrainingData.Load(parse.GetValue(data)!);
                var report = ModelTrainer.Evaluate(m, samples);
                if (parse.GetValue(json))
                {
                    using var buffer = new MemoryStream();
                    using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                        report.WriteJson(w);
                    stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                }
                else
                {
                    stdout.WriteLine($"model {m.Version} on {samples.Count} passages of {parse.GetValue(data)}:");
                    stdout.WriteLine(report.ToText());
                }
                return 0;
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"dw evaluate: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
