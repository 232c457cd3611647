using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Checks.Rules;

/// <summary>table.shape: a row with more or fewer values than the template, an off-template row label, or a row the parser flagged.</summary>
public sealed class TableShapeRule : IRule
{
    public string Id => "table.shape";
    public Severity Severity => Severity.Warning;
    public string Description => "表格行的数值个数或行标题与国家模板不一致（如“行政处罚”一行填了3个数）";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var r = input.Report;
        var flagged = new HashSet<(string, string)>();
        foreach (var table in new[] { r.ActiveDisclosure, r.Applications, r.ReviewLitigation })
        {
            if (table is null) continue;
            sink.Assessed();
            var offLabels = new List<string>();
            // table 4 is often one data line for its three blocks: the parser gives each block the line's count
            var sharedLines = table.Name == "t4" ? SharedLines(table) : [];
            var reportedLines = new HashSet<int>();
            foreach (var row in table.Rows)
            {
                if (sharedLines.TryGetValue(row.Line, out var blocks))
                {
                    // A line of blanks and 无 has no values to count: t4.blank says what is wrong with it, not the cell count.
                    if (!blocks.Any(HasNumber)) { flagged.Add((table.Name, "")); continue; }
                    var expectedLine = Template.T4Columns.Count * blocks.Count;
                    if (reportedLines.Add(row.Line) && row.StatedCount > 0 && row.StatedCount != expectedLine && row.StatedCount != Template.T4Columns.Count && blocks.All(b => b.StatedCount == row.StatedCount))
                    {
                        flagged.Add((table.Name, ""));
                        sink.Report(Severity.Warning,
                            $"第四部分表格数据行填了{row.StatedCount}个数值，{(row.StatedCount > expectedLine ? "多于" : "少于")}模板规定的{expectedLine}个，请按模板逐列填写。",
                            $"第四部分表格：{string.Join(" ", blocks.SelectMany(b => b.Cells).Select(c => c?.ToString() ?? "?"))}（共{row.StatedCount}个数值）", 4);
                    }
                    if (blocks.All(b => b.StatedCount == row.StatedCount)) continue;
                }
                var expected = Tables.ExpectedCount(table, row.Key);
                var hasNumber = HasNumber(row);
                if (hasNumber && row.StatedCount > 0 && row.StatedCount != expected)
                {
                    flagged.Add((table.Name, row.Key));
                    var more = row.StatedCount > expected ? "多于" : "少于";
                    sink.Report(Severity.Warning,
                        $"{Tables.TableName(table.Name)}“{Tables.Name(row.Key)}”一行填了{row.StatedCount}个数值，{more}模板规定的{expected}个，请按模板逐列填写。",
                        $"{Tables.TableName(table.Name)}：{Label(row)}　{string.Join(" ", row.Cells.Select(c => c?.ToString() ?? "?"))}（共{row.StatedCount}个数值）",
                        Tables.SectionOf(table.Name));
                }
                if (table.Name != "t4" && !row.LabelWrapped && !LabelFits(row)) offLabels.Add($"“{row.Label.Trim()}”应为“{Template.Label(row.Key)}”");
            }
            if (offLabels.Count > 0)
                sink.Report(Severity.Warning,
                    $"{Tables.TableName(table.Name)}有{offLabels.Count}个行标题与国家模板（国办公开办函〔2021〕30号）不一致，请使用模板原文：{string.Join("；", offLabels.Take(2))}{(offLabels.Count > 2 ? "等" : "")}。",
                    $"{Tables.TableName(table.Name)}：{string.Join("；", offLabels)}", Tables.SectionOf(table.Name));
        }
        foreach (var note in r.Notes.Where(n => n.Kind == "shape"))
        {
            if (note.Table is not null && flagged.Contains((note.Table, note.Row ?? ""))) continue;
            sink.Assessed();
            var where = note.Table is null ? "表格" : Tables.TableName(note.Table);
            var row = note.Row is null ? "" : $"“{Tables.Name(note.Row)}”一行";
            sink.Report(Severity.Warning, $"{where}{row}的格式与国家模板不一致，请按模板逐列填写。",
                $"{where}：{note.Raw?.Trim() ?? ""}（{note.Message}）", note.Table is null ? null : Tables.SectionOf(note.Table));
        }
        // rows the parser could not align: one note per table, they usually share one cause (a shifted or merged column)
        foreach (var group in r.Notes.Where(n => n.Kind == "ambiguous").GroupBy(n => n.Table))
        {
            sink.Assessed();
            var where = group.Key is null ? "表格" : Tables.TableName(group.Key);
            var rows = group.Select(n => n.Row is null ? n.Raw?.Trim() ?? "" : $"“{Tables.Name(n.Row)}”").Where(x => x.Length > 0).Distinct().ToList();
            sink.Report(Severity.Info,
                $"{where}有{group.Count()}行无法逐列对应（数值个数或对齐不明确），请核对是否按模板逐列填写{(rows.Count > 0 ? "：" + string.Join("、", rows.Take(6)) : "")}。",
                $"{where}：{string.Join("；", group.Select(n => $"{n.Raw?.Trim()}（{n.Message}）"))}", group.Key is null ? null : Tables.SectionOf(group.Key));
        }
    }

    /// <summary>The rows of each source line that more than one row came from, in table order.</summary>
    private static Dictionary<int, List<TableRow>> SharedLines(StatTable table)
    {
        var byLine = new Dictionary<int, List<TableRow>>();
        foreach (var row in table.Rows)
        {
            if (row.Line < 0) continue;
            if (!byLine.TryGetValue(row.Line, out var rows)) byLine[row.Line] = rows = [];
            rows.Add(row);
        }
        foreach (var (line, rows) in byLine)
            if (rows.Count == 1) byLine.Remove(line); // removing while enumerating is allowed for Dictionary
        return byLine;
    }

    private static bool HasNumber(TableRow row)
    {
        for (var i = 0; i < row.Cells.Count; i++) // by index: no boxed enumerator per row
            if (row.Cells[i]?.Value is not null) return true;
        return false;
    }

    private static string Label(TableRow row) => row.Label.Trim().Length > 0 ? row.Label.Trim() : Tables.Name(row.Key);

    /// <summary>The written label says the template's words (or is cut short at the end, as wrapped PDF cells are).</summary>
    internal static bool LabelFits(TableRow row)
    {
        // the label's core on the stack: asked of every row of every report, it needs no string
        Span<char> buffer = row.Label.Length <= 256 ? stackalloc char[row.Label.Length] : new char[row.Label.Length];
        var written = Tables.LabelCore(row.Label, buffer);
        if (written.Length < 2) return true;
        foreach (var template in Variants.GetOrAdd(row.Key, TemplateVariants))
        {
            if (written.IndexOf(template, StringComparison.Ordinal) >= 0 || template.AsSpan().StartsWith(written, StringComparison.Ordinal)) return true;
            // long labels wrap in PDFs: a row may carry only a middle piece (正、行政机关不再处理其政府信); short ones do not wrap
            if (template.Length >= 12 && written.Length >= 4 && template.AsSpan().IndexOf(written, StringComparison.Ordinal) >= 0) return true;
            if (written.StartsWith(template.AsSpan(0, Math.Min(template.Length, 4))) && Similar(written, template)) return true;
        }
        return false;
    }

    /// <summary>
    /// The label as the template words it, with its bracketed remark, and the group's own label: a PDF may give the
    /// first sub-row its group's cell (（六）其他处理) or a wrapped piece of the remark (的，只计这一情形，不计).
    /// Per template row, so made once.
    /// </summary>
    private static string[] TemplateVariants(string key)
    {
        var full = FullLabels.TryGetValue(key, out var f) ? f : Template.Label(key);
        var group = Template.GroupOf(key);
        string[] variants =
        [
            Tables.LabelCore(full),
            Tables.AllCjk(full),
            .. group != key ? new[] { Tables.LabelCore(Template.Label(group)) } : [],
        ];
        return variants.Where(v => v.Length > 0).ToArray();
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> Variants = new(StringComparer.Ordinal);

    /// <summary>The template's full wording where <see cref="Template.Labels"/> shortens it.</summary>
    private static readonly Dictionary<string, string> FullLabels = new()
    {
        ["otherHandling.overdueCorrection"] = "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ["otherHandling.overdueFee"] = "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ["partiallyGranted"] = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    };

    /// <summary>Tolerates a wrapped label that lost a few characters; a changed word (重复/重新) still differs.</summary>
    private static bool Similar(ReadOnlySpan<char> written, string template)
    {
        // every template character in order, allowing written to carry extra words (行政机关不再处理…)
        var i = 0;
        foreach (var c in written)
            if (i < template.Length && c == template[i]) i++;
        return i == template.Length;
    }
}

