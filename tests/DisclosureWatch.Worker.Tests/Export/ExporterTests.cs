using System.Text;
using System.Text.Json;
using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Digests;
using DisclosureWatch.Worker.Csv;
using DisclosureWatch.Worker.Digests;
using DisclosureWatch.Worker.Export;
using DisclosureWatch.Worker.Tests.Store;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DisclosureWatch.Worker.Tests.Export;

public sealed class ExporterTests : IDisposable
{
    private readonly StoredReports _stored = new();

    [Fact]
    public async Task Csv_is_utf8_with_a_bom_one_row_per_finding_with_its_report_and_review()
    {
        _stored.Findings.ReviewFinding(1, "dismissed", "模板版本差异, 不算问题", DateTime.UtcNow);
        var path = _stored.Dir["findings.csv"];
        Assert.Equal(0, await Cli.Cli.Run(["export", "--format", "csv", "--out", path, "--data", _stored.Data], new StringWriter(), new StringWriter()));

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(string.Join(",", Exporter.FindingColumns()), lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("1,河曲县社梁乡人民政府,2024,2026-03-02 16:00,首次报送,错误,t3.identity,", lines[1]);
        Assert.Contains("已排除,\"模板版本差异, 不算问题\"", lines[1]);

        var reports = _stored.Dir["reports.csv"];
        Assert.Equal(0, await Cli.Cli.Run(["export", "--format", "csv", "--table", "reports", "--out", reports, "--data", _stored.Data], new StringWriter(), new StringWriter()));
        Assert.Equal(3, File.ReadAllLines(reports).Length);
    }

    /// <summary>A text that would run as a formula when Excel opens the CSV gets a leading ' (here a reviewer's comment).</summary>
    [Fact]
    public async Task Csv_defuses_a_cell_excel_would_run_as_a_formula()
    {
        const string comment = "=HYPERLINK(\"http://example.invalid\",\"点此\")";
        _stored.Findings.ReviewFinding(1, "dismissed", comment, DateTime.UtcNow);
        var path = _stored.Dir["findings.csv"];
        Assert.Equal(0, await Cli.Cli.Run(["export", "--format", "csv", "--out", path, "--data", _stored.Data], new StringWriter(), new StringWriter()));

        var table = CsvFile.Read(path);
        var row = table.Rows.Single(r => r[table.Column("问题编号")] == "1");
        Assert.Equal("'" + comment, row[table.Column("审核意见")]);
    }

    [Fact]
    public async Task Xlsx_has_a_reports_sheet_and_a_findings_sheet_excel_can_read()
    {
        var path = _stored.Dir["dw.xlsx"];
        Assert.Equal(0, await Cli.Cli.Run(["export", "--format", "xlsx", "--out", path, "--data", _stored.Data], new StringWriter(), new StringWriter()));

        using var doc = SpreadsheetDocument.Open(path, false);
        var workbook = doc.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["报告", "问题"], sheets.Select(s => s.Name!.Value));
        string[][] Read(Sheet sheet) =>
            ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>()
                .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToArray()).ToArray();

        var reports = Read(sheets[0]);
        Assert.Equal(Exporter.ReportColumns(), reports[0]);
        Assert.Equal(3, reports.Length);
        Assert.Equal(["1", "河曲县社梁乡人民政府", "2024", "待审核", "2", "2"], reports[1][..6]);
        var findings = Read(sheets[1]);
        Assert.Equal(4, findings.Length);
        Assert.Equal("表三：本年新收申请数与办理结果合计不一致", findings[1][7]);
        Assert.Equal("待审", findings[1][12]);
    }

    [Fact]
    public async Task The_digest_workbook_and_the_export_read_back_with_the_same_header_and_words_and_no_style_warning()
    {
        var export = _stored.Dir["export.xlsx"];
        Assert.Equal(0, await Cli.Cli.Run(["export", "--format", "xlsx", "--out", export, "--data", _stored.Data], new StringWriter(), new StringWriter()));
        // The digest of the same report: 河曲县社梁乡 2024, received 2026-03-02 08:00 UTC, for a supervisor in China.
        var stored = _stored.Findings.FindingsOf([1])[1];
        var input = new DigestInput
        {
            Supervisor = "王科长", Period = new DigestPeriod(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 9)), Today = new DateOnly(2026, 3, 9),
            ReportYear = 2024, TimeZone = Core.Vocabulary.DefaultTimeZone,
            Reports = [new DigestReport("1", "河曲县社梁乡人民政府", 2024, new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), false,
                stored.Select(f => new Finding(f.Rule, Enum.Parse<Severity>(f.Severity, true), f.Message, f.Evidence, f.Section)).ToList(), [])],
        };
        var digest = _stored.Dir["digest.xlsx"];
        File.WriteAllBytes(digest, DigestComposer.FindingsWorkbook(input, DigestBuilder.Figures(input)).Content);

        // Read back by openpyxl (python3-openpyxl), every warning an error: "Workbook contains no default style" fails it.
        var json = global::DisclosureWatch.Worker.Tests.Mail.Infra.Tools.Run(global::DisclosureWatch.Worker.Tests.Mail.Infra.Tools.Python, "-W", "error", "-c", """
            import json, sys, openpyxl
            rows = {}
            for path in sys.argv[1:]:
                ws = openpyxl.load_workbook(path)["问题"]
                rows[path] = [[("" if c is None else str(c)) for c in r] for r in ws.iter_rows(min_row=1, max_row=2, values_only=True)]
            print(json.dumps(rows, ensure_ascii=False))
            """, digest, export);
        var read = JsonSerializer.Deserialize<Dictionary<string, string[][]>>(json)!;
        var (d, e) = (read[digest], read[export]);
        Assert.Equal(["报告编号", "单位", "报告年度", "收到时间(+08:00)", "报送类型", "严重程度", "规则", "问题", "依据", "章节"], d[0]);
        Assert.Equal(d[0], e[0][..d[0].Length]); // the export adds the review columns after the shared ones
        Assert.Equal(d[1], e[1][..d[1].Length]); // and says the same about the same finding: 错误, local time, 首次报送
        Assert.Equal("2026-03-02 16:00", d[1][3]);
        Assert.Equal("错误", d[1][5]);
    }

    [Fact]
    public void Column_names_go_past_z()
    {
        Assert.Equal(["A", "Z", "AA", "AZ", "BA"], new[] { 0, 25, 26, 51, 52 }.Select(Exporter.ColumnName));
    }

    public void Dispose() => _stored.Dispose();
}
