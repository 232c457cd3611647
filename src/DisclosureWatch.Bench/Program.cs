using System.Diagnostics;
using System.Globalization;
using DisclosureWatch.Core.Classification;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

// `bench classify`: our passage model and ML.NET trained on the same data, scored on the same held-out style set.
//   dotnet run -c Release --project src/DisclosureWatch.Bench -- [--data DIR|FILE]... [--test FILE] [--skip-mlnet]
// Figures are printed, never asserted. ML.NET lives only in this project, never in the worker.
namespace DisclosureWatch.Bench;

public static class Program
{
    public static int Main(string[] args)
    {
        var data = new List<string>();
        string? test = null;
        var skipMl = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "classify": break;
                case "--data" when i + 1 < args.Length: data.Add(args[++i]); break;
                case "--test" when i + 1 < args.Length: test = args[++i]; break;
                case "--skip-mlnet": skipMl = true; break;
                default:
                    Console.Error.WriteLine($"bench: unknown argument '{args[i]}'\nusage: bench [classify] [--data DIR|FILE]... [--test FILE] [--skip-mlnet]");
                    return 2;
            }
        }
        var root = FindUp("training-data");
        if (data.Count == 0)
        {
            if (root is null) { Console.Error.WriteLine("bench: no --data and no training-data/ above the working directory"); return 1; }
            data.Add(root);
        }
        test ??= root is null ? null : Path.Combine(root, "test", "heldout.jsonl");
        if (test is null || !File.Exists(test)) { Console.Error.WriteLine($"bench: held-out set not found ({test ?? "give --test"})"); return 1; }

        var train = data.SelectMany(Load).ToList();
        var heldout = Load(test);
        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()} ({Environment.ProcessorCount} cores)");
        Console.WriteLine($"training: {train.Count} passages ({string.Join(", ", data)}); held-out style set: {heldout.Count} passages ({test})");
        Console.WriteLine();

        var rows = new List<string[]>();
        rows.Add(Ours(train, heldout));
        if (!skipMl)
        {
            rows.Add(MlNet(train, heldout, "ML.NET LBFGS maximum entropy", ml => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy()));
            rows.Add(MlNet(train, heldout, "ML.NET SDCA maximum entropy", ml => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()));
        }
        string[] header = ["engine", "held-out macro-F1", "per label F1 (b/i/m/p)", "fit CPU-s", "passages/s (1 thread)", "per CPU-s"];
        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Max(r => r[c].Length))).ToArray();
        Console.WriteLine(string.Join("  ", header.Select((h, c) => h.PadRight(widths[c]))));
        foreach (var r in rows) Console.WriteLine(string.Join("  ", r.Select((v, c) => v.PadRight(widths[c]))));
        Console.WriteLine();
        TenThousand(train);
        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    private static List<LabeledSample> Load(string path)
    {
        var files = Directory.Exists(path) ? Directory.GetFiles(path, "*.jsonl").Order(StringComparer.Ordinal).ToArray() : [path];
        return files.SelectMany(f =>
        {
            using var r = new StreamReader(f);
            return SampleJson.Read(r, f, defaultGroup: Path.GetFileNameWithoutExtension(f), allowedLabels: ModelTrainer.DefaultLabels);
        }).ToList();
    }

    private static string? FindUp(string name)
    {
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, name))) return Path.Combine(d.FullName, name);
        return null;
    }

    private static TimeSpan Cpu() { using var p = Process.GetCurrentProcess(); return p.TotalProcessorTime; }

    private static string PerLabel(EvaluationReport r) =>
        string.Join("/", ModelTrainer.DefaultLabels.Select(l => r.PerLabel.FirstOrDefault(s => s.Label == l)?.F1.ToString("0.000", Ci) ?? "-"));

    private static string[] Ours(List<LabeledSample> train, List<LabeledSample> heldout)
    {
        var options = new TrainerOptions();
        ModelTrainer.Fit(train.Take(300).ToList(), options); // JIT warm-up
        var cpu = Cpu();
        var model = ModelTrainer.Fit(train, options);
        var fit = (Cpu() - cpu).TotalSeconds;
        var clock = Stopwatch.StartNew();
        var calibrated = ModelTrainer.TrainAndEvaluate(train, options).Model;
        Console.WriteLine($"ours: 5-fold group CV + temperature + final fit {clock.Elapsed.TotalSeconds:0.0} s wall on {options.Parallelism} threads; " +
            $"temperature {calibrated.Temperature:0.00}; held-out ECE {ModelTrainer.ExpectedCalibrationError(calibrated, heldout):0.000} " +
            $"(uncalibrated {ModelTrainer.ExpectedCalibrationError(model, heldout):0.000})");
        var report = ModelTrainer.Evaluate(calibrated, heldout);
        var probs = new double[model.Labels.Count];
        var n = 0;
        clock.Restart();
        cpu = Cpu();
        while (clock.Elapsed.TotalSeconds < 2)
            foreach (var s in train) { model.Predict(s.Text, s.Section, s.Context, s.Position, probs); n++; }
        var wall = clock.Elapsed.TotalSeconds;
        var used = (Cpu() - cpu).TotalSeconds;
        return ["ours (linear, hashed n-grams)", report.MacroF1.ToString("0.000", Ci), PerLabel(report), fit.ToString("0.00", Ci),
            (n / wall).ToString("N0", Ci), (n / used).ToString("N0", Ci)];
    }

    private sealed class Row
    {
        public string Text { get; set; } = "";
        public string Section { get; set; } = "";
        public string Label { get; set; } = "";
    }

    private sealed class Out
    {
        public string PredictedLabel { get; set; } = "";
    }

    private static Row ToRow(LabeledSample s) => new() { Text = s.Text, Section = s.Section.ToString(Ci), Label = s.Label };

    /// <summary>Character 1–3-grams of the text plus the section (one-hot) and the section-prefixed text's character
    /// 1–2-grams (ML.NET's nearest to our section × n-gram features), then the given trainer.</summary>
    private static string[] MlNet(List<LabeledSample> train, List<LabeledSample> heldout, string name,
        Func<MLContext, IEstimator<ITransformer>> trainer)
    {
        var ml = new MLContext(seed: 1);
        var trainView = ml.Data.LoadFromEnumerable(train.Select(ToRow));
        var chars = new TextFeaturizingEstimator.Options
        {
            WordFeatureExtractor = null,
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = true },
            CaseMode = TextNormalizingEstimator.CaseMode.None,
            KeepPunctuations = true,
            KeepNumbers = true,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.FeaturizeText("TextFeatures", chars, "Text"))
            .Append(ml.Transforms.Categorical.OneHotEncoding("SectionFeatures", "Section"))
            .Append(ml.Transforms.Concatenate("Features", "TextFeatures", "SectionFeatures"))
            .Append(trainer(ml))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var cpu = Cpu();
        var model = pipeline.Fit(trainView);
        var fit = (Cpu() - cpu).TotalSeconds;
        var engine = ml.Model.CreatePredictionEngine<Row, Out>(model);
        var predicted = heldout.Select(s => engine.Predict(ToRow(s)).PredictedLabel).ToList();
        var report = EvaluationReport.Score(ModelTrainer.DefaultLabels, heldout.Select(s => s.Label).ToList(), predicted);
        var rows = train.Select(ToRow).ToList();
        var n = 0;
        var clock = Stopwatch.StartNew();
        cpu = Cpu();
        while (clock.Elapsed.TotalSeconds < 2)
            foreach (var r in rows) { engine.Predict(r); n++; if (n % 1000 == 0 && clock.Elapsed.TotalSeconds >= 2) break; }
        var wall = clock.Elapsed.TotalSeconds;
        var used = (Cpu() - cpu).TotalSeconds;
        return [name, report.MacroF1.ToString("0.000", Ci), PerLabel(report), fit.ToString("0.00", Ci), (n / wall).ToString("N0", Ci), (n / used).ToString("N0", Ci)];
    }

    /// <summary>One fit of ours on 10,000 passages (the training data cycled, each repeat varied so none is an exact copy).</summary>
    private static void TenThousand(List<LabeledSample> train)
    {
        var samples = Enumerable.Range(0, 10_000).Select(i =>
        {
            var s = train[i % train.Count];
            var round = i / train.Count;
            return round == 0 ? s : s with { Text = $"{s.Text.TrimEnd('。')}，涉及第{round}批{i % 97}项。", Group = $"{s.Group}-{round}" };
        }).ToList();
        var cpu = Cpu();
        var clock = Stopwatch.StartNew();
        ModelTrainer.Fit(samples, new TrainerOptions());
        Console.WriteLine($"ours, one fit on 10,000 passages: {clock.Elapsed.TotalSeconds:0.00} s wall, {(Cpu() - cpu).TotalSeconds:0.00} s CPU");
    }
}
