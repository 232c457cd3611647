using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Parsing;

/// <summary>
/// Fits a row's stated values to the template's columns without ever shifting a value into another cell:
/// surplus blank cells of a delimited row are dropped at the ends; when more values remain than columns,
/// the row is read only if every alignment reads the same numbers (行政处罚 "0 0 0"); fewer values than
/// columns cannot be placed, so the row stays null with the reason.
/// </summary>
internal static class TableFit
{
    internal sealed record Fitted(TableCell?[] Cells, int Stated, string? Problem);

    public static Fitted Fit(IReadOnlyList<string> stated, int expected, bool delimited, bool labelled)
    {
        var v = stated.Select(s => s.Trim()).ToList();
        if (delimited)
        {
            while (v.Count > expected && v[^1].Length == 0) v.RemoveAt(v.Count - 1);
            if (labelled) while (v.Count > expected && v[0].Length == 0) v.RemoveAt(0);
            // Blank cells are blank wherever they stand: the count of trailing tabs carries no information.
            if (v.All(s => s.Length == 0)) return new(Enumerable.Repeat<TableCell?>(TableCell.Blank, expected).ToArray(), expected, null);
        }
        var cells = v.Select(TableCell.Parse).ToArray();
        if (cells.Length == expected) return new(cells, expected, null);
        if (cells.Length > expected)
        {
            for (var offset = 1; offset <= cells.Length - expected; offset++)
                for (var i = 0; i < expected; i++)
                    if (cells[offset + i].Value != cells[i].Value)
                        return new(new TableCell?[expected], cells.Length,
                            $"{cells.Length} 个数值而模板为 {expected} 栏，无法确定对应关系，未读取");
            return new(cells[..expected], cells.Length, null);
        }
        return new(new TableCell?[expected], cells.Length,
            $"{cells.Length} 个数值而模板为 {expected} 栏，无法确定缺少的是哪一栏，未读取");
    }
}