/// <summary>t2.value: table 2 counts must be whole, non-negative numbers; 0, not blank or 无.</summary>
public sealed class T2ValueRule : IRule
{
    public string Id => "t2.value";
    public Severity Severity => Severity.Error;
    public string Description => "第二部分表格的数值：不得为负数，件数须为整数，没有数据应填0而非空白或“无”";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var t = input.Report.ActiveDisclosure;
        if (t is null) return;
        sink.Assessed();
        var blanks = new List<string>();
        foreach (var row in t.Rows)
        {
            var expected = Tables.ExpectedCount(t, row.Key);
            for (var c = 0; c < Math.Min(expected, row.Cells.Count); c++)
            {
                var cell = row.Cells[c];
                if (cell is null) continue;
                var where = expected == 1 ? Tables.Name(row.Key) : $"{Tables.Name(row.Key)}/{Template.Label(Template.T2DocumentColumns[c])}";
                if (cell.Value is { } v)
                {
                    if (v < 0)
                        sink.Report(Severity.Error, $"第二部分表格“{where}”为负数（{cell.Raw}），数量不能为负。", $"第二部分表格：{where}={cell.Raw}", 2);
                    else if (row.Key != "fees" && v != decimal.Truncate(v))
                        sink.Report(Severity.Error, $"第二部分表格“{where}”为小数（{cell.Raw}），件数应为整数。", $"第二部分表格：{where}={cell.Raw}", 2);
                }
                else blanks.Add(cell.IsBlank ? $"{where}=空白" : $"{where}=“{cell.Raw}”");
            }
        }
        if (blanks.Count > 0)
            sink.Report(Severity.Warning, $"第二部分表格有{blanks.Count}处未填数字（空白或“无”“/”等），模板要求没有数据时填0。",
                $"第二部分表格：{string.Join("，", blanks)}", 2);
    }
}

