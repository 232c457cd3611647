using System.Globalization;

namespace DisclosureWatch.Core.Reports;

/// <summary>One cell as the report states it: the raw text, and its number (null when blank or a placeholder).</summary>
public sealed record TableCell(string Raw, decimal? Value)
{
    public static readonly TableCell Blank = new("", null);

    public bool IsBlank => Raw.Length == 0;
    /// <summary>无, /, -, — and the like: a placeholder where the template wants a number.</summary>
    public bool IsPlaceholder => Value is null && Raw.Length > 0;

    /// <summary>Reads a cell: integers, decimals, thousands separators; 无 / - / "/" / blank are null.</summary>
    public static TableCell Parse(string? raw)
    {
        var text = WhiteSpace.Trim(raw ?? "");
        if (text.Length == 0) return Blank;
        if (text.Length == 1 && char.IsAsciiDigit(text[0])) return Digits[text[0] - '0'];
        return new TableCell(text, TryNumber(text, out var v) ? v : null);
    }

    /// <summary>The cells 0–9, shared (a cell is immutable): most cells of most tables are one of them.</summary>
    private static readonly TableCell[] Digits = Enumerable.Range(0, 10).Select(d => new TableCell(((char)('0' + d)).ToString(), d)).ToArray();

    /// <summary>True for text that stands in a value cell: a number or a placeholder.</summary>
    public static bool LooksLikeValue(string text) => LooksLikeValue(text.AsSpan());

    /// <inheritdoc cref="LooksLikeValue(string)"/>
    public static bool LooksLikeValue(ReadOnlySpan<char> text)
    {
        var t = WithoutAnnotation(WhiteSpace.Trim(text));
        if (t.IsEmpty) return false;
        // Cheap rejection first: most tokens asked about are words.
        foreach (var c in t)
            if (!MayStandInValue(c)) return false;
        return IsPlaceholderText(t) || TryNumber(t, out _);
    }

    /// <summary>
    /// A number as cells write it (3, 1,234, ３, 3件, -1, 0.5), read without allocating: every token of every
    /// table line is asked, most of them a few ASCII digits.
    /// </summary>
    private static bool TryNumber(ReadOnlySpan<char> text, out decimal value)
    {
        text = WithoutAnnotation(text);
        if (text.Length is > 0 and <= 9 && !text.ContainsAnyExceptInRange('0', '9'))
        {
            var n = 0;
            foreach (var c in text) n = n * 10 + (c - '0');
            value = n;
            return true;
        }
        Span<char> buffer = text.Length <= 64 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        foreach (var c in text)
        {
            if (c is ',' or '，' or ' ') continue;
            buffer[length++] = c switch { >= '０' and <= '９' => (char)('0' + (c - '０')), '．' => '.', '－' => '-', _ => c };
        }
        var number = buffer[..length];
        if (number.Length > 1 && number[^1] is '件' or '条' or '个' or '次' or '项') number = number[..^1]; // 3件
        return decimal.TryParse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// A number annotated in its cell — "31（其中新制定12件）", "40 (含到期失效9件)", or cut at the cell's edge
    /// "31（其中新制" — is that number: the text before the bracket, when there is any. A bracket first is a label's
    /// ordinal ("（一）予以公开"), left as it is.
    /// </summary>
    private static ReadOnlySpan<char> WithoutAnnotation(ReadOnlySpan<char> text)
    {
        var at = text.IndexOfAny('（', '(');
        return at > 0 ? WhiteSpace.TrimEnd(text[..at]) : text;
    }

    /// <summary>Digits, separators, a sign, a unit (3件) or a placeholder's characters.</summary>
    private static bool MayStandInValue(char c) =>
        char.IsAsciiDigit(c) || c is >= '０' and <= '９' || c is '.' or ',' or '，' or '-' or '+' or '．' or '－' or ' '
        || c is '件' or '条' or '个' or '次' or '项' || c is '无' or '/' or '／' or '—' or '–' or '\\' or '空';

    public static bool IsPlaceholderText(string t) => IsPlaceholderText(t.AsSpan());

    private static bool IsPlaceholderText(ReadOnlySpan<char> t) =>
        t is "无" or "/" or "／" or "-" or "－" or "—" or "——" or "–" or "\\" or "空";

    public override string ToString() => Value?.ToString(CultureInfo.InvariantCulture) ?? (Raw.Length == 0 ? "·" : Raw);
}

/// <summary>A table row: its key in the template, the label as written, and one cell per template column.</summary>
/// <param name="Key">Template key, e.g. newReceived, denied.stateSecret, punishment, review.</param>
/// <param name="Label">The row label as written in the report.</param>
/// <param name="Cells">One cell per template column; null where the row could not be read unambiguously.</param>
/// <param name="StatedCount">How many value cells the report gives on this row (for table.shape).</param>
/// <param name="Line">0-based line index in the extracted document, or -1.</param>
public sealed record TableRow(string Key, string Label, IReadOnlyList<TableCell?> Cells, int StatedCount, int Line)
{
    public decimal? this[int column] => column < Cells.Count ? Cells[column]?.Value : null;

    /// <summary>The label had to be gathered from the lines around the values (a pdftotext wrap): not comparable word for word.</summary>
    public bool LabelWrapped { get; init; }
}

/// <summary>A statutory table: fixed columns, rows by template key.</summary>
public sealed class StatTable
{
    public StatTable(string name, IReadOnlyList<string> columns, IReadOnlyList<TableRow> rows)
    {
        Name = name;
        Columns = columns;
        Rows = rows;
        // The rules ask for rows by key thousands of times per report: look them up, don't scan.
        _byKey = new Dictionary<string, TableRow>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows) _byKey.TryAdd(row.Key, row);
    }

    private readonly Dictionary<string, TableRow> _byKey;

    /// <summary>t2, t3 or t4.</summary>
    public string Name { get; }
    public IReadOnlyList<string> Columns { get; }
    public IReadOnlyList<TableRow> Rows { get; }

    public TableRow? Row(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>The number in row <paramref name="key"/>, column <paramref name="column"/>; null when absent, blank or unread.</summary>
    public decimal? Value(string key, int column) => Row(key)?[column];

    public TableCell? Cell(string key, int column)
    {
        var row = Row(key);
        return row is null || column >= row.Cells.Count ? null : row.Cells[column];
    }

    public int ColumnIndex(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (Columns[i] == column) return i;
        return -1;
    }
}
