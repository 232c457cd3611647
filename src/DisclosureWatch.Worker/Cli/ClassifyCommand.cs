using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DisclosureWatch.Core.Classification;
using DisclosureWatch.Worker.Classification;

namespace DisclosureWatch.Worker.Cli;

/// <summary>`dw classify [--json] [--model FILE]`: JSONL {text, section?, context?} on stdin → the same lines with label and confidence.</summary>
internal static class ClassifyCommand
{
    private static readonly JsonSerializerOptions Out = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Write JSONL (the default for JSON input; plain-text input lines are otherwise answered as label<TAB>confidence<TAB>text)." };
        var model = new Option<string?>("--model") { Description = "Model file (default: the promoted or shipped model)." };
        var command = new Command("classify", "Label passages read as JSONL {text, section?, context?} from stdin; writes each line back with \"label\" and \"confidence\".") { json, model };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            LinearPassageModel m;
            try { m = LoadModel(parse.GetValue(model)); }
            catch (Exception e) when (e is IOException or FormatException) { stderr.WriteLine($"dw classify: {e.Message}"); return 1; }
            return Run(m, Console.In, stdout, stderr, parse.GetValue(json));
        });
        return command;
    }

    public static LinearPassageModel LoadModel(string? path)
    {
        if (path is not null) return ModelFiles.Load(path);
        return ModelFiles.LoadDefault() ?? throw new FileNotFoundException("no model: neither a promoted model in the data folder nor the shipped models/" + ModelFiles.ShippedName);
    }

    public static int Run(LinearPassageModel model, TextReader input, TextWriter output, TextWriter error, bool json)
    {
        string? line;
        var number = 0;
        var failed = 0;
        var probs = new double[model.Labels.Count];
        while ((line = input.ReadLine()) is not null)
        {
            number++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0) continue;
            if (trimmed[0] != '{')
            {
                var best = model.Predict(trimmed, -1, null, -1, probs);
                if (json)
                    output.WriteLine(new JsonObject { ["text"] = trimmed, ["label"] = model.Labels[best], ["confidence"] = Math.Round(probs[best], 4) }.ToJsonString(Out));
                else
                    output.WriteLine($"{model.Labels[best]}\t{probs[best]:0.0000}\t{trimmed}");
                continue;
            }
            try
            {
                var node = JsonNode.Parse(trimmed)?.AsObject() ?? throw new FormatException("not a JSON object");
                var text = node["text"]?.GetValue<string>() ?? throw new FormatException("no \"text\"");
                using var doc = JsonDocument.Parse(trimmed);
                var section = SampleJson.GetSection(doc.RootElement);
                var context = node["context"] is JsonValue cv && cv.TryGetValue<string>(out var c) && c.Trim().Length > 0 ? c : null;
                var position = node["position"] is JsonValue pv && pv.TryGetValue<int>(out var p) ? p : -1;
                var best = model.Predict(text, section, context, position, probs);
                node["label"] = model.Labels[best];
                node["confidence"] = Math.Round(probs[best], 4);
                output.WriteLine(node.ToJsonString(Out));
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                failed++;
                error.WriteLine($"dw classify: stdin line {number}: {e.Message}");
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
