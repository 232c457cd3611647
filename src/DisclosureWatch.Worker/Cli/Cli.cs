using System.CommandLine;

namespace DisclosureWatch.Worker.Cli;

/// <summary>The `dw` command line. Each capability contributes its commands; exit 2 on usage errors.</summary>
internal static class Cli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("DisclosureWatch — reads and reviews 政府信息公开工作年度报告.");
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(ClassifyCommand.Create());
        root.Subcommands.Add(LabelsCommand.Create());
        root.Subcommands.Add(ModelCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(ReportsCommand.Create());
        root.Subcommands.Add(FindingsCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(DigestCommand.Create());
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
            config.Error.WriteLine($"Try '{HelpCommand(parse.CommandResult.Command)} --help'.");
            return 2;
        }
        return await parse.InvokeAsync(config);
    }

    /// <summary>A file argument that looks like an option ("--jsno") is a usage error, not a missing file.</summary>
    public static void RejectUnknownOptions(System.CommandLine.Parsing.ArgumentResult result)
    {
        foreach (var token in result.Tokens)
            if (token.Value.StartsWith('-') && token.Value.Length > 1 && !File.Exists(token.Value))
                result.AddError($"Unknown option '{token.Value}'.");
    }

    /// <summary>"dw reports show": the command a usage error is about, to point at its own help.</summary>
    private static string HelpCommand(Command command)
    {
        var names = new List<string>();
        for (var c = command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault()) names.Insert(0, c.Name);
        return string.Join(" ", ["dw", .. names]);
    }

    /// <summary>A numeric ID argument whose error names what it is ("'abc' is not a report ID") instead of a .NET type.</summary>
    public static Argument<long> IdArgument(string what, string description)
    {
        var id = new Argument<long>("ID") { Description = description };
        id.CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0) return value;
            result.AddError($"'{text}' is not a {what} ID: give its number (a whole number, e.g. 12)");
            return 0;
        };
        return id;
    }

    private static bool IsHelp(string[] args) => args.Any(a => a is "-h" or "--help" or "-?");
}
