using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace DisclosureWatch.Worker.Synthetic;

/// <summary>Writes a <see cref="CorpusReport"/> in its layout: a file name (its extension gives the format) and the bytes.</summary>
public static class CorpusRenderer
{
    public static (string FileName, byte[] Bytes) Render(CorpusReport report) => report.Layout switch
    {
        Layout.TabText => Text(report, "txt", TabText(report)),
        Layout.PipeMarkdown => Text(report, "md", Pipe(report)),
        Layout.OcrRowTables => Text(report, "md", OcrRows(report)),
        Layout.OcrLooseLabels => Text(report, "md", OcrLoose(report)),
        Layout.WordHtml => Text(report, "html", WordHtml(report)),
        Layout.CellPerLine => Text(report, "txt", CellPerLine(report)),
        Layout.Docx or Layout.Pdf => ($"report-{report.Number:D6}.docx", Docx(report)),
        _ => throw new ArgumentOutOfRangeException(nameof(report)),
    };

    private static (string, byte[]) Text(CorpusReport report, string extension, string text) =>
        ($"report-{report.Number:D6}.{extension}", Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Converts .docx files to PDF with one LibreOffice call (a private profile, so parallel sessions do not clash).
    /// Returns the PDF paths in the same order.
    /// </summary>
    public static IReadOnlyList<string> ConvertToPdf(IReadOnlyList<string> docxPaths, string outDir)
    {
        if (docxPaths.Count == 0) return [];
        Directory.CreateDirectory(outDir);
        var profile = Path.Combine(outDir, "lo-profile");
        var start = new ProcessStartInfo("soffice") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { $"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", outDir })
            start.ArgumentList.Add(a);
        foreach (var p in docxPaths) start.ArgumentList.Add(p);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("soffice did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("LibreOffice took longer than 10 minutes");
        }
        var pdfs = docxPaths.Select(p => Path.Combine(outDir, Path.GetFileNameWithoutExtension(p) + ".pdf")).ToList();
        var missing = pdfs.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
#pragma warning disable RS0030 // a synchronous converter around a child process that has exited: its pipes are read to their end
            throw new InvalidOperationException($"LibreOffice made no PDF of {missing.Count} files (exit {process.ExitCode}): {stderr.Result}{stdout.Result}");
#pragma warning restore RS0030
        return pdfs;
    }

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

    private static string TabText(CorpusReport report)
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

    private static string Pipe(CorpusReport report)
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

    private static string CellPerLine(CorpusReport report)
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

    private static string OcrRows(CorpusReport report)
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

    private static string OcrLoose(CorpusReport report)
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

    // Word HTML ---------------------------------------------------------------------------------------

    private static string WordHtml(CorpusReport report)
    {
        var sb = new StringBuilder();
        sb.Append("""
            <html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
            <head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=Generator content="Microsoft Word 15">
            <style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm; text-align:justify; font-size:10.5pt; font-family:等线;} --></style></head>
            <body lang=ZH-CN style='tab-interval:21.0pt'><div class=WordSection1 style='layout-grid:15.6pt'>

            """);
        static string Span(string text) => $"<span style='font-size:16.0pt;font-family:仿宋_GB2312;mso-hansi-font-family:\"Times New Roman\"'>{WebUtility.HtmlEncode(text)}<o:p></o:p></span>";
        foreach (var block in report.Blocks)
        {
            if (block is Paragraph p)
            {
                var style = p.Heading ? " style='mso-outline-level:1'" : "";
                sb.Append(CultureInfo.InvariantCulture, $"<p class=MsoNormal{style}>{(p.Heading ? "<b>" : "")}{Span(p.Text)}{(p.Heading ? "</b>" : "")}</p>\n");
                if (p.Continuation is not null) sb.Append(CultureInfo.InvariantCulture, $"<p class=MsoNormal>{Span(p.Continuation)}</p>\n");
                continue;
            }
            var table = (TableBlock)block;
            sb.Append("<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n");
            for (var r = 0; r < table.Rows.Count; r++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<tr style='mso-yfti-irow:{r};height:20.0pt'>\n");
                foreach (var cell in table.Rows[r].Cells)
                {
                    var spans = (cell.ColSpan > 1 ? $" colspan={cell.ColSpan}" : "") + (cell.RowSpan > 1 ? $" rowspan={cell.RowSpan}" : "");
                    var content = cell.Text.Length == 0 && cell.Wrap is null
                        ? "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"
                        : cell.Wrap is null
                            ? $"<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US style='font-size:10.5pt'>{WebUtility.HtmlEncode(cell.Text)}<o:p></o:p></span></p>"
                            : $"<p class=MsoNormal><span style='font-size:10.5pt'>{WebUtility.HtmlEncode(cell.Text)}<br>{WebUtility.HtmlEncode(cell.Wrap)}<o:p></o:p></span></p>";
                    sb.Append(CultureInfo.InvariantCulture, $"  <td width=64{spans} valign=center style='border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>{content}</td>\n");
                }
                sb.Append("</tr>\n");
            }
            sb.Append("</table>\n<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n");
        }
        sb.Append("</div></body></html>\n");
        return sb.ToString();
    }

