using System.Text;

namespace DisclosureWatch.Worker.Synthetic;

/// <summary>The plain-text and markdown layouts: tables on their expanded grid as tabs, pipes, OCR markdown or one cell per line.</summary>
internal static class TextLayouts
{
    // The expanded grid -------------------------------------------------------------------------------

    /// <summary>A table on its grid: every position's text ("" where a span covers it), and wrapped labels' first halves.</summary>
    private sealed record Expanded(string[][] Rows, Dictionary<int, (int Column, string Head)> Wraps);

    private static Expanded Expand(TableBlock table)
    {
        var grid = new List<string?[]>();
        var wraps = new Dictionary<int, (int, string)>();
        var width = table.Rows.Max(r => r.Cells.Sum(c => c.ColSpan)) + 3;
        for (var r = 0; r < table.Rows.Count; r++)
        {
            while (grid.Count <= r) grid.Add(new string?[width]);
            var cursor = 0;
            foreach (var cell in table.Rows[r].Cells)
            {
                while (grid[r][cursor] is not null) cursor++;
                for (var dr = 0; dr < cell.RowSpan; dr++)
                {
                    while (grid.Count <= r + dr) grid.Add(new string?[width]);
                    for (var dc = 0; dc < cell.ColSpan; dc++) grid[r + dr][cursor + dc] = dr == 0 && dc == 0 ? (cell.Wrap is null ? cell.Text : cell.Wrap) : "";
                }
                if (cell.Wrap is not null) wraps[r] = (cursor, cell.Text);
                cursor += cell.ColSpan;
            }
        }
        var used = grid.Max(row => Array.FindLastIndex(row, c => c is not null) + 1);
        return new(grid.Select(row => row.Take(used).Select(c => c ?? "").ToArray()).ToArray(), wraps);
    }

    /// <summary>Rows of a delimited text table; a wrapped label's first half on a row of its own above.</summary>
    private static IEnumerable<string[]> DelimitedRows(TableBlock table)
    {
        var e = Expand(table);
        for (var r = 0; r < e.Rows.Length; r++)
        {
            if (e.Wraps.TryGetValue(r, out var wrap))
            {
                var head = new string[e.Rows[r].Length];
                Array.Fill(head, "");
                head[wrap.Column] = wrap.Head;
                yield return head;
            }
            yield return e.Rows[r];
        }
    }

    private static void Paragraphs(StringBuilder sb, Paragraph p, string headingMark = "")
    {
        sb.Append(p.Heading ? headingMark : "").Append(p.Text).Append('\n');
        if (p.Continuation is not null) sb.Append(p.Continuation).Append('\n');
    }

    // Text layouts ------------------------------------------------------------------------------------

