using System.CommandLine;
using System.Diagnostics;
using DisclosureWatch.Core;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Mail;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Classification;
using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Mail;
using Microsoft.Extensions.Logging.Abstractions;

namespace DisclosureWatch.Worker.Cli;

/// <summary>
/// `dw ingest PATH...`: the inbox pipeline, one shot, over files and folders given on the command line
/// (which stay where they are). A progress line on a terminal, plain lines otherwise.
/// </summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Report files, or folders of them (hidden and temporary files are skipped).", Arity = ArgumentArity.OneOrMore };
        var common = new StoreCliOptions();
        var command = new Command("ingest", "Analyze and store reports now (duplicates are recorded, never re-analyzed).") { paths };
        common.AddTo(command);
        command.SetAction(parse => common.RunOn(parse, (settings, database) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var given = parse.GetValue(paths)!;
            if (given.FirstOrDefault(p => !Directory.Exists(p) && !File.Exists(p)) is { } missing)
            {
                error.WriteLine($"dw: {missing}: no such file or folder");
                return 1;
            }
            // The files are streamed from the listing, never held as a list: one pass counts them for the progress line.
            IEnumerable<string> Files() => given.SelectMany(p => Directory.Exists(p)
                ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Where(f => !InboxService.IsIgnored(Path.GetFileName(f)))
                : [p]);
            var count = Files().Count();
            var analyzer = new ReportAnalyzer(ModelFiles.LoadDefault(settings.Paths.Models));
            var pipeline = PipelineBuilder.Build(database, analyzer, settings.Inbox, TimeProvider.System);
            var progress = new Progress(count, output, Console.IsOutputRedirected || output != Console.Out);
            int stored = 0, duplicates = 0, failed = 0;
            var now = DateTime.UtcNow;
            // .eml files go through the inbox's mail reader (each report in them, with the mail's bookkeeping); the rest as a stream.
            var batches = Files().Where(f => !EmlInbox.IsEml(f)).Chunk(settings.Inbox.BatchSize)
                .Select(chunk => (IReadOnlyList<FileWork>)[.. chunk.Select(f => FileWork.At(Path.GetFullPath(f), now))]);
            try
            {
                pipeline.Run(batches, recovered: false, "ingest", batch =>
                {
                    foreach (var w in batch)
                    {
                        switch (w.Outcome)
                        {
                            case Outcome.Stored: stored++; break;
                            case Outcome.Duplicate: duplicates++; progress.Line($"{w.Path}: duplicate of report {w.ReportId}"); break;
                            default: failed++; progress.Line($"{w.Path}: FAILED: {Reason(w.Error, w.Name)}"); break;
                        }
                    }
                    progress.Advance(batch.Count);
                }, CancellationToken.None);
                var intake = new MessageIntake(pipeline, new MailStore(database), analyzer, TimeProvider.System, NullLogger<MessageIntake>.Instance);
                foreach (var mail in Files().Where(f => EmlInbox.IsEml(f)))
                {
                    var result = intake.ProcessEml(File.ReadAllBytes(mail), "ingest", CancellationToken.None);
                    if (result.Taken) { duplicates++; progress.Line($"{mail}: the same message was stored before"); }
                    else
                    {
                        (stored, duplicates, failed) = (stored + result.Stored, duplicates + result.Duplicates, failed + result.Failed);
                        if (result.Error is not null) progress.Line($"{mail}: FAILED: {result.Error}");
                        else if (result.Stored + result.Duplicates == 0) progress.Line($"{mail}: no report in the message");
                    }
                    progress.Advance(1);
                }
            }
            catch (StoreUnavailableException e) { progress.End(); error.WriteLine($"dw: {e.Message}"); return 1; }
            progress.End();
            output.WriteLine($"{stored} stored, {duplicates} duplicates, {failed} failed ({count} files, {progress.Rate:0.0}/s)");
            return failed == 0 ? 0 : 1;
        }));
        return command;
    }

    /// <summary>A failure's reason without the file name the line starts with already.</summary>
    private static string? Reason(string? error, string name) =>
        error is not null && error.StartsWith(name + ": ", StringComparison.Ordinal) ? error[(name.Length + 2)..] : error;

    /// <summary>"\r 120/500 files  85.3/s  ETA 0:04" redrawn on a terminal; a plain line every 5 s when redirected.</summary>
    private sealed class Progress(int total, TextWriter output, bool plain)
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private TimeSpan _lastPlain;
        private int _done;
        private bool _drawn;

        public double Rate => _done / Math.Max(_watch.Elapsed.TotalSeconds, 1e-3);

        public void Advance(int n)
        {
            _done += n;
            var eta = Rate > 0 ? TimeSpan.FromSeconds((total - _done) / Rate) : TimeSpan.Zero;
            var text = $"{_done}/{total} files  {Rate:0.0}/s  ETA {eta:h\\:mm\\:ss}";
            if (!plain) { output.Write($"\r{text}   "); _drawn = true; }
            else if (_watch.Elapsed - _lastPlain >= TimeSpan.FromSeconds(5) || _done == total)
            {
                output.WriteLine($"ingest: {text}");
                _lastPlain = _watch.Elapsed;
            }
        }

        public void Line(string text)
        {
            End();
            output.WriteLine(text);
        }

        public void End()
        {
            if (_drawn) output.WriteLine();
            _drawn = false;
        }
    }
}