/// <summary>t3.blank / t4.blank: 无, /, - or blank where the template wants a number (0).</summary>
public sealed class BlankCellsRule(string table) : IRule
{
    public string Id => $"{table}.blank";
    public Severity Severity => Severity.Warning;
    public string Description => $"{Tables.TableName(table)}单元格为空或填“无”“/”“-”，模板要求没有数据时填0";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var t = table == "t3" ? input.Report.Applications : input.Report.ReviewLitigation;
        if (t is null) return;
        sink.Assessed();
        var count = 0;
        var rows = new List<string>();
        foreach (var row in t.Rows)
        {
            var expected = Tables.ExpectedCount(t, row.Key);
            if (!HasBad(row.Cells, expected)) continue; // most rows: no list made
            var bad = row.Cells.Take(expected).Where(IsBad).ToList();
            count += bad.Count;
            var placeholders = bad.Where(c => c!.IsPlaceholder).Select(c => $"“{c!.Raw}”").Distinct().ToList();
            var blank = bad.Count(c => c!.IsBlank);
            var parts = new List<string>();
            if (blank > 0) parts.Add($"{blank}格空白");
            if (placeholders.Count > 0) parts.Add($"{bad.Count - blank}格填{string.Join("", placeholders)}");
            rows.Add($"{Tables.Name(row.Key)}：{string.Join("、", parts)}");
        }
        if (count == 0) return;
        var shown = rows.Take(8).ToList();
        sink.Report(Severity.Warning,
            $"{Tables.TableName(table)}有{count}个单元格为空或填写“无”等文字，模板要求没有数据时填0。",
            $"{Tables.TableName(table)}：{string.Join("；", shown)}{(rows.Count > shown.Count ? $"；等{rows.Count}行" : "")}", Tables.SectionOf(table));
    }

    private static bool IsBad(TableCell? c) => c is not null && (c.IsBlank || c.IsPlaceholder);

    private static bool HasBad(IReadOnlyList<TableCell?> cells, int expected)
    {
        for (var i = 0; i < Math.Min(expected, cells.Count); i++)
            if (IsBad(cells[i])) return true;
        return false;
    }
}

