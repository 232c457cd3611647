using System.Text.RegularExpressions;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Parsing;

/// <summary>Organ, year and signing/publication date from the title block, the statistical period and the body.</summary>
internal static partial class MetadataReader
{
    internal sealed record Metadata(string? Title, string? Organ, int? Year, string? YearSource, int? TitleYear, int? PeriodYear, DateOnly? PublishedOn, string Preamble);

    public static Metadata Read(IReadOnlyList<TextLine> lines, int firstSectionLine, IEnumerable<string> bodyTexts)
    {
        var block = TitleBlock(lines, firstSectionLine);
        var titleLines = block.Title;
        var title = titleLines.Count > 0 ? string.Join(" ", titleLines) : null;
        var preamble = string.Join("\n", lines.Take(firstSectionLine).Select(l => l.Text).Where(t => t.Length > 0));

        var titleYear = title is null ? null : FirstYear(title);
        var periodYear = PeriodYear(lines);
        var bodyYear = MostFrequentYear(bodyTexts.Prepend(preamble));
        var (year, source) = titleYear is { } ty ? (ty, "title")
            : periodYear is { } py ? (py, "period")
            : bodyYear is { } by ? (by, "body") : ((int?)null, (string?)null);

        return new Metadata(title, Organ(titleLines) ?? block.Publisher ?? SignatureOrgan(lines), year, source, titleYear, periodYear,
            PublishedOn(lines, firstSectionLine), preamble);
    }

    /// <summary>The title lines, and the publishing organ a web page's field (发布机构：…) names.</summary>
    private sealed record Block(List<string> Title, string? Publisher);

    /// <summary>
    /// Short lines before the first section (or the first prose line) that make up the title. Web page chrome is
    /// left out: breadcrumbs (首页 > 政务公开), and fields (索引号：… 发布机构：… 文章名称：…) of which only the
    /// title's value is kept; a publishing organ's value is kept apart.
    /// </summary>
    private static Block TitleBlock(IReadOnlyList<TextLine> lines, int firstSectionLine)
    {
        var block = new List<string>();
        string? publisher = null;
        foreach (var line in lines)
        {
            if (line.Index >= firstSectionLine) break;
            if (line.IsBlank) continue;
            var t = line.Flat;
            if (Breadcrumb().IsMatch(t)) continue;
            // (a field's value may hold a comma: 关键词：年报,政务公开)
            if (FieldAtStart().IsMatch(t) && FieldLabel().Matches(t) is var fields && fields[0].Index == 0)
            {
                // 发布机构：某县人民政府 发布日期：2024-01-20 文章名称：某县2023年政府信息公开工作年度报告
                for (var f = 0; f < fields.Count; f++)
                {
                    var from = fields[f].Index + fields[f].Length;
                    var value = t[from..(f + 1 < fields.Count ? fields[f + 1].Index : t.Length)].Trim();
                    var label = fields[f].Groups["label"].Value;
                    if (value.Length == 0) continue;
                    if (TitleLabel().IsMatch(label)) block.Add(value);
                    else if (PublisherLabel().IsMatch(label) && value.Length <= 30 && OrganSuffix().IsMatch(value.Replace(" ", "")))
                        publisher ??= value.Replace(" ", "");
                }
                if (block.Count >= 4) break;
                continue;
            }
            if (t.Contains('。') || t.Contains('，') || t.Contains(',')) break; // the first sentence: the title is above it
            var compact = t.Replace(" ", "").Replace("\u3000", "");
            if (compact.Length > 60) break;
            if (DateLine().IsMatch(compact)) continue; // a publication date under the title is not part of it
            block.Add(t);
            if (block.Count >= 4) break;
        }
        return new Block(block, publisher);
    }

