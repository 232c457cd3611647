using System.Globalization;
using DisclosureWatch.Core;
using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Digests;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Findings;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Worker.Csv;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DisclosureWatch.Worker.Export;

/// <summary>
/// The store as tables for supervisors who work in Excel: Reports (one row per report) and Findings (one row
/// per finding, with its report and review state), as CSV or as a workbook.
/// </summary>
internal static class Exporter
{
    /// <summary>The reports' header (<see cref="Vocabulary.ReportColumns"/>), times in <paramref name="zone"/>.</summary>
    public static IReadOnlyList<string> ReportColumns(TimeZoneInfo? zone = null) => Vocabulary.ReportColumns(zone);

    /// <summary>The findings' header: the digest workbook's columns (<see cref="Vocabulary.FindingColumns"/>), then the review's.</summary>
    public static IReadOnlyList<string> FindingColumns(TimeZoneInfo? zone = null) => [.. Vocabulary.FindingColumns(zone), .. Vocabulary.ReviewColumns(zone)];

    public static IEnumerable<object?[]> ReportRows(ReportRepository store, TimeZoneInfo? zone = null) =>
        store.ListReports(new ReportFilter()).Select(r => new object?[]
        {
            r.Id, r.Organ, r.Year, Vocabulary.State(r.Status), r.FindingCount, r.OpenFindings, r.FileName, r.Source,
            Vocabulary.Time(r.ReceivedAt, zone), Vocabulary.Time(r.ProcessedAt, zone), r.Sha256,
        });

    /// <summary>One row per finding, reports in order of arrival, each report's findings errors first (as in the digest).</summary>
    public static IEnumerable<object?[]> FindingRows(ReportRepository store, FindingStore findingStore, TimeZoneInfo? zone = null)
    {
        var reports = store.ListReports(new ReportFilter()).OrderBy(r => r.ReceivedAt).ThenBy(r => r.Id).ToList();
        var byReport = findingStore.AllFindings().ToLookup(f => f.ReportId);
        var seen = new HashSet<(string, int)>();
        foreach (var r in reports)
        {
            // Resubmitted: the organ had sent a report for the same year before (as the digest says).
            var resubmitted = r.Organ is not null && r.Year is { } y && !seen.Add((OrganNames.Key(r.Organ), y));
            var findings = byReport[r.Id].Select((f, i) => (f, i))
                .OrderByDescending(x => Enum.TryParse<Severity>(x.f.Severity, true, out var s) ? s : Severity.Info).ThenBy(x => x.i).Select(x => x.f);
            foreach (var f in findings)
                yield return [r.Id, r.Organ, r.Year, Vocabulary.Time(r.ReceivedAt, zone), Vocabulary.Submission(resubmitted),
                    Vocabulary.Severity(f.Severity), f.Rule, f.Message, f.Evidence, f.Section,
                    f.Id, r.FileName, Vocabulary.State(f.Status), f.Comment, f.ReviewedAt is { } t ? Vocabulary.Time(t, zone) : null];
        }
    }

    /// <summary>A table as CSV for Excel (<see cref="CsvFile"/>): UTF-8 with a BOM; a text that starts with = + - @ is
    /// defused with a leading ', as the findings' texts come from the reports organs send.</summary>
    public static void WriteCsvFile(string path, IReadOnlyList<string> columns, IEnumerable<object?[]> rows) =>
        CsvFile.Write(path, columns, rows.Select(r => r.Select(Text).ToArray()), defuseFormulas: true);

    /// <summary>A workbook with the sheets 报告 (reports) and 问题 (findings): bold header, filter on, header row frozen.</summary>
    public static void WriteXlsx(string path, ReportRepository store, FindingStore findingStore, TimeZoneInfo? zone = null)
    {
        using var doc = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        WriteSheets(doc, ("报告", ReportColumns(zone), ReportRows(store, zone)), ("问题", FindingColumns(zone), FindingRows(store, findingStore, zone)));
    }

    /// <summary>A workbook of the given sheets (same look as the export) as bytes, e.g. a mail attachment.</summary>
    public static byte[] XlsxBytes(params (string Name, IReadOnlyList<string> Columns, IEnumerable<object?[]> Rows)[] sheets)
    {
        var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook)) WriteSheets(doc, sheets);
        return stream.ToArray();
    }

    private static void WriteSheets(SpreadsheetDocument doc, params (string Name, IReadOnlyList<string> Columns, IEnumerable<object?[]> Rows)[] content)
    {
        var workbook = doc.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font(), new Font(new Bold())),
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
            new Borders(new Border()),
            // The named style "Normal" (cellStyleXfs + cellStyles): without it readers such as openpyxl warn
            // "Workbook contains no default style" and substitute their own.
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
                new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true }) { Count = 2 },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
        var sheets = workbook.Workbook.AppendChild(new Sheets());
        uint id = 0;
        foreach (var (name, columns, rows) in content) AddSheet(workbook, sheets, ++id, name, columns, rows);
        workbook.Workbook.Save();
    }

    private static void AddSheet(WorkbookPart workbook, Sheets sheets, uint id, string name, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        data.Append(Row(1, columns.Cast<object?>().ToArray(), header: true));
        uint n = 1;
        foreach (var row in rows) data.Append(Row(++n, row, header: false));
        var lastColumn = ColumnName(columns.Count - 1);
        part.Worksheet = new Worksheet(
            new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", State = PaneStateValues.Frozen, ActivePane = PaneValues.BottomLeft })
                { WorkbookViewId = 0 }),
            data,
            new AutoFilter { Reference = $"A1:{lastColumn}{n}" });
        sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = name });
    }

    private static Row Row(uint index, object?[] values, bool header)
    {
        var row = new Row { RowIndex = index };
        for (var c = 0; c < values.Length; c++)
        {
            var v = values[c];
            var cell = new Cell { CellReference = $"{ColumnName(c)}{index}" };
            if (header) cell.StyleIndex = 1;
            if (v is int or long or decimal or double)
            {
                cell.DataType = CellValues.Number;
                cell.CellValue = new CellValue(Convert.ToString(v, CultureInfo.InvariantCulture)!);
            }
            else if (v is not null)
            {
                cell.DataType = CellValues.InlineString;
                cell.InlineString = new InlineString(new Text(Text(v)) { Space = SpaceProcessingModeValues.Preserve });
            }
            row.Append(cell);
        }
        return row;
    }

    internal static string ColumnName(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26) name = (char)('A' + (index - 1) % 26) + name;
        return name;
    }

    private static string Text(object? v) => v switch
    {
        null => "",
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
