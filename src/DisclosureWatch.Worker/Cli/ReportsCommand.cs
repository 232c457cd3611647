using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Findings;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Worker.Hosting;

namespace DisclosureWatch.Worker.Cli;

/// <summary>`dw reports list [--organ] [--year] [--status] [--json]` and `dw reports show ID [--json]`.</summary>
internal static class ReportsCommand
{
    internal static readonly JsonWriterOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var command = new Command("reports", "The stored reports.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        return command;
    }

    private static Command List()
    {
        var organ = new Option<string?>("--organ") { Description = "Organ name contains this text." };
        var year = new Option<int?>("--year") { Description = "Report year." };
        var status = new Option<string?>("--status") { Description = "待审核/new, 审核中/in-review or 已审核/reviewed." };
        var json = new Option<bool>("--json") { Description = "One JSON object per report per line." };
        var common = new StoreCliOptions();
        var command = new Command("list", "List stored reports.") { organ, year, status, json };
        common.AddTo(command);
        command.SetAction(parse => common.Run(parse, (_, store) =>
        {
            var output = parse.InvocationConfiguration.Output;
            string? state = null;
            if (parse.GetValue(status) is { } given && (state = Core.Vocabulary.StateName(given)) is null)
            {
                parse.InvocationConfiguration.Error.WriteLine($"dw reports list: --status {given}: not a report state (待审核/new, 审核中/in-review, 已审核/reviewed)");
                return 2;
            }
            var reports = store.ListReports(new ReportFilter(parse.GetValue(organ), parse.GetValue(year), state));
            if (parse.GetValue(json))
            {
                foreach (var r in reports) output.WriteLine(ToJson(w => WriteSummary(w, r)));
                return 0;
            }
            var table = new TextTable("编号", "年度", "状态", "问题/待审", "单位 — 文件");
            foreach (var r in reports)
                table.Add(r.Id.ToString(CultureInfo.InvariantCulture), r.Year?.ToString(CultureInfo.InvariantCulture) ?? "?", Core.Vocabulary.State(r.Status), $"{r.FindingCount}/{r.OpenFindings}", $"{r.Organ ?? "（未识别）"} — {r.FileName}");
            table.WriteTo(output);
            output.WriteLine($"共 {reports.Count} 份报告");
            return 0;
        }));
        return command;
    }

    private static Command Show()
    {
        var id = Cli.IdArgument("report", "Report ID (see dw reports list).");
        var json = new Option<bool>("--json") { Description = "The report with its review state and the full stored analysis JSON." };
        var common = new StoreCliOptions();
        var command = new Command("show", "Show one stored report and its findings.") { id, json };
        common.AddTo(command);
        command.SetAction(parse => common.Run(parse, (_, store) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var detail = store.GetReport(parse.GetValue(id));
            if (detail is null)
            {
                parse.InvocationConfiguration.Error.WriteLine($"dw: no report with ID {parse.GetValue(id)}");
                return 1;
            }
            if (parse.GetValue(json))
            {
                output.WriteLine(ToJson(w =>
                {
                    w.WriteStartObject();
                    w.WritePropertyName("report");
                    WriteSummary(w, detail.Report);
                    w.WriteStartArray("findings");
                    foreach (var f in detail.Findings) WriteFinding(w, f);
                    w.WriteEndArray();
                    w.WritePropertyName("analysis");
                    w.WriteRawValue(detail.AnalysisJson, skipInputValidation: true);
                    w.WriteEndObject();
                }));
                return 0;
            }
            var r = detail.Report;
            output.WriteLine($"== 报告 {r.Id}: {r.Organ ?? "(未识别)"} {r.Year?.ToString(CultureInfo.InvariantCulture) ?? "(年度未识别)"}");
            output.WriteLine($"   文件: {r.FileName}  ({r.Source}, sha256 {r.Sha256[..Math.Min(12, r.Sha256.Length)]}…)");
            output.WriteLine($"   收到: {Core.Vocabulary.Time(r.ReceivedAt)}  处理: {Core.Vocabulary.Time(r.ProcessedAt)}  状态: {Core.Vocabulary.State(r.Status)}");
            output.WriteLine($"   章节: {string.Join("  ", detail.Sections.Select(s => s.Heading))}");
            output.WriteLine($"   表格数值: {detail.Values.Count}   段落: {detail.PassageCount}");
            output.WriteLine($"   发现问题 {detail.Findings.Count} 项:");
            if (detail.Findings.Count == 0) output.WriteLine("   未发现问题");
            foreach (var f in detail.Findings.OrderByDescending(f => Enum.TryParse<Core.Checks.Severity>(f.Severity, true, out var s) ? s : Core.Checks.Severity.Info))
                output.WriteLine($"   #{f.Id} [{Core.Vocabulary.Severity(f.Severity)}] {f.Rule}: {f.Message}  — {Core.Vocabulary.State(f.Status)}{(f.Comment is null ? "" : $"（{f.Comment}）")}");
            return 0;
        }));
        return command;
    }

    internal static string ToJson(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Json)) write(w);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static void WriteSummary(Utf8JsonWriter w, ReportSummary r)
    {
        w.WriteStartObject();
        w.WriteNumber("id", r.Id);
        w.WriteString("organ", r.Organ);
        if (r.Year is { } y) w.WriteNumber("year", y); else w.WriteNull("year");
        w.WriteString("status", r.Status);
        w.WriteString("file", r.FileName);
        w.WriteString("source", r.Source);
        w.WriteString("sha256", r.Sha256);
        w.WriteString("receivedAt", r.ReceivedAt);
        w.WriteString("processedAt", r.ProcessedAt);
        w.WriteNumber("findings", r.FindingCount);
        w.WriteNumber("openFindings", r.OpenFindings);
        w.WriteEndObject();
    }

    internal static void WriteFinding(Utf8JsonWriter w, StoredFinding f)
    {
        w.WriteStartObject();
        w.WriteNumber("id", f.Id);
        w.WriteString("rule", f.Rule);
        w.WriteString("severity", f.Severity);
        w.WriteString("message", f.Message);
        w.WriteString("evidence", f.Evidence);
        if (f.Section is { } s) w.WriteNumber("section", s); else w.WriteNull("section");
        w.WriteString("status", f.Status);
        w.WriteString("comment", f.Comment);
        if (f.ReviewedAt is { } t) w.WriteString("reviewedAt", t); else w.WriteNull("reviewedAt");
        w.WriteEndObject();
    }
}