    /// <summary>
    /// The organ as written in the title: a line of its own naming an organ (河曲县社梁乡人民政府), or what precedes
    /// 政府信息公开 in the title with the year taken out (延津县司寨乡, (石咢)嘉镇人民政府). A title wrapped over
    /// lines (某区某街道办事处2023年 / 政府信息公开工作年度报告) is read as one.
    /// </summary>
    private static string? Organ(List<string> titleLines)
    {
        var lines = titleLines.Select(l => l.Replace(" ", "").Replace("\u3000", ""))
            .Where(l => l.Length > 0 && !l.Contains('>') && !l.Contains('＞') && !l.StartsWith("当前位置", StringComparison.Ordinal)).ToList();
        // The title proper ends in …年度报告 / 年报; where its line names no organ before 政府信息 (the title wrapped,
        // or the organ stands on the line above), it is read together with the lines above it.
        string? prefix = null;
        var end = lines.FindIndex(l => l.Contains("报告") || l.Contains("年报"));
        if (end >= 0)
        {
            // A prefix naming no place (办事处, 教育局: the title wrapped inside the organ's name) is read with the lines
            // above, and the nearest reading that names a place wins; none does: the title line's own.
            var start = end;
            while (start > 0 && !(TitlePrefix(lines[start]) is { } own && NamesPlace(own)) && !lines[start - 1].Contains("报告")) start--;
            string? nearest = null;
            for (var s = end; s >= start && prefix is null; s--)
            {
                var p = TitlePrefix(string.Concat(lines.Skip(s).Take(end - s + 1)));
                nearest ??= p;
                if (p is not null && NamesPlace(p)) prefix = p;
            }
            prefix ??= nearest;
        }
        prefix ??= lines.Select(TitlePrefix).FirstOrDefault(p => p is not null);
        var organLine = lines.Where(l => !l.Contains("报告") && !l.Contains("年报") && !l.Contains("政府信息") && OrganSuffix().IsMatch(YearToken().Replace(l, "")))
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
        if (at < 0) at = line.IndexOf("信息公开", StringComparison.Ordinal);
        if (at < 0) return null;
        var p = TrimOrganNoise(YearToken().Replace(line[..at], ""));
        return p.Length >= 2 && !YearOnly().IsMatch(p) ? p : null;
    }

