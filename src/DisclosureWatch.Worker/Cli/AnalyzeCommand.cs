using System.CommandLine;
using DisclosureWatch.Worker.Analysis;

namespace DisclosureWatch.Worker.Cli;

/// <summary>`dw analyze FILE... [--json] [--previous LASTYEAR]`: read, check and classify reports.</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "Report files (txt, md, html, docx, pdf, eml).", Arity = ArgumentArity.OneOrMore };
        files.Validators.Add(Cli.RejectUnknownOptions);
        var json = new Option<bool>("--json") { Description = "One JSON object per file per line (JSONL)." };
        var previous = new Option<FileInfo?>("--previous") { Description = "The same organ's report of the previous year, for the cross-year rules." };
        var command = new Command("analyze", "Read reports and print what they say and what is wrong with them.") { files, json, previous };
        command.SetAction(parse =>
        {
            var analyzer = FileAnalyzer.CreateDefault();
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var previousFile = parse.GetValue(previous);
            Core.Reports.AnnualReport? lastYear = null;
            if (previousFile is not null)
            {
                var prev = analyzer.TryAnalyze(previousFile.FullName, null);
                if (prev.Error is not null) { error.WriteLine($"dw: {prev.Error}"); return 1; }
                lastYear = prev.Analysis!.Report;
            }
            var failed = 0;
            foreach (var file in parse.GetValue(files)!)
                foreach (var result in analyzer.TryAnalyzeAll(file.ToString(), lastYear)) // an .eml: each report in it
                {
                    if (result.Error is not null)
                    {
                        failed++;
                        error.WriteLine($"dw: {result.Error}");
                        continue;
                    }
                    output.WriteLine(parse.GetValue(json)
                        ? Core.Reports.ReportJson.Write(result.File, result.Sha256, result.Analysis!)
                        : AnalysisText.Format(result.File, result.Analysis!));
                }
            return failed == 0 ? 0 : 1;
        });
        return command;
    }
}