    public static string TabText(CorpusReport report)
    {
        var sb = new StringBuilder();
        foreach (var block in report.Blocks)
        {
            if (block is Paragraph p) { Paragraphs(sb, p); sb.Append('\n'); continue; }
            foreach (var row in DelimitedRows((TableBlock)block)) sb.Append(string.Join('\t', row)).Append('\n');
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static string Pipe(CorpusReport report)
    {
        var sb = new StringBuilder();
        foreach (var block in report.Blocks)
        {
            if (block is Paragraph p) { Paragraphs(sb, p, "## "); sb.Append('\n'); continue; }
            var first = true;
            foreach (var row in DelimitedRows((TableBlock)block))
            {
                sb.Append("| ").Append(string.Join(" | ", row)).Append(" |\n");
                if (first) sb.Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", row.Length))).Append('\n');
                first = false;
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static string CellPerLine(CorpusReport report)
    {
        var sb = new StringBuilder();
        foreach (var block in report.Blocks)
        {
            if (block is Paragraph p) { Paragraphs(sb, p); sb.Append('\n'); continue; }
            var e = Expand((TableBlock)block);
            for (var r = 0; r < e.Rows.Length; r++)
            {
                for (var c = 0; c < e.Rows[r].Length; c++)
                {
                    if (e.Wraps.TryGetValue(r, out var wrap) && wrap.Column == c) sb.Append('\t').Append(wrap.Head).Append('\n');
                    sb.Append('\t').Append(e.Rows[r][c]).Append('\n');
                }
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>The label of a data row as OCR reads it: its label cells (group, sub-row) in one, a wrap as a space.</summary>
    private static string RowLabel(GridRow row) =>
        string.Join(" ", row.Cells.Take(row.Cells.Count - row.Values!.Count).Select(c => c.Wrap is null ? c.Text : c.Text + " " + c.Wrap).Where(t => t.Length > 0));

    public static string OcrRows(CorpusReport report)
    {
        var sb = new StringBuilder();
        foreach (var block in report.Blocks)
        {
            if (block is Paragraph p) { Paragraphs(sb, p, "## "); sb.Append('\n'); continue; }
            var table = (TableBlock)block;
            foreach (var row in table.Rows)
            {
                if (row.Key is null && row.Values is null)
                {
                    // a header: 第二十条 items as headings, the applicant header as a little table of its own
                    if (row.Cells.Count == 1) sb.Append("### ").Append(row.Cells[0].Text).Append("\n\n");
                    else if (table.Number == 3 && row.Cells.Any(c => c.Text == "自然人"))
                        sb.Append("| 申请人 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n\n");
                    continue;
                }
                var values = row.Values!;
                if (table.Number == 4)
                {
                    sb.Append("### 行政复议、行政诉讼\n\n| ").Append(string.Join(" | ", values.Select((_, i) => $"列{i + 1}"))).Append(" |\n|")
                      .Append(string.Concat(values.Select(_ => " --- |"))).Append("\n| ").Append(string.Join(" | ", values)).Append(" |\n\n");
                    continue;
                }
                var label = RowLabel(row);
                var shown = values.Where((v, i) => i == 0 || v.Length > 0 || table.Number != 2).ToList();
                var header = shown.Count == 7 ? ["项目", "列1", "列2", "列3", "列4", "列5", "列6", "合计"] : new[] { "项目" }.Concat(shown.Select((_, i) => $"列{i + 1}")).ToArray();
                sb.Append("### ").Append(label).Append("\n\n");
                sb.Append("| ").Append(string.Join(" | ", header)).Append(" |\n|").Append(string.Concat(header.Select(_ => " --- |"))).Append('\n');
                sb.Append("| ").Append(label).Append(" | ").Append(string.Join(" | ", shown)).Append(" |\n\n");
            }
        }
        return sb.ToString();
    }

    public static string OcrLoose(CorpusReport report)
    {
        var sb = new StringBuilder();
        foreach (var block in report.Blocks)
        {
            if (block is Paragraph p) { Paragraphs(sb, p, "## "); sb.Append('\n'); continue; }
            var table = (TableBlock)block;
            foreach (var row in table.Rows)
            {
                if (row.Values is null)
                {
                    // headers: one text line when a single cell, else a pipe row of the header's cells (the
                    // applicant header thereby split over its three rows)
                    var texts = row.Cells.Select(c => c.Text).Where(t => t.Length > 0).ToList();
                    if (texts.Count == 1) sb.Append(texts[0]).Append('\n');
                    else sb.Append("| ").Append(string.Join(" | ", texts)).Append(" |\n");
                    continue;
                }
                if (table.Number != 4)
                {
                    foreach (var c in row.Cells.Take(row.Cells.Count - row.Values.Count))
                    {
                        if (c.Text.Length == 0) continue;
                        sb.Append(c.Text).Append('\n');
                        if (c.Wrap is not null) sb.Append(c.Wrap).Append('\n');
                    }
                }
                var values = table.Number == 2 ? row.Values.Where((v, i) => i == 0 || v.Length > 0) : row.Values;
                sb.Append("| ").Append(string.Join(" | ", values)).Append(" |\n");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
