using System.CommandLine;
using System.Diagnostics;
using DisclosureWatch.Core.Classification;
using DisclosureWatch.Worker.Classification;

namespace DisclosureWatch.Worker.Cli;

/// <summary>`dw bench classify [--passages N]`: training time, inference passages/s on one core, model size.</summary>
internal static class BenchClassifyCommand
{
    public static Command CreateClassify()
    {
        var count = new Option<int>("--passages") { Description = "Training passages (the training data, varied to this count).", DefaultValueFactory = _ => 10_000 };
        var data = TrainCommand.TrainingDataOption("Training data (default: the repository's training-data/).");
        var command = new Command("classify", "Training time on N passages, inference passages/s per core, model size.") { count, data };
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            var dir = parse.GetValue(data) ?? TrainingData.FindDefaultDirectory();
            if (dir is null) { parse.InvocationConfiguration.Error.WriteLine("dw bench classify: no training-data/ found"); return 1; }
            var baseSamples = TrainingData.Load(dir);
            var n = parse.GetValue(count);
            // Distinct passages: cycle the data and vary figures and an organ name so nothing is an exact repeat.
            var samples = new List<LabeledSample>(n);
            for (var i = 0; i < n; i++)
            {
                var s = baseSamples[i % baseSamples.Count];
                var round = i / baseSamples.Count;
                samples.Add(round == 0 ? s : s with { Text = $"{s.Text.TrimEnd('。')}，涉及第{round}批{i % 97}项。", Group = $"{s.Group}-{round}" });
            }
            var options = new TrainerOptions();
            ModelTrainer.Fit(samples.Take(500).ToList(), options); // warm up the JIT

            var process = Process.GetCurrentProcess();
            TimeSpan Cpu() { process.Refresh(); return process.TotalProcessorTime; }
            var clock = Stopwatch.StartNew();
            var cpu = Cpu();
            var model = ModelTrainer.Fit(samples, options);
            var fit = clock.Elapsed;
            var fitCpu = Cpu() - cpu;
            clock.Restart();
            cpu = Cpu();
            var full = ModelTrainer.TrainAndEvaluate(samples, options);
            var withCv = clock.Elapsed;
            var withCvCpu = Cpu() - cpu;

            var probs = new double[model.Labels.Count];
            var classified = 0;
            var before = GC.GetAllocatedBytesForCurrentThread();
            clock.Restart();
            cpu = Cpu();
            while (clock.Elapsed.TotalSeconds < 2)
                foreach (var s in samples)
                {
                    model.Predict(s.Text, s.Section, s.Context, s.Position, probs);
                    classified++;
                }
            var seconds = clock.Elapsed.TotalSeconds;
            var inferenceCpu = (Cpu() - cpu).TotalSeconds;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            var bytes = model.ToBytes().Length;
            var avgChars = samples.Average(s => s.Text.Length);

            o.WriteLine($"passages                    {n} (mean {avgChars:0} characters, {model.Labels.Count} labels)");
            o.WriteLine($"training (one fit)          {fit.TotalSeconds:0.00} s wall, {fitCpu.TotalSeconds:0.00} s CPU");
            o.WriteLine($"training + {options.Folds}-fold CV + calibration {withCv.TotalSeconds:0.00} s wall, {withCvCpu.TotalSeconds:0.00} s CPU (cv macro-F1 {full.CrossValidation.MacroF1:0.000})");
            o.WriteLine($"inference, one thread       {classified / seconds:N0} passages/s wall, {classified / inferenceCpu:N0} per CPU-second ({1e6 * seconds / classified:0.00} µs each, {allocated / (double)classified:0} bytes allocated each)");
            o.WriteLine($"model file                  {bytes / 1024.0:0} KiB ({model.NonZeroRows} non-zero feature rows of {model.Settings.Dimension})");
            o.WriteLine($"model in memory             {model.Settings.Dimension * model.Labels.Count * 4 / 1024.0 / 1024:0.0} MiB (dense float32 weights)");
            return 0;
        });
        return command;
    }
}
