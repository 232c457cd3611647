using System.Text;

namespace DisclosureWatch.Mail.Mime;

/// <summary>Maps MIME charset names to decoders. Chinese mailers label GBK/GB18030 text as "gb2312":
/// every GB family name decodes with GB18030, a strict superset.</summary>
public static class Charsets
{
    static Charsets() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static readonly Encoding Utf8 = new UTF8Encoding(false);

    /// <summary>The decoder for a charset label, or null when the label is unknown.</summary>
    public static Encoding? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var n = name.Trim().Trim('"').ToLowerInvariant();
        switch (n)
        {
            case "gb2312": case "gbk": case "x-gbk": case "cp936": case "ms936": case "windows-936":
            case "gb18030": case "euc-cn": case "x-euc-cn": case "csgb2312": case "gb_2312-80": case "chinese":
            case "eucgb2312_cn": // how Python labels GB2312
                return Encoding.GetEncoding("GB18030");
            case "utf8": case "utf-8": case "unicode-1-1-utf-8":
                return Utf8;
            case "us-ascii": case "ascii": case "ansi_x3.4-1968":
                return Utf8; // a mislabelled 8-bit byte would otherwise be lost; ASCII is a subset of UTF-8
        }
        try { return Encoding.GetEncoding(n); }
        catch (ArgumentException) { return null; }
    }

    /// <summary>Decodes <paramref name="bytes"/> with the named charset; an unknown or missing label falls back to
    /// UTF-8 when the bytes are valid UTF-8, else to GB18030 (the common case for unlabelled Chinese mail).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? charset)
    {
        var enc = Find(charset);
        if (enc is not null) return enc.GetString(bytes);
        return DecodeGuess(bytes);
    }

    /// <summary>UTF-8 when valid, otherwise GB18030.</summary>
    public static string DecodeGuess(ReadOnlySpan<byte> bytes) =>
        IsValidUtf8(bytes) ? Utf8.GetString(bytes) : Encoding.GetEncoding("GB18030").GetString(bytes);

    public static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);
}
