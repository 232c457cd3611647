using System.Text.RegularExpressions;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Parsing;

/// <summary>Organ, year and signing/publication date from the title block, the statistical period and the body.</summary>
internal static partial class MetadataReader
{
    internal sealed record Metadata(string? Title, string? Organ, int? Year, string? YearSource, int? TitleYear, int? PeriodYear, DateOnly? PublishedOn, string Preamble);

    public static Metadata Read(IReadOnlyList<TextLine> lines, int firstSectionLine, IEnumerable<string> bodyTexts)
    {
        var titleLines = TitleBlock(lines, firstSectionLine);
        var title = titleLines.Count > 0 ? string.Join(" ", titleLines) : null;
        var preamble = string.Join("\n", lines.Take(firstSectionLine).Select(l => l.Text).Where(t => t.Length > 0));

        var titleYear = title is null ? null : FirstYear(title);
        var periodYear = PeriodYear(lines);
        var bodyYear = MostFrequentYear(bodyTexts.Prepend(preamble));
        var (year, source) = titleYear is { } ty ? (ty, "title")
            : periodYear is { } py ? (py, "period")
            : bodyYear is { } by ? (by, "body") : ((int?)null, (string?)null);

        return new Metadata(title, Organ(titleLines) ?? SignatureOrgan(lines), year, source, titleYear, periodYear,
            PublishedOn(lines, firstSectionLine), preamble);
    }

    /// <summary>Short lines before the first section (or the first prose line) that make up the title.</summary>
    private static List<string> TitleBlock(IReadOnlyList<TextLine> lines, int firstSectionLine)
    {
        var block = new List<string>();
        foreach (var line in lines)
        {
            if (line.Index >= firstSectionLine) break;
            if (line.IsBlank) continue;
            var t = line.Flat;
            if (t.Length > 50 || t.Contains('。') || t.Contains('，') || t.Contains(',')) break;
            if (DateLine().IsMatch(t)) continue; // a publication date under the title is not part of it
            block.Add(t);
            if (block.Count >= 4) break;
        }
        return block;
    }

    /// <summary>
    /// The organ as written in the title: a line of its own naming an organ (河曲县社梁乡人民政府), or what precedes
    /// 政府信息公开 in the title with the year taken out (延津县司寨乡, (石咢)嘉镇人民政府).
    /// </summary>
    private static string? Organ(List<string> titleLines)
    {
        var lines = titleLines.Select(l => l.Replace(" ", "").Replace("\u3000", ""))
            .Where(l => !l.Contains('>') && !l.Contains('＞') && !l.StartsWith("当前位置", StringComparison.Ordinal)).ToList();
        // The title proper (…年度报告 / 年报) names the organ before 政府信息; any line naming 政府信息 otherwise.
        var prefix = lines.Where(l => l.Contains("报告") || l.Contains("年报")).Select(TitlePrefix).FirstOrDefault(p => p is not null)
                     ?? lines.Select(TitlePrefix).FirstOrDefault(p => p is not null);
        var organLine = lines.Where(l => !l.Contains("报告") && !l.Contains("年报") && !l.Contains("政府信息") && OrganSuffix().IsMatch(l))
            .Select(l => TrimOrganNoise(YearToken().Replace(l, ""))).FirstOrDefault(l => l.Length >= 2);
        if (organLine is not null && (prefix is null || organLine.Contains(prefix) || prefix.Contains(organLine)))
            return organLine.Length >= (prefix?.Length ?? 0) ? organLine : prefix;
        return prefix ?? organLine;
    }

    /// <summary>What precedes 政府信息/政务公开 in a title line, the year taken out: 延津县司寨乡, (石咢)嘉镇人民政府.</summary>
    private static string? TitlePrefix(string line)
    {
        var at = line.IndexOf("政府信息", StringComparison.Ordinal);
        if (at < 0) at = line.IndexOf("政务公开", StringComparison.Ordinal);
        if (at < 0) return null;
        var p = TrimOrganNoise(YearToken().Replace(line[..at], ""));
        return p.Length >= 2 ? p : null;
    }

    /// <summary>When the title names no organ: the signature line above the closing date.</summary>
    private static string? SignatureOrgan(IReadOnlyList<TextLine> lines)
    {
        for (var i = lines.Count - 1; i >= Math.Max(0, lines.Count - 8); i--)
        {
            var t = lines[i].Flat.Replace(" ", "");
            if (t.Length is > 0 and <= 30 && !DateLine().IsMatch(t) && OrganSuffix().IsMatch(t)) return t;
        }
        return null;
    }

    private static string TrimOrganNoise(string s)
    {
        s = s.Trim().TrimStart('《').TrimEnd('》', '的', ' ');
        // "XX区人民政府办公室关于XX区人民政府…": the report is the one named after 关于.
        var about = s.IndexOf("关于", StringComparison.Ordinal);
        if (about > 0 && about < s.Length - 2) s = s[(about + 2)..];
        if (s.StartsWith("关于", StringComparison.Ordinal)) s = s[2..];
        if (s.EndsWith("关于", StringComparison.Ordinal)) s = s[..^2];
        return s.TrimEnd('的').Trim();
    }

