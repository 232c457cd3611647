using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace DisclosureWatch.Worker.Synthetic;

/// <summary>A .docx written with OpenXML: gridSpan for merged columns, vMerge for merged rows.</summary>
internal static class DocxLayout
{
    public static byte[] Render(CorpusReport report)
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
