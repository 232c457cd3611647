using System.CommandLine;
using DisclosureWatch.Storage.Findings;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Worker.Export;
using DisclosureWatch.Worker.Hosting;

namespace DisclosureWatch.Worker.Cli;

/// <summary>`dw export --format csv|xlsx [--out PATH] [--table findings|reports]`: the store for Excel users.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "csv or xlsx.", Required = true };
        format.AcceptOnlyFromAmong("csv", "xlsx");
        var output = new Option<string?>("--out") { Description = "Output file (default: exports/ in the data directory, dw-export-DATE.xlsx or dw-findings-DATE.csv / dw-reports-DATE.csv)." };
        var table = new Option<string>("--table") { Description = "For csv: findings (one row per finding, default) or reports.", DefaultValueFactory = _ => "findings" };
        table.AcceptOnlyFromAmong("findings", "reports");
        var common = new StoreCliOptions();
        var command = new Command("export", "Export reports and findings (with review state) as CSV or an Excel workbook: the digest workbook's columns, times in the supervisors' zone.")
            { format, output, table };
        common.AddTo(command);
        command.SetAction(parse => common.RunOn(parse, (settings, database) =>
        {
            var (store, findings) = (new ReportRepository(database), new FindingStore(database));
            var isXlsx = parse.GetValue(format) == "xlsx";
            var which = parse.GetValue(table)!;
            // Times as the digests show them: the supervisors' zone (the first configured), else Asia/Shanghai.
            var zone = settings.Digest.Recipients.FirstOrDefault()?.TimeZone;
            var path = parse.GetValue(output);
            if (path is null)
            {
                // Never into the working directory (a checkout would show the file in git status): the data directory's exports/.
                var folder = Path.Combine(settings.Paths.Root, "exports");
                Directory.CreateDirectory(folder);
                var stamp = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone ?? Core.Vocabulary.DefaultTimeZone).ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
                path = Path.Combine(folder, isXlsx ? $"dw-export-{stamp}.xlsx" : $"dw-{which}-{stamp}.csv");
            }
            if (isXlsx) Exporter.WriteXlsx(path, store, findings, zone);
            else if (which == "reports") Exporter.WriteCsvFile(path, Exporter.ReportColumns(zone), Exporter.ReportRows(store, zone));
            else Exporter.WriteCsvFile(path, Exporter.FindingColumns(zone), Exporter.FindingRows(store, findings, zone));
            parse.InvocationConfiguration.Output.WriteLine($"wrote {Path.GetFullPath(path)}");
            return 0;
        }));
        return command;
    }
}