/// <summary>t4.block-total: per block, 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计.</summary>
public sealed class T4BlockTotalRule : IRule
{
    public string Id => "t4.block-total";
    public Severity Severity => Severity.Error;
    public string Description => "第四部分表格每一栏：结果维持＋结果纠正＋其他结果＋尚未审结＝总计";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var t = input.Report.ReviewLitigation;
        if (t is null) return;
        foreach (var block in Template.T4Blocks)
        {
            if (t.Row(block) is not { } row || !Complete(row)) continue;
            var values = new decimal?[5];
            for (var c = 0; c < 5; c++) values[c] = row[c];
            sink.Assessed();
            var sum = values[0]!.Value + values[1]!.Value + values[2]!.Value + values[3]!.Value;
            if (sum == values[4]) continue;
            sink.Report(Severity.Error,
                $"第四部分表格“{Tables.Name(block)}”：结果维持{Tables.Number(values[0]!.Value)}＋结果纠正{Tables.Number(values[1]!.Value)}＋其他结果{Tables.Number(values[2]!.Value)}＋尚未审结{Tables.Number(values[3]!.Value)}＝{Tables.Number(sum)}，与总计{Tables.Number(values[4]!.Value)}不符。",
                Tables.Cells(t, Enumerable.Range(0, 5).Select(c => (block, c))), 4);
        }
    }

    /// <summary>The row has a number in each of the five columns.</summary>
    private static bool Complete(TableRow row)
    {
        for (var c = 0; c < 5; c++)
            if (row[c] is null) return false;
        return true;
    }
}

/// <summary>table.missing: section 二, 三 or 四 is there but has no table at all (only prose such as “无”).</summary>
public sealed class TableMissingRule : IRule
{
    public string Id => "table.missing";
    public Severity Severity => Severity.Warning;
    public string Description => "第二、三、四部分有标题但没有模板规定的统计表";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var r = input.Report;
        foreach (var (n, table) in new[] { (2, r.ActiveDisclosure), (3, r.Applications), (4, r.ReviewLitigation) })
        {
            var section = r.Section(n);
            if (section is null) continue;
            sink.Assessed();
            // a table the parser could not read is not a missing table: only a section without any row of cells counts
            if (table is not null || section.Text.Split('\n').Any(Prose.IsTableLine)) continue;
            var prose = string.Join("", Prose.Paragraphs(section.Text));
            sink.Report(Severity.Warning,
                $"{Prose.SectionName(n)}“{Template.SectionTitles[n - 1]}”没有按模板填写统计表，即使没有数据也应列表填0。",
                prose.Length == 0 ? $"{Prose.SectionName(n)}正文为空" : $"{Prose.SectionName(n)}正文：{Prose.Quote(prose)}", n);
        }
    }
}
