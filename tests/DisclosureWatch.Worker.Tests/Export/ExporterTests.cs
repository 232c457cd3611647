using System.Text;
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
        _stored.Store.ReviewFinding(1, "dismissed", "模板版本差异, 不算问题", DateTime.UtcNow);
        var path = _stored.Dir["findings.csv"];
        Assert.Equal(0, await Cli.Cli.Run(["export", "--format", "csv", "--out", path, "--data", _stored.Data], new StringWriter(), new StringWriter()));

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(string.Join(",", Exporter.FindingColumns), lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("1,1,河曲县社梁乡人民政府,2024,1111.txt,t3.identity,error,", lines[1]);
        Assert.Contains("dismissed,\"模板版本差异, 不算问题\"", lines[1]);

        var reports = _stored.Dir["reports.csv"];
        Assert.Equal(0, await Cli.Cli.Run(["export", "--format", "csv", "--table", "reports", "--out", reports, "--data", _stored.Data], new StringWriter(), new StringWriter()));
        Assert.Equal(3, File.ReadAllLines(reports).Length);
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
        Assert.Equal(Exporter.ReportColumns, reports[0]);
        Assert.Equal(3, reports.Length);
        Assert.Equal(["1", "河曲县社梁乡人民政府", "2024", "new", "2", "2"], reports[1][..6]);
        var findings = Read(sheets[1]);
        Assert.Equal(4, findings.Length);
        Assert.Equal("表三：本年新收申请数与办理结果合计不一致", findings[1][7]);
        Assert.Equal("open", findings[1][10]);
    }

    [Fact]
    public void Column_names_go_past_z()
    {
        Assert.Equal(["A", "Z", "AA", "AZ", "BA"], new[] { 0, 25, 26, 51, 52 }.Select(Exporter.ColumnName));
    }

    public void Dispose() => _stored.Dispose();
}
