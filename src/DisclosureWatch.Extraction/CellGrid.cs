using DisclosureWatch.Core.Documents;

namespace DisclosureWatch.Extraction;

/// <summary>
/// Lays table cells out on a rectangular grid the way HTML and Word do: a cell spanning columns or rows
/// occupies every position it covers, holding its text in the first and "" in the others.
/// </summary>
internal sealed class CellGrid(string file, int maxCells)
{
    private const int MaxColumnSpan = 1000; // the HTML limit

    private readonly List<List<string?>> rows = [];
    private int width;
    private int currentRow = -1;
    private int cursor;

    /// <summary>Starts the next row; the cursor is at its first free column.</summary>
    public void NextRow()
    {
        currentRow++;
        cursor = 0;
        Row(currentRow);
    }

    /// <summary>Leaves <paramref name="count"/> positions of the current row empty (Word's gridBefore/gridAfter).</summary>
    public void Skip(int count)
    {
        if (count > 0) Place("", count, 1);
    }

    /// <summary>
    /// Puts a cell at the first free position of the current row. <paramref name="rowSpan"/> is clamped to
    /// <paramref name="rowsLeft"/> (a span never grows the table past its last row).
    /// </summary>
    public void Place(string text, int colSpan, int rowSpan, int rowsLeft = 1)
    {
        colSpan = Math.Clamp(colSpan, 1, MaxColumnSpan);
        rowSpan = Math.Clamp(rowSpan, 1, Math.Max(1, rowsLeft));
        var row = Row(currentRow);
        while (cursor < row.Count && row[cursor] is not null) cursor++;
        CheckSize(Math.Max(width, cursor + colSpan), Math.Max(rows.Count, currentRow + rowSpan));
        for (var r = 0; r < rowSpan; r++)
        {
            var target = Row(currentRow + r);
            for (var c = 0; c < colSpan; c++) Set(target, cursor + c, r == 0 && c == 0 ? text : "");
        }
        cursor += colSpan;
        width = Math.Max(width, cursor);
    }

    /// <summary>At least this many columns (Word's declared grid).</summary>
    public void EnsureWidth(int columns) => width = Math.Max(width, Math.Min(columns, MaxColumnSpan));

    /// <summary>The rows as document lines: one cell per grid column, "" where nothing stands.</summary>
    public void WriteTo(List<DocumentLine> lines)
    {
        CheckSize(width, rows.Count);
        foreach (var row in rows)
        {
            var cells = new string[width];
            for (var c = 0; c < width; c++) cells[c] = c < row.Count ? row[c] ?? "" : "";
            lines.Add(new DocumentLine(string.Join('\t', cells), cells));
        }
    }

    private void CheckSize(int columns, int rowCount)
    {
        if ((long)columns * rowCount > maxCells)
            throw new ExtractionException(file, $"a table expands to more than {maxCells:N0} cells ({rowCount:N0} rows × {columns:N0} columns)");
    }

    private List<string?> Row(int index)
    {
        while (rows.Count <= index) rows.Add([]);
        return rows[index];
    }

    private static void Set(List<string?> row, int column, string text)
    {
        while (row.Count <= column) row.Add(null);
        row[column] ??= text;
    }
}
