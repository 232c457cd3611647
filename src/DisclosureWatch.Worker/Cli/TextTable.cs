using System.Globalization;
using System.Text;

namespace DisclosureWatch.Worker.Cli;

/// <summary>
/// Columns of text that line up on a terminal: a Chinese character (and any East Asian wide or fullwidth one) takes two
/// columns, so padding counts display columns, not chars. The last column is not padded.
/// </summary>
internal sealed class TextTable(params string[] header)
{
    private readonly List<string[]> _rows = [header];

    public string Indent { get; init; } = "";

    public void Add(params string[] cells) => _rows.Add(cells);

    public void WriteTo(TextWriter output)
    {
        var columns = _rows.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns).Select(c => _rows.Max(r => c < r.Length ? Width(r[c]) : 0)).ToArray();
        foreach (var row in _rows)
        {
            var line = new StringBuilder(Indent);
            for (var c = 0; c < row.Length; c++)
            {
                line.Append(row[c]);
                if (c < row.Length - 1) line.Append(' ', widths[c] - Width(row[c]) + 2);
            }
            output.WriteLine(line.ToString().TrimEnd());
        }
    }

    /// <summary>Display columns of a text: 2 for East Asian wide and fullwidth characters, 0 for combining marks, else 1.</summary>
    public static int Width(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format) continue;
            width += IsWide(rune.Value) ? 2 : 1;
        }
        return width;
    }

    /// <summary>Pads with spaces to <paramref name="width"/> display columns.</summary>
    public static string Pad(string text, int width) => text + new string(' ', Math.Max(0, width - Width(text)));

    // The East Asian Width W and F ranges that occur in reports: CJK, Hangul, kana, fullwidth forms, CJK punctuation.
    private static bool IsWide(int c) =>
        c is >= 0x1100 and <= 0x115F
        or >= 0x2E80 and <= 0x303E
        or >= 0x3041 and <= 0x33FF
        or >= 0x3400 and <= 0x4DBF
        or >= 0x4E00 and <= 0x9FFF
        or >= 0xA000 and <= 0xA4CF
        or >= 0xAC00 and <= 0xD7A3
        or >= 0xF900 and <= 0xFAFF
        or >= 0xFE30 and <= 0xFE4F
        or >= 0xFF00 and <= 0xFF60
        or >= 0xFFE0 and <= 0xFFE6
        or >= 0x20000 and <= 0x3FFFD;
}