    // Docx --------------------------------------------------------------------------------------------

    private static byte[] Docx(CorpusReport report)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new W.Body();
            foreach (var block in report.Blocks)
            {
                if (block is Paragraph p)
                {
                    body.Append(Para(p.Text, p.Heading, 24));
                    if (p.Continuation is not null) body.Append(Para(p.Continuation, false, 24));
                    continue;
                }
                body.Append(DocxTable((TableBlock)block));
                body.Append(Para("", false, 24));
            }
            body.Append(new W.SectionProperties(
                new W.PageSize { Width = 11906U, Height = 16838U },
                new W.PageMargin { Top = 1000, Bottom = 1000, Left = 900U, Right = 900U, Header = 500U, Footer = 500U, Gutter = 0U }));
            main.Document = new W.Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static W.Paragraph Para(string text, bool bold, int halfPoints, params string[] more)
    {
        var paragraph = new W.Paragraph();
        foreach (var (t, i) in new[] { text }.Concat(more).Select((t, i) => (t, i)))
        {
            var run = new W.Run(new W.RunProperties(
                new W.RunFonts { EastAsia = "Noto Sans CJK SC", Ascii = "Noto Sans CJK SC", HighAnsi = "Noto Sans CJK SC" },
                bold ? new W.Bold() : new W.Bold { Val = false }, new W.FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) }));
            if (i > 0) run.Append(new W.Break());
            run.Append(new W.Text(t) { Space = SpaceProcessingModeValues.Preserve });
            paragraph.Append(run);
        }
        return paragraph;
    }

    private static W.Table DocxTable(TableBlock table)
    {
        // positions: which cell starts where, so vertically merged cells continue in the rows below
        var width = table.Rows.Max(r => r.Cells.Sum(c => c.ColSpan));
        var origin = new List<(GridCell Cell, bool Start)?[]>();
        for (var r = 0; r < table.Rows.Count; r++)
        {
            while (origin.Count <= r) origin.Add(new (GridCell, bool)?[width + 3]);
            var cursor = 0;
            foreach (var cell in table.Rows[r].Cells)
            {
                while (origin[r][cursor] is not null) cursor++;
                for (var dr = 0; dr < cell.RowSpan; dr++)
                {
                    while (origin.Count <= r + dr) origin.Add(new (GridCell, bool)?[width + 3]);
                    for (var dc = 0; dc < cell.ColSpan; dc++) origin[r + dr][cursor + dc] = (cell, dr == 0);
                }
                cursor += cell.ColSpan;
            }
        }
        width = origin.Max(row => Array.FindLastIndex(row, c => c is not null) + 1);
        var widths = table.Number switch
        {
            2 => new[] { 3600, 2100, 2100, 2100 },
            3 => new[] { 900, 1300, 2900 }.Concat(Enumerable.Repeat(700, 7)).ToArray(),
            _ => Enumerable.Repeat(670, width).ToArray(),
        };
        var t = new W.Table(new W.TableProperties(
            new W.TableBorders(
                new W.TopBorder { Val = W.BorderValues.Single, Size = 4 }, new W.BottomBorder { Val = W.BorderValues.Single, Size = 4 },
                new W.LeftBorder { Val = W.BorderValues.Single, Size = 4 }, new W.RightBorder { Val = W.BorderValues.Single, Size = 4 },
                new W.InsideHorizontalBorder { Val = W.BorderValues.Single, Size = 4 }, new W.InsideVerticalBorder { Val = W.BorderValues.Single, Size = 4 }),
            new W.TableLayout { Type = W.TableLayoutValues.Fixed }));
        t.Append(new W.TableGrid(widths.Take(width).Select(w => new W.GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));
        foreach (var row in origin)
        {
            var tr = new W.TableRow();
            for (var c = 0; c < width;)
            {
                var at = row[c];
                if (at is null) { tr.Append(Cell("", 1, null, widths[c])); c++; continue; }
                var (cell, start) = at.Value;
                var span = Math.Min(cell.ColSpan, width - c);
                var w = widths.Skip(c).Take(span).Sum();
                var merge = cell.RowSpan > 1 ? new W.VerticalMerge { Val = start ? W.MergedCellValues.Restart : W.MergedCellValues.Continue } : null;
                tr.Append(start ? Cell(cell.Text, span, merge, w, cell.Wrap) : Cell("", span, merge, w));
                c += span;
            }
            t.Append(tr);
        }
        return t;

        static W.TableCell Cell(string text, int span, W.VerticalMerge? merge, int width, string? wrap = null)
        {
            var props = new W.TableCellProperties(new W.TableCellWidth { Width = width.ToString(CultureInfo.InvariantCulture), Type = W.TableWidthUnitValues.Dxa });
            if (span > 1) props.Append(new W.GridSpan { Val = span });
            if (merge is not null) props.Append(merge);
            return new W.TableCell(props, wrap is null ? Para(text, false, 16) : Para(text, false, 16, wrap));
        }
    }
}
