using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DisclosureWatch.Worker.Export;

namespace DisclosureWatch.Worker.Digests.Replies;

/// <summary>A finding offered for review: <paramref name="Id"/> is F + the store's finding id.</summary>
internal sealed record ReviewItem(string Id, string ReportId, string Organ, string Severity, string Rule, string Message, string Evidence, string State);

/// <summary>A passage offered for labelling: <paramref name="Id"/> is P + report id + "-" + the passage's position.</summary>
internal sealed record LabelItem(string Id, string ReportId, string Organ, int Section, string Text, string Predicted, double? Confidence);

/// <summary>A row of a returned sheet: its number in the sheet (as Excel shows it), its id and what the supervisor filled.</summary>
internal sealed record FilledRow(string Sheet, int RowNumber, string Id, string Answer, string Comment)
{
    public bool IsBlank => Answer.Length == 0 && Comment.Length == 0;
}

/// <summary>The reply form read back from a workbook: the digest's token and every row of the two sheets.</summary>
internal sealed record FilledForm(string Token, IReadOnlyList<FilledRow> Reviews, IReadOnlyList<FilledRow> Labels);

/// <summary>
/// The digest workbook's reply form. <see cref="AddSheets"/> adds, after the findings sheet, 待确认问题 (each finding of
/// the period, a 处理 drop-down 确认/驳回/待定 and 备注) and 待标注段落 (the least certain passages and a 标签 drop-down
/// of the configured labels), and a hidden sheet dw-reply holding the digest's token and the drop-downs' lists.
/// <see cref="Read"/> reads any workbook that carries that sheet — as written here, or saved again by Excel, WPS,
/// LibreOffice or openpyxl (shared strings, inline strings, numbers; columns found by their header).
/// </summary>
internal static class ReplyWorkbook
{
    public const string ReviewSheet = "待确认问题", LabelSheet = "待标注段落", FormSheet = "dw-reply";
    public const string Marker = "DisclosureWatch 周报回复表";
    public const string IdColumn = "编号", DecisionColumn = "处理", CommentColumn = "备注", LabelColumn = "标签";
    public static readonly string[] Decisions = ["确认", "驳回", "待定"];

    private static readonly string[] ReviewColumns = [IdColumn, "报告ID", "机关", "级别", "规则", "说明", "依据", "当前状态", DecisionColumn, CommentColumn];
    private static readonly string[] LabelColumns = [IdColumn, "报告ID", "机关", "章节", "段落", "模型判断", "把握", LabelColumn];

