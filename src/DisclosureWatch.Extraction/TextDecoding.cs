using System.Buffers;
using System.Text;
using DisclosureWatch.Core.Documents;

namespace DisclosureWatch.Extraction;

/// <summary>
/// Bytes to text for reports: a BOM wins (UTF-8, UTF-16 LE/BE); otherwise valid UTF-8 (or UTF-8 with a stray broken
/// byte) is UTF-8 and anything else is read as GB18030, the superset of GBK/GB2312 that Chinese Windows tools write.
/// </summary>
internal static class TextDecoding
{
    /// <summary>GB18030 that marks undecodable bytes with U+FFFD (the code-page default is '?', which hides them).</summary>
    public static readonly Encoding Gb18030 = CreateGb18030();

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Control characters no report contains: anything below U+0020 but tab, LF, VT, FF, CR.</summary>
    private static readonly SearchValues<byte> ControlBytes = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    private static readonly SearchValues<char> SuspectChars = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015" +
        "\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\uFFFD");

    /// <summary>The encoding the bytes carry and how many leading bytes are its byte order mark.</summary>
    public static (Encoding Encoding, int BomLength) Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes is [0xEF, 0xBB, 0xBF, ..]) return (Utf8, 3);
        if (bytes is [0xFF, 0xFE, ..]) return (Encoding.Unicode, 2);
        if (bytes is [0xFE, 0xFF, ..]) return (Encoding.BigEndianUnicode, 2);
        return IsValidUtf8(bytes) || IsMostlyUtf8(bytes) ? (Utf8, 0) : (Gb18030, 0);
    }

    /// <summary>
    /// UTF-8 with a few broken sequences (a damaged byte, a file cut mid-character) is still UTF-8: at least 99 in 100
    /// non-ASCII characters decode. GBK text fails nearly all of them.
    /// </summary>
    private static bool IsMostlyUtf8(ReadOnlySpan<byte> bytes)
    {
        int valid = 0, invalid = 0;
        while (!bytes.IsEmpty)
        {
            var ascii = bytes.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
            if (ascii < 0) break;
            bytes = bytes[ascii..];
            var status = Rune.DecodeFromUtf8(bytes, out _, out var consumed);
            if (status == OperationStatus.Done) valid++;
            else invalid++;
            bytes = bytes[Math.Max(1, consumed)..];
        }
        return invalid * 100L <= valid;
    }

    public static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    /// <summary>
    /// Splits UTF-8 at LF, CRLF and CR and decodes line by line, straight from the bytes (no whole-file string):
    /// the hot path, allocation-light. The bytes 0x0A/0x0D never occur inside a UTF-8 character.
    /// </summary>
    public static List<DocumentLine> DecodeUtf8Lines(ReadOnlySpan<byte> bytes)
    {
        var lines = new List<DocumentLine>(bytes.Length / 48 + 4);
        while (true)
        {
            var end = bytes.IndexOfAny((byte)'\n', (byte)'\r');
            if (end < 0)
            {
                if (!bytes.IsEmpty) lines.Add(new DocumentLine(Utf8.GetString(bytes))); // no empty line after a final newline
                return lines;
            }
            lines.Add(new DocumentLine(Utf8.GetString(bytes[..end])));
            bytes = bytes[(end + (bytes[end] == '\r' && end + 1 < bytes.Length && bytes[end + 1] == '\n' ? 2 : 1))..];
        }
    }

    /// <summary>The same for decoded text (UTF-16 and GB18030 input).</summary>
    public static List<DocumentLine> SplitLines(string text)
    {
        var lines = new List<DocumentLine>(text.Length / 32 + 4);
        var start = 0;
        while (start < text.Length)
        {
            var end = text.AsSpan(start).IndexOfAny('\n', '\r');
            if (end < 0)
            {
                lines.Add(new DocumentLine(text[start..]));
                break;
            }
            lines.Add(new DocumentLine(text.Substring(start, end)));
            start += end;
            start += text[start] == '\r' && start + 1 < text.Length && text[start + 1] == '\n' ? 2 : 1;
        }
        return lines;
    }

    /// <summary>
    /// Throws when bytes in an ASCII-compatible encoding (UTF-8, GB18030) are not text: a NUL, or more than 1 in 100
    /// bytes a control character. In those encodings bytes below 0x20 never occur inside a multi-byte character.
    /// </summary>
    public static void EnsureTextBytes(ReadOnlySpan<byte> bytes, string file)
    {
        var first = bytes.IndexOfAny(ControlBytes);
        if (first < 0) return;
        if (bytes.IndexOf((byte)0) >= 0) throw NotText(file, "it contains NUL bytes");
        var count = 0;
        for (var i = first; i < bytes.Length; i++)
            if (bytes[i] < 0x20 && ControlBytes.Contains(bytes[i])) count++;
        if (count * 100L > bytes.Length) throw NotText(file, $"{count} control characters in {bytes.Length} bytes");
    }

    /// <summary>The same check on decoded text, counting U+FFFD (bytes the encoding could not decode) as well.</summary>
    public static void EnsureText(ReadOnlySpan<char> text, string file)
    {
        var first = text.IndexOfAny(SuspectChars);
        if (first < 0) return;
        if (text.IndexOf('\0') >= 0) throw NotText(file, "it contains NUL characters");
        var count = 0;
        foreach (var c in text[first..])
            if (SuspectChars.Contains(c)) count++;
        if (count * 100L > text.Length)
            throw NotText(file, $"{count} control or undecodable characters in {text.Length} (neither UTF-8 nor GBK text)");
    }

    private static Encoding CreateGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance); // also lets HTML name gbk, big5, …
        return Encoding.GetEncoding("GB18030", EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"));
    }

    private static ExtractionException NotText(string file, string why) => new(file, $"not a text file: {why}");
}
