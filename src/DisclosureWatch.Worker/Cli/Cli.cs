using System.CommandLine;

namespace DisclosureWatch.Worker.Cli;

/// <summary>The `dw` command line. Each capability contributes its commands; exit 2 on usage errors.</summary>
public static class Cli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("DisclosureWatch — reads and reviews 政府信息公开工作年度报告.");
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(ReportsCommand.Create());
        root.Subcommands.Add(FindingsCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }

    public static async Task<int> Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var root = Build();
        var parse = root.Parse(args);
        // ProcessTerminationTimeout = null: SIGTERM/Ctrl-C belong to the Generic Host of `dw run`, which stops gracefully.
        var config = new InvocationConfiguration { Output = stdout ?? Console.Out, Error = stderr ?? Console.Error, ProcessTerminationTimeout = null };
        if (parse.Errors.Count > 0 && !IsHelp(args))
        {
            foreach (var e in parse.Errors) config.Error.WriteLine(e.Message);
            config.Error.WriteLine("Try 'dw --help'.");
            return 2;
        }
        return await parse.InvokeAsync(config);
    }

    private static bool IsHelp(string[] args) => args.Any(a => a is "-h" or "--help" or "-?");
}