    /// <summary>A year the patterns matched: (19|20) and two digits, of any script (２０２４).</summary>
    private static int Year(ReadOnlySpan<char> digits) => (int)DecimalDigits.Value(digits)!.Value;

    private static int? FirstYear(string text)
    {
        var m = YearToken().Match(text.Replace(" ", ""));
        return m.Success ? Year(m.Groups["y"].ValueSpan) : null;
    }

    /// <summary>The year of the statistical period: 统计期限自2024年1月1日至2024年12月31日 and variants.</summary>
    private static int? PeriodYear(IReadOnlyList<TextLine> lines)
    {
        foreach (var line in lines.Take(80))
        {
            if (!line.Raw.Contains("统计", StringComparison.Ordinal) && !line.Raw.Contains("期限", StringComparison.Ordinal)
                && !line.Raw.Contains("时间段", StringComparison.Ordinal)) continue;
            var t = line.Flat.Replace(" ", "");
            var m = PeriodPattern().Match(t);
            if (m.Success) return Year(m.Groups["to"].ValueSpan);
        }
        return null;
    }

    private static int? MostFrequentYear(IEnumerable<string> texts)
    {
        var counts = new Dictionary<int, int>();
        foreach (var text in texts)
            foreach (Match m in YearToken().Matches(text.Replace(" ", "")))
            {
                var y = Year(m.Groups["y"].ValueSpan);
                counts[y] = counts.GetValueOrDefault(y) + 1;
            }
        return counts.Count == 0 ? null : counts.OrderByDescending(kv => kv.Value).ThenByDescending(kv => kv.Key).First().Key;
    }

    /// <summary>The signing or publication date: a line that is only a date (or an organ and a date) near the end, else under the title.</summary>
    private static DateOnly? PublishedOn(IReadOnlyList<TextLine> lines, int firstSectionLine)
    {
        for (var i = lines.Count - 1; i >= Math.Max(0, lines.Count - 12); i--)
            if (DateOf(lines[i].Flat) is { } d) return d;
        for (var i = 0; i < Math.Min(firstSectionLine, 12); i++)
            if (DateOf(lines[i].Flat) is { } d) return d;
        foreach (var line in lines.Take(20))
        {
            var m = LabelledDate().Match(line.Flat);
            if (m.Success) return ToDate(m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d"].Value);
        }
        return null;
    }

    private static DateOnly? DateOf(string text)
    {
        var t = text.Replace(" ", "").Replace("\u3000", "");
        if (t.Length is 0 or > 40) return null;
        var m = DateLine().Match(t);
        if (!m.Success) return null;
        var before = t[..m.Index];
        if (before.Length > 0 && !OrganSuffix().IsMatch(before) && !before.EndsWith("日期", StringComparison.Ordinal) && !before.EndsWith('：') && !before.EndsWith(':'))
            return null;
        return ToDate(m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d"].Value);
    }

    private static DateOnly? ToDate(string y, string m, string d)
    {
        int Num(string s) => DecimalDigits.All(s) ? (int)DecimalDigits.Value(s)!.Value : ChineseDigits(s);
        var (year, month, day) = (Num(y), Num(m), Num(d));
        return year is >= 1990 and <= 2100 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day) : null;
    }

    /// <summary>二〇二四 → 2024 (digit by digit); 十二 / 二十九 → 12 / 29.</summary>
    private static int ChineseDigits(string s)
    {
        const string digits = "〇一二三四五六七八九";
        if (s.Contains('十')) return SectionSplitter.ChineseNumber(s);
        var n = 0;
        foreach (var c in s) n = n * 10 + Math.Max(0, digits.IndexOf(c == '零' || c == 'О' || c == '○' ? '〇' : c));
        return n;
    }

    private const string Cn = "〇○零一二三四五六七八九十";

    [GeneratedRegex(@"(?<y>(?:19|20)\d{2})年度?")]
    private static partial Regex YearToken();

    [GeneratedRegex(@"(?<y>(?:19|20)\d{2}|[" + Cn + "]{4})年(?<m>\\d{1,2}|[" + Cn + "]{1,2})月(?<d>\\d{1,2}|[" + Cn + "]{1,3})日$|(?<y>(?:19|20)\\d{2})[-./](?<m>\\d{1,2})[-./](?<d>\\d{1,2})$")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"(?:发布|印发|成文|公开)(?:日期|时间)[:：]\s*(?<y>(?:19|20)\d{2})[年\-./](?<m>\d{1,2})[月\-./](?<d>\d{1,2})")]
    private static partial Regex LabelledDate();

    [GeneratedRegex(@"(?:(?:19|20)\d{2})年\d{1,2}月\d{1,2}日?(?:起)?(?:至|到|—|-|－|~)(?<to>(?:19|20)\d{2})年")]
    private static partial Regex PeriodPattern();

    [GeneratedRegex(@"(?:人民政府|政府|办公室|办公厅|委员会|管委会|办事处|街道|[乡镇]|局|厅|署|院|中心|处|所|委|办)$")]
    private static partial Regex OrganSuffix();
}
