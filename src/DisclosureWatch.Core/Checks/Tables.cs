using System.Globalization;
using System.Text;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Checks;

/// <summary>Names and evidence for table cells, in the words a supervisor uses.</summary>
public static class Tables
{
    private static readonly Dictionary<string, string> ShortLabels = new()
    {
        ["newReceived"] = "本年新收", ["carriedOver"] = "上年结转", ["granted"] = "予以公开", ["partiallyGranted"] = "部分公开",
        ["denied"] = "不予公开", ["unable"] = "无法提供", ["notProcessed"] = "不予处理", ["otherHandling"] = "其他处理",
        ["totalProcessed"] = "办理结果总计", ["carriedForward"] = "结转下年度",
        ["review"] = "行政复议", ["litigationDirect"] = "行政诉讼（未经复议直接起诉）", ["litigationAfterReview"] = "行政诉讼（复议后起诉）",
        [Template.T3OrganizationsSubtotal] = "法人或其他组织小计",
    };

    /// <summary>A row or column key as a short Chinese name (予以公开, 本年新收, 总计 …).</summary>
    public static string Name(string key) =>
        ShortLabels.TryGetValue(key, out var s) ? s : Template.Label(key);

    /// <summary>第二部分表格 / 第三部分表格 / 第四部分表格.</summary>
    public static string TableName(string table) => table switch
    {
        "t2" => "第二部分表格",
        "t3" => "第三部分表格",
        "t4" => "第四部分表格",
        _ => "表格",
    };

    public static int SectionOf(string table) => table switch { "t2" => 2, "t3" => 3, "t4" => 4, _ => 0 };

    /// <summary>How many values the template has on a row.</summary>
    public static int ExpectedCount(StatTable table, string rowKey) => table.Name switch
    {
        "t2" => Template.T2DocumentRows.Contains(rowKey) ? Template.T2DocumentColumns.Count : 1,
        "t4" => Template.T4Columns.Count,
        _ => table.Columns.Count,
    };

    public static string Number(decimal v) => v == decimal.Truncate(v) && Math.Abs(v) < long.MaxValue
        ? ((long)v).ToString(CultureInfo.InvariantCulture) // the usual case, several times faster than the custom format
        : v.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>"本年新收/总计=3119" — a cell as evidence (raw text when it is not a number).</summary>
    public static string Cell(StatTable table, string rowKey, int column) =>
        AppendCell(new StringBuilder(32), table, rowKey, column).ToString();

    /// <summary>"第三部分表格：本年新收/总计=3119，…" — the cells written one after another into one builder.</summary>
    public static string Cells(StatTable table, IEnumerable<(string Row, int Column)> cells)
    {
        var b = new StringBuilder(64).Append(TableName(table.Name)).Append('：');
        var first = true;
        foreach (var (row, column) in cells)
        {
            if (!first) b.Append('，');
            first = false;
            AppendCell(b, table, row, column);
        }
        return b.ToString();
    }

    /// <summary><see cref="Cell"/> appended to <paramref name="b"/> (<see cref="Cells"/> writes every cell into one builder).</summary>
    private static StringBuilder AppendCell(StringBuilder b, StatTable table, string rowKey, int column)
    {
        var cell = table.Cell(rowKey, column);
        b.Append(Name(rowKey)).Append('/');
        if (column < table.Columns.Count) b.Append(Name(table.Columns[column]));
        else b.Append(CultureInfo.InvariantCulture, $"第{column + 1}列");
        b.Append('=');
        if (cell is null) b.Append('?');
        else if (cell.Value is { } v) b.Append(Number(v)); // whole numbers below 300 are cached strings
        else if (cell.IsBlank) b.Append("空白");
        else b.Append('“').Append(cell.Raw).Append('”');
        return b;
    }

    /// <summary>The core of a row label for comparison: no ordinals, brackets, digits, punctuation or spaces.</summary>
    public static string LabelCore(string label) => Cjk(label, dropBracketed: true);

    /// <summary>Only the CJK characters of a label (bracketed remarks kept), leading ordinal dropped.</summary>
    public static string AllCjk(string label) => Cjk(label, dropBracketed: false);

    /// <summary>
    /// The label's CJK characters (U+4E00–U+9FA5), without a bracketed remark that holds no other bracket when
    /// <paramref name="dropBracketed"/>, and without a leading ordinal before 本/上/结 (一本年新收 → 本年新收).
    /// Called for every row of every report: one pass, no regex.
    /// </summary>
    private static string Cjk(string label, bool dropBracketed)
    {
        Span<char> kept = label.Length <= 256 ? stackalloc char[label.Length] : new char[label.Length];
        return new string(Cjk(label, dropBracketed, kept));
    }

    /// <summary><see cref="LabelCore(string)"/> written into <paramref name="kept"/> (as long as the label): no string made.</summary>
    internal static ReadOnlySpan<char> LabelCore(string label, Span<char> kept) => Cjk(label, dropBracketed: true, kept);

    private static ReadOnlySpan<char> Cjk(string label, bool dropBracketed, Span<char> kept)
    {
        var n = 0;
        for (var i = 0; i < label.Length; i++)
        {
            var c = label[i];
            if (dropBracketed && c is '（' or '(')
            {
                var next = label.AsSpan(i + 1).IndexOfAny("（()）");
                if (next >= 0 && label[i + 1 + next] is '）' or ')')
                {
                    i += 1 + next;
                    continue;
                }
            }
            if (c is >= '\u4e00' and <= '\u9fa5') kept[n++] = c;
        }
        var start = 0;
        while (start < n && Prose.NumeralValue(kept[start]) > 0) start++;
        if (start == n || kept[start] is not ('本' or '上' or '结')) start = 0;
        return kept[start..n];
    }
}
