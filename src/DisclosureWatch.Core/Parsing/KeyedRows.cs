using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Parsing;

/// <summary>
/// A template row: its key, its value columns, and its label as the template words it — the labels it sits under
/// (<paramref name="Path"/>: 三、本年度办理结果, （三）不予公开), its own words (<paramref name="Labels"/>, alternatives)
/// and words a report may add or leave out (<paramref name="Free"/>: 部分公开's parenthesis). Words are compared
/// without ordinals, spaces and punctuation.
/// </summary>
internal sealed record RowSpec(string Key, int Columns, string[] Path, string[] Labels, string Free = "")
{
    public RowSpec(string key, int columns, params string[] labels) : this(key, columns, [], labels) { }
}

/// <summary>
/// Assigns value rows to template rows as a sequence. The rows of a statutory table come in the template's order,
/// so the observed rows (each with its own label and the label fragments around it: a wrapped label, a loose label
/// line, a heading above its little table) are aligned with the template's rows by dynamic programming: every
/// row scores by how much of a template label its text covers (dropped, added and substituted characters cost a
/// little each; ordinals and punctuation are ignored), each fragment counts for at most one row, and the keys
/// increase down the table. A garbled label is thereby placed by its neighbours, and a fragment two template rows
/// share by its position. A row whose best placement is not clearly better than its second best is left out with
/// the reason in the notes: a wrong number is worse than a null.
/// </summary>
internal static partial class KeyedRows
{
    /// <summary>What an assigned row gains for being placed at all: position counts, not only words.</summary>
    internal const float Placed = 0.35f;
    /// <summary>The least label similarity a row needs to be placed.</summary>
    internal const float MinSimilarity = 0.25f;
    /// <summary>How much better the chosen placement must be than any other for the row to be read.</summary>
    internal const float Margin = 0.2f;
    /// <summary>What a character of the row's text that the template label does not explain costs (per label character).</summary>
    internal const float Unexplained = 0.35f;
    /// <summary>How many label fragments on each side a row may take as its own (pdftotext wraps long labels).</summary>
    internal const int MaxClaim = 2;

    /// <summary>The template rows the value rows of a region are, with what could not be read (see <see cref="RowAssignment"/>).</summary>
    public static (List<TableRow> Rows, List<ParseNote> Notes) Assign(string table, List<TableItem> items, IReadOnlyList<RowSpec> specs) =>
        new RowAssignment(table, RowLabels.For(specs), items).Run();

    /// <summary>A row's ordinal at the start of its label: 一、 （三） (3) 3. 3、</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}\s*[.．、])")]
    internal static partial System.Text.RegularExpressions.Regex RowOrdinal();

    /// <summary>
    /// A label's words for comparison: Han characters only, without ordinals (一、 （三） 3.) — spaces, digits,
    /// punctuation and quotes dropped. 危及“三安全一稳定” keeps its 三 and 一.
    /// </summary>
    public static string Norm(string s)
    {
        if (s.Length == 0) return s;
        Span<char> buffer = s.Length <= 256 ? stackalloc char[s.Length] : new char[s.Length];
        var n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is < '\u3400' or > '\u9FFF') continue;
            if ("一二三四五六七八九十".Contains(c))
            {
                var next = NextVisible(s, i + 1);
                var prev = i > 0 ? s[i - 1] : '\0';
                if (next is '、' or '.' or '．' or '，' or ',') continue;
                if (prev is '（' or '(' && next is '）' or ')') continue;
            }
            buffer[n++] = c;
        }
        return n == s.Length ? s : new string(buffer[..n]);
    }

    private static char NextVisible(string s, int from)
    {
        for (var i = from; i < s.Length; i++)
            if (s[i] is not (' ' or '\u3000')) return s[i];
        return '\0';
    }
}
