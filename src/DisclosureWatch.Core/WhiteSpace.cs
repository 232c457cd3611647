using System.Buffers;

namespace DisclosureWatch.Core;

/// <summary>
/// <see cref="char.IsWhiteSpace(char)"/> for the hot loops over report text: above Latin-1 the runtime looks every
/// character up in the Unicode tables, while only a dozen characters there are white space and CJK text has none.
/// </summary>
internal static class WhiteSpace
{
    private static readonly SearchValues<char> All = SearchValues.Create(
        Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(char.IsWhiteSpace).ToArray());

    /// <summary>Exactly <see cref="char.IsWhiteSpace(char)"/>: ASCII by two comparisons, inlined into the trims.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool Is(char c) => c <= ' ' ? c == ' ' || c is >= '\t' and <= '\r' : c >= '\u0085' && IsAboveAscii(c);

    private static bool IsAboveAscii(char c) =>
        c is '\u0085' or '\u00A0' or '\u1680' or (>= '\u2000' and <= '\u200A') or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000';

    /// <summary>Exactly <see cref="MemoryExtensions.Trim(ReadOnlySpan{char})"/>, without a Unicode table lookup per CJK end.</summary>
    public static ReadOnlySpan<char> Trim(ReadOnlySpan<char> s) => TrimEnd(TrimStart(s));

    /// <summary>Exactly <see cref="MemoryExtensions.TrimStart(ReadOnlySpan{char})"/>.</summary>
    public static ReadOnlySpan<char> TrimStart(ReadOnlySpan<char> s)
    {
        var start = 0;
        while (start < s.Length && Is(s[start])) start++;
        return s[start..];
    }

    /// <summary>Exactly <see cref="MemoryExtensions.TrimEnd(ReadOnlySpan{char})"/>.</summary>
    public static ReadOnlySpan<char> TrimEnd(ReadOnlySpan<char> s)
    {
        var end = s.Length;
        while (end > 0 && Is(s[end - 1])) end--;
        return s[..end];
    }

    /// <summary>Exactly <see cref="string.Trim()"/>: the same string when there is nothing to trim.</summary>
    public static string Trim(string s)
    {
        var t = Trim(s.AsSpan());
        return t.Length == s.Length ? s : t.ToString();
    }

    /// <summary>Whether the text holds a white-space character (one vectorised search).</summary>
    public static bool Any(ReadOnlySpan<char> s) => s.ContainsAny(All);
}
