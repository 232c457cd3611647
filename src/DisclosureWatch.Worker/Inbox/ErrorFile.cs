using System.Globalization;
using System.Text;

namespace DisclosureWatch.Worker.Inbox;

/// <summary>
/// NAME.error.txt beside a file set aside (the inbox's failed/, labels/failed/): one "key: value" a line, values escaped
/// (\n, \r, \\, control characters) so that a file name or a reason cannot add lines.
/// </summary>
internal static class ErrorFile
{
    public const string Suffix = ".error.txt";

    /// <summary>Writes <paramref name="path"/>.error.txt.</summary>
    public static void Write(string path, IEnumerable<(string Key, string? Value)> lines) => File.WriteAllText(path + Suffix, Text(lines));

    public static string Text(IEnumerable<(string Key, string? Value)> lines)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in lines) text.Append(key).Append(": ").Append(Escape(value ?? "")).Append('\n');
        return text.ToString();
    }

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    internal static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
            text.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return text.ToString();
    }
}
