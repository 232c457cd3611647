using System.CommandLine;
using System.Diagnostics;
using DisclosureWatch.Core;
using DisclosureWatch.Core.Documents;
using DisclosureWatch.Core.Parsing;
using DisclosureWatch.Extraction;

namespace DisclosureWatch.Worker.Cli;

/// <summary>`dw bench …`: throughput figures printed, never asserted in tests.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure throughput and print the figures.");
        bench.Subcommands.Add(Parse());
        bench.Subcommands.Add(Corpus());
        bench.Subcommands.Add(BenchClassifyCommand.CreateClassify());
        bench.Subcommands.Add(BenchIngestCommand.CreateIngest());
        bench.Subcommands.Add(BenchStoreCommand.Create());
        return bench;
    }

    /// <summary>`dw bench parse [FILE...]`: reports/s on one core for the text path (decode + parse + review) and the PDF path.</summary>
    private static Command Parse()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "Reports to parse (default: the seeds and the real PDF in ../shared).", Arity = ArgumentArity.ZeroOrMore };
        var seconds = new Option<double>("--seconds") { Description = "How long to run each path.", DefaultValueFactory = _ => 3 };
        var command = new Command("parse", "Parse throughput (reports/s per core) for text reports and for the PDF path.") { files, seconds };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var given = parse.GetValue(files) ?? [];
            var paths = given.Length > 0 ? given.Select(f => f.FullName).ToArray() : DefaultCorpus();
            var duration = TimeSpan.FromSeconds(parse.GetValue(seconds));
            var analyzer = new ReportAnalyzer(Classification.ModelFiles.LoadDefault());

            var texts = paths.Where(p => !p.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)).Select(File.ReadAllBytes).ToArray();
            if (texts.Length > 0)
            {
                var p = Run(duration, i => ReportParser.Parse(DocumentReader.Read(new MemoryStream(texts[i % texts.Length], writable: false), "bench.txt")));
                output.WriteLine($"text, read + parse:   {p.Count / p.Cpu.TotalSeconds,8:N0} reports per CPU-second  ({p.Count / p.Elapsed.TotalSeconds:N0}/s wall, one thread; {p.Allocated / p.Count / 1024.0:N1} KiB allocated per report; load {BenchIngestCommand.LoadAverage()})");
                var r = Run(duration, i =>
                {
                    var bytes = texts[i % texts.Length];
                    analyzer.Analyze(DocumentReader.Read(new MemoryStream(bytes, writable: false), "bench.txt"));
                });
                output.WriteLine($"text, full analysis: {r.Count / r.Cpu.TotalSeconds,8:N0} reports per CPU-second  ({r.Count / r.Elapsed.TotalSeconds:N0}/s wall, one thread; {r.Count} reports of {texts.Length} distinct, {r.Allocated / r.Count / 1024.0:N1} KiB allocated per report)");
            }
            var pdfs = paths.Where(p => p.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)).ToArray();
            if (pdfs.Length > 0)
            {
                var r = Run(duration, i => analyzer.Analyze(DocumentReader.Read(pdfs[i % pdfs.Length])));
                output.WriteLine($"pdf, full analysis:  {r.Count / r.Elapsed.TotalSeconds,10:N1} reports/s wall, one at a time  ({r.Count} reports; the pdftotext subprocess is most of it)");
            }
            return 0;
        });
        return command;
    }

    /// <summary>
    /// `dw bench corpus [--count N] [--pdf N] [--seed S]`: generated reports in every layout × noise, read back and
    /// compared cell by cell; prints the read share and the wrong cells per layout and per noise.
    /// </summary>
    private static Command Corpus()
    {
        var count = new Option<int>("--count") { Description = "Reports in the text layouts (spread evenly over layout × noise).", DefaultValueFactory = _ => 10_000 };
        var pdf = new Option<int>("--pdf") { Description = "Reports in the PDF layout (docx → LibreOffice → pdftotext; 0: none).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Generator seed.", DefaultValueFactory = _ => 19 };
        var command = new Command("corpus", "Exact-cell and read rates of generated reports per layout and per noise.") { count, pdf, seed };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var noises = Enum.GetValues<Synthetic.Noise>().Length;
            var textLayouts = Enum.GetValues<Synthetic.Layout>().Where(l => l != Synthetic.Layout.Pdf).ToArray();
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var perCombination = Math.Max(1, parse.GetValue(count) / (textLayouts.Length * noises));
            var scores = Synthetic.CorpusRun.Run(parse.GetValue(seed), perCombination, textLayouts);
            var textSeconds = clock.Elapsed.TotalSeconds;
            var textCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            if (parse.GetValue(pdf) is > 0 and var pdfCount)
                foreach (var (key, score) in Synthetic.CorpusRun.Run(parse.GetValue(seed) + 1, Math.Max(1, pdfCount / noises), [Synthetic.Layout.Pdf]))
                    scores[key] = score;
            output.Write(Synthetic.CorpusRun.Table(scores));
            var textReports = scores.Where(kv => kv.Key.Layout != Synthetic.Layout.Pdf).Sum(kv => kv.Value.Reports);
            output.WriteLine($"text layouts: {textReports} reports generated, rendered, read and compared in {textSeconds:N1} s ({textCpu:N1} CPU-s; load {BenchIngestCommand.LoadAverage()}); total {clock.Elapsed.TotalSeconds:N1} s");
            return scores.Values.Any(s => s.Wrong > 0) ? 1 : 0;
        });
        return command;
    }

    private sealed record Result(int Count, TimeSpan Elapsed, TimeSpan Cpu, long Allocated);

    /// <summary>Runs the work on this thread; CPU time (this process's) keeps the figure honest on a busy machine.</summary>
    private static Result Run(TimeSpan duration, Action<int> work)
    {
        for (var i = 0; i < 300; i++) work(i); // warm up the JIT and the regex caches
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var count = 0;
        while (clock.Elapsed < duration)
            for (var i = 0; i < 10; i++) work(count++);
        process.Refresh();
        return new(count, clock.Elapsed, process.TotalProcessorTime - cpu, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }

    private static string[] DefaultCorpus()
    {
        var seeds = Inbox.SyntheticReports.FindSeeds(AppContext.BaseDirectory) ?? Inbox.SyntheticReports.FindSeeds(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException("No files given and shared/seeds not found above dw or the working directory.");
        var realReports = Path.Combine(Path.GetDirectoryName(seeds)!, "real-reports");
        return Directory.GetFiles(seeds, "*.txt")
            .Concat(Directory.Exists(realReports) ? Directory.GetFiles(realReports, "*.pdf") : []).ToArray();
    }
}
