using System.CommandLine;
using DisclosureWatch.Worker.Export;
using DisclosureWatch.Worker.Hosting;

namespace DisclosureWatch.Worker.Cli;

/// <summary>`dw export --format csv|xlsx [--out PATH] [--table findings|reports]`: the store for Excel users.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "csv or xlsx.", Required = true };
        format.AcceptOnlyFromAmong("csv", "xlsx");
        var output = new Option<string?>("--out") { Description = "Output file (default: dw-export.xlsx, or dw-findings.csv / dw-reports.csv)." };
        var table = new Option<string>("--table") { Description = "For csv: findings (one row per finding, default) or reports.", DefaultValueFactory = _ => "findings" };
        table.AcceptOnlyFromAmong("findings", "reports");
        var common = new StoreCliOptions();
        var command = new Command("export", "Export reports and findings (with review state) as CSV or an Excel workbook.") { format, output, table };
        common.AddTo(command);
        command.SetAction(parse => common.Run(parse, (_, store) =>
        {
            var isXlsx = parse.GetValue(format) == "xlsx";
            var which = parse.GetValue(table)!;
            var path = parse.GetValue(output) ?? (isXlsx ? "dw-export.xlsx" : $"dw-{which}.csv");
            if (isXlsx) Exporter.WriteXlsx(path, store);
            else if (which == "reports") Exporter.WriteCsvFile(path, Exporter.ReportColumns, Exporter.ReportRows(store));
            else Exporter.WriteCsvFile(path, Exporter.FindingColumns, Exporter.FindingRows(store));
            parse.InvocationConfiguration.Output.WriteLine($"wrote {Path.GetFullPath(path)}");
            return 0;
        }));
        return command;
    }
}
