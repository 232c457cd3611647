using System.Globalization;

namespace DisclosureWatch.Core.Reports;

/// <summary>
/// Numbers written in digits of any script. Regex's \d matches fullwidth ０–９ (common in Chinese typing) and every
/// other decimal digit, which int.Parse and decimal.Parse refuse: a report writing 收到申请３件 made the analysis throw.
/// </summary>
public static class DecimalDigits
{
    /// <summary>The value of a run of decimal digits (ASCII, fullwidth …); null when it is not one or has more than 18 digits.</summary>
    public static long? Value(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty || digits.Length > 18) return null;
        long value = 0;
        foreach (var c in digits)
        {
            var d = CharUnicodeInfo.GetDecimalDigitValue(c);
            if (d < 0) return null;
            value = value * 10 + d;
        }
        return value;
    }

    /// <summary>Every character a decimal digit of some script.</summary>
    public static bool All(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (CharUnicodeInfo.GetDecimalDigitValue(c) < 0) return false;
        return !text.IsEmpty;
    }

    /// <summary>The text with fullwidth digits ０–９ as ASCII 0–9 (the same string when it has none).</summary>
    public static string ToAscii(string text)
    {
        var at = text.AsSpan().IndexOfAnyInRange('０', '９');
        if (at < 0) return text;
        return string.Create(text.Length, (text, at), static (span, state) =>
        {
            state.text.AsSpan().CopyTo(span);
            for (var i = state.at; i < span.Length; i++)
                if (span[i] is >= '０' and <= '９') span[i] = (char)('0' + (span[i] - '０'));
        });
    }
}
