using System.Text;
using System.Text.RegularExpressions;

namespace DisclosureWatch.Mail.Mime;

/// <summary>A structured header value such as Content-Type or Content-Disposition: the main value and its
/// parameters (RFC 2045 5.1, RFC 2231 continuations/charsets already decoded). Parameter names are case-insensitive.</summary>
public sealed record HeaderValue(string Value, IReadOnlyDictionary<string, string> Parameters)
{
    public string? this[string name] => Parameters.TryGetValue(name, out var v) ? v : null;
}

/// <summary>RFC 2047 encoded words and RFC 2231 parameters, decoding (lenient) and encoding (strict).</summary>
public static partial class HeaderCodec
{
    [GeneratedRegex(@"=\?([^?\s]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWord();

    /// <summary>Decodes RFC 2047 encoded words. Whitespace between adjacent encoded words is dropped and adjacent
    /// words in the same charset are joined as bytes first, so a multi-byte character split across two words
    /// (as many Chinese mailers do) still decodes.</summary>
    public static string DecodeWords(string raw)
    {
        if (!raw.Contains("=?", StringComparison.Ordinal)) return raw;
        var sb = new StringBuilder(raw.Length);
        var pending = new List<byte>();
        string? pendingCharset = null;
        int last = 0;
        void Flush()
        {
            if (pendingCharset is null) return;
            sb.Append(Charsets.Decode(pending.ToArray(), pendingCharset));
            pending.Clear();
            pendingCharset = null;
        }
        foreach (Match m in EncodedWord().Matches(raw))
        {
            var gap = raw.AsSpan(last, m.Index - last);
            if (pendingCharset is null || !gap.IsWhiteSpace()) { Flush(); sb.Append(gap); }
            var charset = m.Groups[1].Value;
            int star = charset.IndexOf('*'); // RFC 2231 section 5: charset*language
            if (star >= 0) charset = charset[..star];
            var text = Encoding.ASCII.GetBytes(m.Groups[3].Value);
            var bytes = char.ToUpperInvariant(m.Groups[2].Value[0]) == 'B'
                ? TransferEncoding.DecodeBase64(text)
                : TransferEncoding.DecodeQuotedPrintable(text, header: true);
            if (pendingCharset is not null && !string.Equals(pendingCharset, charset, StringComparison.OrdinalIgnoreCase)) Flush();
            pendingCharset = charset;
            pending.AddRange(bytes);
            last = m.Index + m.Length;
        }
        Flush();
        sb.Append(raw.AsSpan(last));
        return sb.ToString();
    }

    /// <summary>Parses "value; name=token; name="quoted"; name*=utf-8''%E4..; name*0*=..; name*1=..".</summary>
    public static HeaderValue ParseStructured(string raw)
    {
        int i = 0;
        int semi = IndexOfUnquoted(raw, ';', 0);
        string value = (semi < 0 ? raw : raw[..semi]).Trim();
        i = semi < 0 ? raw.Length : semi + 1;
        var rawParams = new List<(string Name, string Value, bool Quoted)>();
        while (i < raw.Length)
        {
            while (i < raw.Length && (raw[i] == ';' || char.IsWhiteSpace(raw[i]))) i++;
            int eq = raw.IndexOf('=', i);
            if (eq < 0) break;
            var name = raw[i..eq].Trim();
            i = eq + 1;
            while (i < raw.Length && raw[i] is ' ' or '\t') i++;
            string v;
            bool quoted = i < raw.Length && raw[i] == '"';
            if (quoted)
            {
                var sb = new StringBuilder();
                i++;
                while (i < raw.Length && raw[i] != '"')
                {
                    // A quoted-pair only before '"' or '\\': Windows mailers send unescaped paths (C:\Users\...).
                    if (raw[i] == '\\' && i + 1 < raw.Length && raw[i + 1] is '"' or '\\') i++;
                    sb.Append(raw[i++]);
                }
                i++;
                v = sb.ToString();
                int next = raw.IndexOf(';', Math.Min(i, raw.Length));
                i = next < 0 ? raw.Length : next;
            }
            else
            {
                int end = raw.IndexOf(';', i);
                if (end < 0) end = raw.Length;
                v = raw[i..end].Trim();
                i = end;
            }
            if (name.Length > 0) rawParams.Add((name, v, quoted));
        }
        return new HeaderValue(value, AssembleParameters(rawParams));
    }

    static int IndexOfUnquoted(string s, char c, int start)
    {
        bool inQuote = false;
        for (int i = start; i < s.Length; i++)
        {
            if (s[i] == '"') inQuote = !inQuote;
            else if (s[i] == '\\' && inQuote) i++;
            else if (s[i] == c && !inQuote) return i;
        }
        return -1;
    }

    /// <summary>Joins RFC 2231 sections (name*0, name*1*, ...) and decodes charset'language'%XX values.</summary>
    static Dictionary<string, string> AssembleParameters(List<(string Name, string Value, bool Quoted)> raw)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var sections = new Dictionary<string, List<(int Index, bool Extended, string Value)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value, _) in raw)
        {
            int star = name.IndexOf('*');
            if (star < 0)
            {
                // Plain parameter; many mailers put RFC 2047 words here (name="=?GBK?B?...?="), decode them too.
                result.TryAdd(name, DecodeWords(value));
                continue;
            }
            var baseName = name[..star];
            var rest = name[(star + 1)..];
            bool extended = rest.EndsWith('*') || rest.Length == 0;
            var indexText = rest.TrimEnd('*');
            int index = indexText.Length == 0 ? 0 : int.TryParse(indexText, out var n) ? n : 0;
            if (!sections.TryGetValue(baseName, out var list)) sections[baseName] = list = new();
            list.Add((index, extended, value));
        }
        foreach (var (name, list) in sections)
        {
            list.Sort((a, b) => a.Index.CompareTo(b.Index));
            string? charset = null;
            var bytes = new List<byte>();
            for (int k = 0; k < list.Count; k++)
            {
                var (_, extended, value) = list[k];
                if (extended && k == 0)
                {
                    var parts = value.Split('\'', 3);
                    if (parts.Length == 3) { charset = parts[0]; value = parts[2]; }
                }
                if (extended) bytes.AddRange(PercentDecode(value));
                else bytes.AddRange(Charsets.Utf8.GetBytes(value));
            }
            result[name] = Charsets.Decode(bytes.ToArray(), charset); // RFC 2231 wins over a plain duplicate
        }
        return result;
    }

    static byte[] PercentDecode(string s)
    {
        var output = new List<byte>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && i + 2 < s.Length
                && Uri.IsHexDigit(s[i + 1]) && Uri.IsHexDigit(s[i + 2]))
            {
                output.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                i += 2;
            }
            else output.AddRange(Charsets.Utf8.GetBytes(s[i].ToString()));
        }
        return output.ToArray();
    }

    // ---------------------------------------------------------------- encoding (writer side)

    /// <summary>Encodes free text (Subject, display name) as RFC 2047 UTF-8 B words when it is not plain
    /// printable ASCII; words are at most 64 characters and joined by CRLF SP folds.</summary>
    public static string EncodeText(string text)
    {
        if (IsPrintableAscii(text)) return FoldAscii(text);
        var words = new List<string>();
        var chunk = new StringBuilder();
        int chunkBytes = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int len = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            var piece = text.AsSpan(i, len);
            int pieceBytes = Encoding.UTF8.GetByteCount(piece);
            if (chunkBytes + pieceBytes > 39) { words.Add(Word(chunk.ToString())); chunk.Clear(); chunkBytes = 0; }
            chunk.Append(piece);
            chunkBytes += pieceBytes;
            i += len - 1;
        }
        if (chunk.Length > 0) words.Add(Word(chunk.ToString()));
        return string.Join("\r\n ", words);

        static string Word(string s) => "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(s)) + "?=";
    }

    static string FoldAscii(string text)
    {
        if (text.Length <= 76) return text;
        var sb = new StringBuilder();
        int lineLength = 0;
        foreach (var word in text.Split(' '))
        {
            if (lineLength > 0 && lineLength + 1 + word.Length > 76) { sb.Append("\r\n"); lineLength = 0; }
            if (sb.Length > 0) { sb.Append(' '); lineLength++; }
            sb.Append(word);
            lineLength += word.Length;
        }
        return sb.ToString();
    }

    /// <summary>A display-name phrase: an atom run, a quoted string, or encoded words (never inside quotes).</summary>
    public static string EncodePhrase(string name)
    {
        if (!IsPrintableAscii(name)) return EncodeText(name);
        if (name.All(c => char.IsLetterOrDigit(c) || " !#$%&'*+-/=?^_`{|}~".Contains(c))) return name;
        return "\"" + name.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }

    /// <summary>"; name=value" text for a MIME parameter: quoted ASCII, or RFC 2231 UTF-8 percent encoding split
    /// into name*0*, name*1*, ... sections so that no line grows past 78 characters.</summary>
    public static string EncodeParameter(string name, string value)
    {
        if (IsPrintableAscii(value) && value.Length <= 60)
            return $";\r\n\t{name}=\"{value.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";
        var encoded = new StringBuilder("UTF-8''");
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b < 128 && (char.IsAsciiLetterOrDigit((char)b) || "!#$&+-.^_`|~".Contains((char)b))) encoded.Append((char)b);
            else encoded.Append('%').Append(b.ToString("X2"));
        }
        var all = encoded.ToString();
        if (all.Length <= 60) return $";\r\n\t{name}*={all}";
        var sb = new StringBuilder();
        int section = 0;
        for (int i = 0; i < all.Length; section++)
        {
            int take = Math.Min(60, all.Length - i);
            // Never split a %XX triplet between sections.
            if (i + take < all.Length)
            {
                int pct = all.LastIndexOf('%', i + take - 1, Math.Min(take, 3));
                if (pct >= 0 && pct + 3 > i + take) take = pct - i;
            }
            sb.Append($";\r\n\t{name}*{section}*={all.Substring(i, take)}");
            i += take;
        }
        return sb.ToString();
    }

    public static bool IsPrintableAscii(string s)
    {
        foreach (var c in s) if (c < 32 || c > 126) return false;
        return true;
    }
}