    /// <summary>Whether an organ's name says where it is (县, 市, 区, 旗, 乡, 镇, 街道, 省, 州, 盟): 教育局 alone does not.</summary>
    private static bool NamesPlace(string organ) => PlaceWord().IsMatch(organ);

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
        s = EmptyBrackets().Replace(s, "").Trim().TrimStart('《').TrimEnd('》', '的', ' ');
        // "XX区人民政府办公室关于XX区人民政府…": the report is the one named after 关于.
        var about = s.IndexOf("关于", StringComparison.Ordinal);
        if (about > 0 && about < s.Length - 2) s = s[(about + 2)..];
        if (s.StartsWith("关于", StringComparison.Ordinal)) s = s[2..];
        if (s.EndsWith("关于", StringComparison.Ordinal)) s = s[..^2];
        s = LeadingVerb().Replace(s, ""); // 关于印发某县…的通知
        return s.TrimEnd('的', '（', '(').Trim();
    }

    /// <summary>The year a <see cref="YearToken"/> matched: 2023年度, or 二〇二三年 digit by digit.</summary>
    private static int Year(Match m) => m.Groups["y"].Success
        ? (int)DecimalDigits.Value(m.Groups["y"].ValueSpan)!.Value
        : ChineseDigits(m.Groups["cy"].Value);

    private static int? FirstYear(string text)
    {
        var m = YearToken().Match(text.Replace(" ", ""));
        return m.Success ? Year(m) : null;
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
            if (m.Success) return (int)DecimalDigits.Value(m.Groups["to"].ValueSpan)!.Value;
        }
        return null;
    }

    private static int? MostFrequentYear(IEnumerable<string> texts)
    {
        var counts = new Dictionary<int, int>();
        foreach (var text in texts)
        {
            // The text without its spaces, in a pooled buffer: section 一's whole text is searched, and neither a
            // copy of it nor a Match per year is kept. BodyYear's year is the first four characters of its match.
            var buffer = System.Buffers.ArrayPool<char>.Shared.Rent(text.Length);
            var length = 0;
            foreach (var c in text)
                if (c != ' ') buffer[length++] = c;
            var compact = buffer.AsSpan(0, length);
            foreach (var m in BodyYear().EnumerateMatches(compact))
            {
                var y = (int)DecimalDigits.Value(compact.Slice(m.Index, 4))!.Value;
                counts[y] = counts.GetValueOrDefault(y) + 1;
            }
            System.Buffers.ArrayPool<char>.Shared.Return(buffer);
        }
        int? best = null;
        foreach (var (year, count) in counts)
            if (best is not { } b || count > counts[b] || count == counts[b] && year > b) best = year;
        return best;
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

    /// <summary>A year in a title or text: 2023年, 2023年度, 二〇二三年(度).</summary>
    [GeneratedRegex(@"(?<y>(?:19|20)\d{2})年度?|(?<cy>[一二][〇○零九][〇○零一二三四五六七八九]{2})年度?")]
    private static partial Regex YearToken();

    /// <summary>A year in the body: digits only (a numerals alternative would slow the search through every 一 and 二 of the text).</summary>
    [GeneratedRegex(@"(?<y>(?:19|20)\d{2})年度?")]
    private static partial Regex BodyYear();

    [GeneratedRegex(@"^[\d年度（）()]*$")]
    private static partial Regex YearOnly();

    [GeneratedRegex(@"（\s*）|\(\s*\)|【\s*】|\[\s*\]")]
    private static partial Regex EmptyBrackets();

    [GeneratedRegex(@"^(?:印发|公布|发布|公开)")]
    private static partial Regex LeadingVerb();

    /// <summary>Page chrome above a web page's title: a breadcrumb (首页 > 政务公开 > …, 当前位置：…).</summary>
    [GeneratedRegex(@"[>＞»›]|^(?:当前位置|您的位置|您现在的位置|所在位置|首页)")]
    private static partial Regex Breadcrumb();

    /// <summary>A web page's field label: 文章名称： 标题： 发布机构： 索引号： 发布日期： 来源： …</summary>
    [GeneratedRegex(@"(?<label>[\u4e00-\u9fa5]{0,5}(?:名称|标题|题目|题名|来源|机构|单位|机关|部门|日期|时间|索引号|文号|分类|关键词|关键字|作者|次数|字号|主题|发布者|编号|范围|方式|时效|体裁|载体|类别))\s*[:：]")]
    private static partial Regex FieldLabel();

    /// <summary>A line that starts with a field label (most lines are checked by the first few characters only).</summary>
    [GeneratedRegex(@"^[\u4e00-\u9fa5]{0,5}(?:名称|标题|题目|题名|来源|机构|单位|机关|部门|日期|时间|索引号|文号|分类|关键词|关键字|作者|次数|字号|主题|发布者|编号|范围|方式|时效|体裁|载体|类别)\s*[:：]")]
    private static partial Regex FieldAtStart();

    [GeneratedRegex(@"名称|标题|题目|题名")]
    private static partial Regex TitleLabel();

    [GeneratedRegex(@"^(?:发布|发文|制发|所属|公开|信息)?(?:机构|机关|单位|部门|主体)$")]
    private static partial Regex PublisherLabel();

    [GeneratedRegex(@"(?<y>(?:19|20)\d{2}|[" + Cn + "]{4})年(?<m>\\d{1,2}|[" + Cn + "]{1,2})月(?<d>\\d{1,2}|[" + Cn + "]{1,3})日$|(?<y>(?:19|20)\\d{2})[-./](?<m>\\d{1,2})[-./](?<d>\\d{1,2})$")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"(?:发布|印发|成文|公开)(?:日期|时间)[:：]\s*(?<y>(?:19|20)\d{2})[年\-./](?<m>\d{1,2})[月\-./](?<d>\d{1,2})")]
    private static partial Regex LabelledDate();

    [GeneratedRegex(@"(?:(?:19|20)\d{2})年\d{1,2}月\d{1,2}日?(?:起)?(?:至|到|—|-|－|~)(?<to>(?:19|20)\d{2})年")]
    private static partial Regex PeriodPattern();

    [GeneratedRegex(@"[省市县区旗州盟乡镇]|街道")]
    private static partial Regex PlaceWord();

    [GeneratedRegex(@"(?:人民政府|政府|办公室|办公厅|委员会|管委会|办事处|街道|[乡镇]|局|厅|署|院|中心|处|所|委|办)$")]
    private static partial Regex OrganSuffix();
}