    /// <summary>The workbook with the reply sheets added; the sheets already in it stay as they are.</summary>
    public static byte[] AddSheets(byte[] workbook, IReadOnlyList<ReviewItem> reviews, IReadOnlyList<LabelItem> passages,
        IReadOnlyList<string> labelChoices, string token)
    {
        var stream = new MemoryStream();
        stream.Write(workbook);
        using (var doc = SpreadsheetDocument.Open(stream, isEditable: true))
        {
            var book = doc.WorkbookPart!;
            var sheets = book.Workbook.Sheets!;
            var nextId = sheets.Elements<Sheet>().Select(s => s.SheetId?.Value ?? 0).DefaultIfEmpty(0u).Max() + 1;
            var listSource = $"'{FormSheet}'!";

            AddSheet(book, sheets, nextId++, ReviewSheet, ReviewColumns,
                reviews.Select(r => new object?[] { r.Id, r.ReportId, r.Organ, r.Severity, r.Rule, r.Message, r.Evidence, r.State, null, null }),
                [6, 8, 24, 6, 18, 40, 40, 10, 10, 30],
                (Array.IndexOf(ReviewColumns, DecisionColumn), $"{listSource}$B$5:$B${4 + Decisions.Length}", "请从下拉列表中选择：确认、驳回或待定"));
            AddSheet(book, sheets, nextId++, LabelSheet, LabelColumns,
                passages.Select(p => new object?[] { p.Id, p.ReportId, p.Organ, p.Section, p.Text, p.Predicted, p.Confidence, null }),
                [10, 8, 24, 6, 60, 10, 8, 12],
                (Array.IndexOf(LabelColumns, LabelColumn), $"{listSource}$C$5:$C${4 + Math.Max(1, labelChoices.Count)}", "请从下拉列表中选择一个标签"));

            // The hidden sheet: the marker, the token, and the lists the drop-downs draw from.
            var form = new List<object?[]>
            {
                new object?[] { Marker, "1" },
                new object?[] { "token", token },
                new object?[] { "说明", "请勿修改本工作表：回复时系统据此核对周报。" },
            };
            var rows = Math.Max(Decisions.Length, labelChoices.Count);
            for (var i = 0; i < rows; i++)
                form.Add([i == 0 ? "lists" : null, i < Decisions.Length ? Decisions[i] : null, i < labelChoices.Count ? labelChoices[i] : null]);
            var part = book.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            // Row 4 stays empty: the lists start in row 5.
            for (var i = 0; i < form.Count; i++) data.Append(Row((uint)(i < 3 ? i + 1 : i + 2), form[i], header: false));
            part.Worksheet = new Worksheet(data);
            sheets.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = nextId, Name = FormSheet, State = SheetStateValues.Hidden });
            book.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static void AddSheet(WorkbookPart book, Sheets sheets, uint id, string name, string[] columns, IEnumerable<object?[]> rows,
        double[] widths, (int Column, string Source, string Prompt) dropDown)
    {
        var part = book.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        data.Append(Row(1, columns, header: true));
        uint n = 1;
        foreach (var row in rows) data.Append(Row(++n, row, header: false));
        var cols = new Columns(widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true }));
        var letter = Exporter.ColumnName(dropDown.Column);
        var last = Math.Max(n, 2);
        var validation = new DataValidation
        {
            Type = DataValidationValues.List,
            AllowBlank = true,
            ShowErrorMessage = true,
            ErrorTitle = "无效的选择",
            Error = dropDown.Prompt,
            SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{letter}2:{letter}{last}" },
            Formula1 = new Formula1(dropDown.Source),
        };
        part.Worksheet = new Worksheet(
            new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", State = PaneStateValues.Frozen, ActivePane = PaneValues.BottomLeft })
                { WorkbookViewId = 0 }),
            cols,
            data,
            new AutoFilter { Reference = $"A1:{Exporter.ColumnName(columns.Length - 1)}{n}" },
            new DataValidations(validation) { Count = 1 });
        sheets.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = id, Name = name });
    }

    private static Row Row(uint index, object?[] values, bool header)
    {
        var row = new Row { RowIndex = index };
        for (var c = 0; c < values.Length; c++)
        {
            var cell = new Cell { CellReference = $"{Exporter.ColumnName(c)}{index}" };
            if (header) cell.StyleIndex = 1; // bold, from the findings workbook's stylesheet
            switch (values[c])
            {
                case null: break;
                case int or long or double:
                    cell.DataType = CellValues.Number;
                    cell.CellValue = new CellValue(Convert.ToString(values[c] is double d ? Math.Round(d, 3) : values[c], CultureInfo.InvariantCulture)!);
                    break;
                default:
                    cell.DataType = CellValues.InlineString;
                    cell.InlineString = new InlineString(new Text(Convert.ToString(values[c], CultureInfo.InvariantCulture)!) { Space = SpaceProcessingModeValues.Preserve });
                    break;
            }
            row.Append(cell);
        }
        return row;
    }

    /// <summary>
    /// The reply form in <paramref name="xlsx"/>; null when the workbook has no dw-reply sheet with the marker (another
    /// workbook). Throws <see cref="InvalidDataException"/> when the bytes are no workbook at all or the form lacks a
    /// sheet or column it needs.
    /// </summary>
    public static FilledForm? Read(byte[] xlsx)
    {
        SpreadsheetDocument doc;
        try { doc = SpreadsheetDocument.Open(new MemoryStream(xlsx, writable: false), isEditable: false); }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or FileFormatException or ArgumentException)
        {
            throw new InvalidDataException($"not an Excel workbook (.xlsx): {e.Message}", e);
        }
        using (doc)
        try
        {
            var book = doc.WorkbookPart ?? throw new InvalidDataException("the workbook has no workbook part");
            var strings = book.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            List<(int Number, Dictionary<int, string> Cells)>? SheetRows(string name)
            {
                var sheet = book.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault(s => s.Name?.Value == name);
                if (sheet?.Id?.Value is not { } rid || book.GetPartById(rid) is not WorksheetPart part) return null;
                var rows = new List<(int, Dictionary<int, string>)>();
                var fallback = 0;
                foreach (var row in part.Worksheet.Descendants<Row>())
                {
                    var number = row.RowIndex?.Value is { } ri ? (int)ri : fallback + 1;
                    fallback = number;
                    var cells = new Dictionary<int, string>();
                    var position = -1;
                    foreach (var cell in row.Elements<Cell>())
                    {
                        position = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : position + 1;
                        cells[position] = CellText(cell, strings).Trim();
                    }
                    rows.Add((number, cells));
                }
                return rows;
            }

            var form = SheetRows(FormSheet);
            string Cell(int row, int column) =>
                form?.FirstOrDefault(r => r.Number == row).Cells?.GetValueOrDefault(column) ?? "";
            if (form is null || Cell(1, 0) != Marker) return null;
            var token = Cell(2, 1);
            if (token.Length == 0) throw new InvalidDataException($"the sheet {FormSheet} has no token (cell B2)");
            return new FilledForm(token,
                Filled(ReviewSheet, SheetRows(ReviewSheet), DecisionColumn, CommentColumn),
                Filled(LabelSheet, SheetRows(LabelSheet), LabelColumn, null));
        }
        catch (Exception e) when (e is System.Xml.XmlException or OpenXmlPackageException)
        {
            throw new InvalidDataException($"the workbook cannot be read: {e.Message}", e);
        }
    }

    private static List<FilledRow> Filled(string sheet, List<(int Number, Dictionary<int, string> Cells)>? rows, string answerColumn, string? commentColumn)
    {
        if (rows is null || rows.Count == 0) throw new InvalidDataException($"the workbook has no sheet {sheet}");
        var header = rows[0].Cells;
        int Column(string name) => header.FirstOrDefault(kv => kv.Value == name) is { Value: not null } kv ? kv.Key
            : throw new InvalidDataException($"the sheet {sheet} has no column {name}");
        int id = Column(IdColumn), answer = Column(answerColumn), comment = commentColumn is null ? -1 : Column(commentColumn);
        return rows.Skip(1)
            .Select(r => new FilledRow(sheet, r.Number, r.Cells.GetValueOrDefault(id, ""), r.Cells.GetValueOrDefault(answer, ""),
                comment < 0 ? "" : r.Cells.GetValueOrDefault(comment, "")))
            .Where(r => r.Id.Length > 0 || !r.IsBlank)
            .ToList();
    }

    private static string CellText(Cell cell, List<string> strings)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString) return cell.InlineString?.InnerText ?? "";
        var value = cell.CellValue?.Text ?? "";
        if (type == CellValues.SharedString)
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count ? strings[i] : "";
        if (type == CellValues.Boolean) return value == "1" ? "TRUE" : "FALSE";
        return value;
    }

    /// <summary>"AB12" → 27.</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var ch in reference)
        {
            if (ch is < 'A' or > 'Z') break;
            index = index * 26 + (ch - 'A' + 1);
        }
        return index - 1;
    }
}
