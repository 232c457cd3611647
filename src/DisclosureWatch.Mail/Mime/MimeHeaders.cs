using System.Collections;
using System.Globalization;

namespace DisclosureWatch.Mail.Mime;

/// <summary>The unfolded header fields of a message or body part, in order. Values are raw (RFC 2047 words are
/// not decoded here; the typed properties of <see cref="MimeMessage"/> and <see cref="MimePart"/> decode them).</summary>
public sealed class MimeHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _fields = new();

    public string? this[string name] =>
        _fields.FirstOrDefault(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public IEnumerable<string> GetAll(string name) =>
        _fields.Where(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value);

    public int Count => _fields.Count;

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _fields.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Parses a header block. 8-bit header bytes (RFC 6532, or raw GBK from old Chinese mailers) are read
    /// as UTF-8 when valid, otherwise as GB18030.</summary>
    internal static MimeHeaders Parse(ReadOnlySpan<byte> block)
    {
        var headers = new MimeHeaders();
        var text = Charsets.DecodeGuess(block);
        string? name = null;
        System.Text.StringBuilder? value = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
            {
                value?.Append(line); // unfolding removes only the line break (RFC 5322 2.2.3)
                continue;
            }
            if (name is not null) headers._fields.Add(new(name, value!.ToString().Trim()));
            name = null;
            int colon = line.IndexOf(':');
            if (colon <= 0) continue; // not a header field (e.g. an mbox "From " line)
            name = line[..colon].Trim();
            value = new System.Text.StringBuilder(line[(colon + 1)..]);
        }
        if (name is not null) headers._fields.Add(new(name, value!.ToString().Trim()));
        return headers;
    }

    /// <summary>RFC 5322 date-time, tolerant of comments, missing weekday, two-digit years and named zones.</summary>
    public static DateTimeOffset? ParseDate(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var s = System.Text.RegularExpressions.Regex.Replace(raw, @"\([^)]*\)", " ");
        int comma = s.IndexOf(',');
        if (comma >= 0) s = s[(comma + 1)..];
        var t = s.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (t.Length < 4) return null;
        if (!int.TryParse(t[0], out var day)) return null;
        int month = Array.FindIndex(CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames,
            m => m.Length > 0 && t[1].StartsWith(m, StringComparison.OrdinalIgnoreCase)) + 1;
        if (month == 0 || !int.TryParse(t[2], out var year)) return null;
        if (year < 50) year += 2000; else if (year < 1000) year += 1900;
        var hms = t[3].Split(':');
        if (hms.Length < 2 || !int.TryParse(hms[0], out var h) || !int.TryParse(hms[1], out var mi)) return null;
        int sec = hms.Length > 2 && int.TryParse(hms[2], out var ss) ? ss : 0;
        var offset = TimeSpan.Zero;
        if (t.Length > 4)
        {
            var z = t[4];
            if ((z[0] == '+' || z[0] == '-') && z.Length == 5 && int.TryParse(z.AsSpan(1, 2), out var zh) && int.TryParse(z.AsSpan(3, 2), out var zm))
                offset = new TimeSpan(zh, zm, 0) * (z[0] == '-' ? -1 : 1);
            else
                offset = TimeSpan.FromHours(z.ToUpperInvariant() switch
                {
                    "EST" => -5, "EDT" => -4, "CST" => -6, "CDT" => -5, "MST" => -7, "MDT" => -6, "PST" => -8, "PDT" => -7, _ => 0,
                });
        }
        try { return new DateTimeOffset(year, month, day, h, mi, Math.Min(sec, 59), offset); }
        catch (ArgumentException) { return null; }
    }
}
