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
        // The stated values from..to (every row of every table passes here: no lists, no iterators).
        int from = 0, to = stated.Count;
        if (delimited)
        {
            while (to - from > expected && IsBlank(stated[to - 1])) to--;
            if (labelled) while (to - from > expected && IsBlank(stated[from])) from++;
            // Blank cells are blank wherever they stand: the count of trailing tabs carries no information.
            var allBlank = true;
            for (var i = from; i < to && allBlank; i++) allBlank = IsBlank(stated[i]);
            if (allBlank)
            {
                var blank = new TableCell?[expected];
                Array.Fill(blank, TableCell.Blank);
                return new(blank, expected, null);
            }
        }
        var cells = new TableCell[to - from];
        for (var i = 0; i < cells.Length; i++) cells[i] = TableCell.Parse(stated[from + i]);
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

    private static bool IsBlank(string value) => value.AsSpan().Trim().IsEmpty;
}
