using System.Text.RegularExpressions;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Parsing;

/// <summary>
/// Finds the six top-level sections by what their headings say, not by their ordinals: real reports drop or
/// mis-number ordinals (seed 004's untitled 主动公开政府信息情况 and its （三）收到和处理…), use markdown or bold,
/// keep the 2019 titles, or put sections out of order. A section the text does not contain is reported missing.
/// </summary>
internal static partial class SectionSplitter
{
    /// <param name="FromSubHeadings">The section's own heading is lost; this is its first sub-heading, kept in its text.</param>
    internal sealed record Heading(int Number, string Written, string? Ordinal, string Title, int Line, int Score, bool Legacy, string? Remainder,
        bool FromSubHeadings = false);

    /// <summary>The chosen heading of each section the text has, in document order.</summary>
    public static IReadOnlyList<Heading> FindHeadings(IReadOnlyList<TextLine> lines)
    {
        var best = new Heading?[7];
        List<(int Line, int Section, int Kind)>? subHeadings = null;
        foreach (var line in lines)
        {
            var h = TryHeading(line);
            if (h is not null && (best[h.Number] is not { } current || h.Score > current.Score)) best[h.Number] = h;
            if ((h is null || !IsTopLevel(h.Ordinal ?? "一")) && SubHeadingKind(line) is { } kind)
                (subHeadings ??= []).Add((line.Index, kind.Section, kind.Kind));
        }
        if (subHeadings is not null)
            foreach (var signature in SubHeadingSignatures)
            {
                // a section without a heading of its own, or whose only heading is its first sub-heading (（一）存在的主要问题)
                var n = signature.Section;
                if (best[n] is { } found && (found.Ordinal is null || IsTopLevel(found.Ordinal))) continue;
                if (FromSubHeadings(lines, best, subHeadings, signature) is { } inferred && (best[n] is null || best[n]!.Line == inferred.Line))
                    best[n] = inferred;
            }
        return best.Where(h => h is not null).Select(h => h!).OrderBy(h => h.Line).ToList();
    }

    /// <summary>
    /// The sub-headings that identify a section whose own heading was lost, by kind. Section 五 needs a problem
    /// sub-heading followed by an improvement one; section 一 two of its usual five (主动公开, 依申请公开 …).
    /// </summary>
    private sealed record Signature(int Section, Regex[] Kinds, int KindsNeeded, bool InOrder);

    private static readonly Signature[] SubHeadingSignatures =
    [
        new(5, [ProblemSubHeading(), ImprovementSubHeading()], 2, InOrder: true),
        new(1, [ActiveSubHeading(), OnRequestSubHeading(), ManagementSubHeading(), PlatformSubHeading(), SupervisionSubHeading()], 2, InOrder: false),
    ];

    /// <summary>Which signature kind a short sub-heading line (（一）存在的主要问题 / 2.改进措施：…) is, if any.</summary>
    private static (int Section, int Kind)? SubHeadingKind(TextLine line)
    {
        var raw = line.Raw.AsSpan().TrimStart(" \t\u3000#*>");
        // most lines: one look at the first character (a sub-heading starts with its ordinal)
        raw = raw.TrimEnd();
        // (a sub-heading has an ordinal and a title; cells such as "\t0" and rows ending in their values are not)
        if (raw.Length < 4 || raw.Length > 200 || !SubOrdinalStart.Contains(raw[0]) || char.IsAsciiDigit(raw[^1])) return null;
        if (line.Cells is { } cells && NonEmpty(cells) > 1) return null;
        // spans throughout: every table row that starts with an ordinal passes here, and none should allocate
        var text = (line.Cells is null ? line.Text : line.Flat).AsSpan();
        var ordinal = 0;
        foreach (var m in OrdinalPattern().EnumerateMatches(text)) { ordinal = m.Length; break; }
        if (ordinal == 0) return null;
        var rest = text[ordinal..];
        var cut = rest.IndexOfAny(HeadingBreaks);
        var title = (cut >= 0 ? rest[..cut] : rest).Trim();
        if (title.Length is 0 or > 24 || title.Contains('，')) return null;
        foreach (var signature in SubHeadingSignatures)
            for (var k = 0; k < signature.Kinds.Length; k++)
                if (signature.Kinds[k].IsMatch(title)) return (signature.Section, k);
        return null;
    }

    /// <summary>
    /// The section whose sub-headings, in a run between the sections before and after it, show its signature:
    /// its heading is the first of them. Nothing is inferred from a single sub-heading or out of order.
    /// </summary>
    private static Heading? FromSubHeadings(IReadOnlyList<TextLine> lines, Heading?[] best, List<(int Line, int Section, int Kind)> subHeadings, Signature signature)
    {
        var n = signature.Section;
        var after = best.Where(h => h is not null && h.Number < n).Select(h => h!.Line).DefaultIfEmpty(-1).Max();
        var before = best.Where(h => h is not null && h.Number > n).Select(h => h!.Line).DefaultIfEmpty(lines.Count).Min();
        if (after >= before) return null;
        var run = subHeadings.Where(s => s.Section == n && s.Line > after && s.Line < before).ToList();
        if (run.Count == 0) return null;
        var kinds = new HashSet<int>();
        var last = -1;
        foreach (var s in run)
        {
            if (signature.InOrder && s.Kind < last) break;
            kinds.Add(s.Kind);
            last = s.Kind;
        }
        if (kinds.Count < signature.KindsNeeded) return null;
        var first = lines[run[0].Line];
        var text = first.Flat;
        var m = OrdinalPattern().Match(text);
        var rest = text[m.Length..];
        var cut = rest.AsSpan().IndexOfAny(HeadingBreaks);
        var title = (cut >= 0 ? rest[..cut] : rest).Trim();
        return new Heading(n, text[..(m.Length + (cut >= 0 ? cut : rest.Length))].Trim(), m.Groups["ord"].Value.Trim(), title,
            first.Index, 0, false, first.Text, FromSubHeadings: true);
    }

    /// <summary>
    /// The sections with their text. Lines that belong to a table are written as tab-separated cells even when
    /// the layout had no tabs (pdftotext, one cell per line), so that readers of the narrative can tell them apart.
    /// </summary>
    public static IReadOnlyList<Section> Build(IReadOnlyList<TextLine> lines, IReadOnlyList<Heading> headings, Func<int, bool> isTableLine)
    {
        var sections = new List<Section>(headings.Count);
        // One buffer as long as the longest section can be (its lines, their separators, a tab each): it never grows.
        var longest = 0;
        for (var i = 0; i < headings.Count; i++)
        {
            var end = i + 1 < headings.Count ? headings[i + 1].Line : lines.Count;
            var length = (headings[i].Remainder?.Length ?? 0) + 2;
            for (var l = headings[i].Line + 1; l < end; l++) length += lines[l].Raw.Length + 3;
            longest = Math.Max(longest, length);
        }
        var body = new BodyText(longest);
        for (var i = 0; i < headings.Count; i++)
        {
            var h = headings[i];
            var end = i + 1 < headings.Count ? headings[i + 1].Line : lines.Count;
            if (!string.IsNullOrEmpty(h.Remainder)) body.Add(h.Remainder);
            for (var l = h.Line + 1; l < end; l++)
                if (isTableLine(l)) body.AddTableRow(lines[l]);
                else body.Add(lines[l].Text);
            sections.Add(new Section(h.Number, h.Written, h.Ordinal, h.Title, body.Take(), h.Line) { IsLegacyTitle = h.Legacy, HeadingMissing = h.FromSubHeadings });
        }
        return sections;
    }

    /// <summary>A section's body lines joined as they come (no string per line): runs of blank lines collapsed to one
    /// empty line, none at either end.</summary>
    private sealed class BodyText(int capacity)
    {
        private readonly System.Text.StringBuilder text = new(capacity);
        private bool blank;

        public void Add(string line)
        {
            if (line.Length == 0) { blank = true; return; }
            Separate();
            text.Append(line);
        }

        /// <summary>A table row as tab-separated cells, a leading tab when it has one cell.</summary>
        public void AddTableRow(TextLine line)
        {
            if (line.IsBlank && line.Cells is null) { blank = true; return; }
            Separate();
            if (line.Cells is { Length: > 1 } cells)
            {
                for (var c = 0; c < cells.Length; c++)
                {
                    if (c > 0) text.Append('\t');
                    text.Append(cells[c]);
                }
                return;
            }
            if (!line.Text.Contains('\t')) text.Append('\t');
            text.Append(line.Text);
        }

        public string Take()
        {
            var result = text.ToString();
            text.Clear();
            blank = false;
            return result;
        }

        private void Separate()
        {
            if (text.Length > 0) text.Append(blank ? "\n\n" : "\n");
            blank = false;
        }
    }

    internal static Heading? TryHeading(TextLine line)
    {
        if (!MayNameASection(line.Raw)) return null; // most lines: one scan, no allocation
        if (line.Cells is { } cells && NonEmpty(cells) > 1) return null;
        var text = line.Flat;
        if (text.Length == 0) return null;
        // A long line is a heading only as a top-level ordinal and a template title run into its paragraph (below):
        // the many paragraphs that start with （一） or a keyword are turned away before any Match or substring.
        if (text.Length > 60 && (text[0] is '（' or '(' || !OrdinalPattern().IsMatch(text))) return null;

        var m = OrdinalPattern().Match(text);
        var ordinal = m.Success ? m.Groups["ord"].Value.Trim() : null;
        var rest = m.Success ? text[m.Length..].Trim() : text;
        string? remainder = null;

        // "一、总体情况 2024年，我县……": a template title run into its first paragraph.
        if (text.Length > 60)
        {
            if (ordinal is null || !IsTopLevel(ordinal)) return null;
            var known = Template.SectionTitles.FirstOrDefault(t => rest.StartsWith(t, StringComparison.Ordinal));
            if (known is null) return null;
            remainder = rest[known.Length..].TrimStart('：', ':', '。', ' ');
            rest = known;
            text = text[..(m.Length + rest.Length)].Trim();
            return Build(line, text, ordinal, rest, remainder);
        }

        // "五、存在的主要问题及改进情况：我乡…" — a heading with its first sentence on the same line.
        var cut = rest.AsSpan().IndexOfAny(HeadingBreaks);
        if (cut >= 0 && cut < rest.Length - 1)
        {
            if (ordinal is null || !IsTopLevel(ordinal)) return null;
            remainder = rest[(cut + 1)..].Trim();
            rest = rest[..cut];
        }
        if (ordinal is null && (rest.EndsWith('。') || rest.Length > 24)) return null; // a sentence, not a heading
        var written = remainder is null ? text : text[..(text.Length - remainder.Length)].TrimEnd('：', ':', '。', ' ');
        return Build(line, written, ordinal, rest, remainder);
    }

    private static int NonEmpty(IReadOnlyList<string> cells)
    {
        var n = 0;
        foreach (var c in cells) if (c.Length > 0) n++;
        return n;
    }

    private static Heading? Build(TextLine line, string written, string? ordinal, string rest, string? remainder)
    {
        var title = rest.Trim().TrimEnd('。', '：', ':', '；', ';', ' ').Trim();
        if (title.Length is 0 or > 40) return null;

        var numeral = ordinal is null ? 0 : OrdinalValue(ordinal);
        var topLevel = ordinal is not null && IsTopLevel(ordinal);
        var number = Classify(title.Replace(" ", ""), topLevel ? numeral : 0);
        if (number == 0) return null;

        var score = (ordinal is null ? 1 : topLevel ? 2 : 1) + (numeral == number ? 1 : 0) + (line.Raw.TrimStart().StartsWith('#') ? 1 : 0);
        var legacy = number == 4 && (title.Contains("被申请") || title.StartsWith('因'));
        return new Heading(number, written, ordinal, title, line.Index, score, legacy, remainder);
    }

    private static readonly System.Buffers.SearchValues<char> SubOrdinalStart = System.Buffers.SearchValues.Create("（(一二三四五六七八九十0123456789");

    private static readonly System.Buffers.SearchValues<char> HeadingBreaks = System.Buffers.SearchValues.Create("：:。");

    private static readonly string[] SectionWords = ["复议", "收到", "依申请", "主动公开", "总体", "概", "基本情况", "问题", "其他"];

    // (a SearchValues<string> of these words measured slower: 38 against 26 µs a report)
    private static readonly System.Buffers.SearchValues<char> SectionWordStarts = System.Buffers.SearchValues.Create(string.Concat(SectionWords.Select(w => w[0])));

    private static bool MayNameASection(string text)
    {
        // One vectorised search for the words' first characters; a word is looked for only where its first
        // character stands (主 and 其 are common, yet far rarer than nine searches of every line that has one).
        var rest = text.AsSpan();
        for (var at = rest.IndexOfAny(SectionWordStarts); at >= 0; at = rest.IndexOfAny(SectionWordStarts))
        {
            rest = rest[at..];
            foreach (var w in SectionWords)
                if (w[0] == rest[0] && rest.StartsWith(w, StringComparison.Ordinal)) return true;
            rest = rest[1..];
        }
        return false;
    }

    /// <summary>Which section a heading title names (0: none). <paramref name="numeral"/> is a top-level ordinal's value.</summary>
    private static int Classify(string t, int numeral)
    {
        if (t.Contains("行政复议") && t.Contains("行政诉讼")) return 4;
        if (t.Contains("收到和处理") || (numeral == 3 && t.Contains("依申请公开"))) return 3;
        if (t.Contains("主动公开政府信息") || (numeral == 2 && t.StartsWith("主动公开", StringComparison.Ordinal))) return 2;
        if (t.Contains("总体情况") || t is "概述" or "总体概况" || (numeral == 1 && t is "基本情况" or "工作概况")) return 1;
        if (t.Contains("存在的主要问题") || (t.Contains("问题") && (t.Contains("改进") || t.Contains("整改") || t.Contains("措施")))) return 5;
        if (t.Contains("其他需要报告") || (numeral == 6 && t.StartsWith("其他", StringComparison.Ordinal))) return 6;
        return 0;
    }

    private static bool IsTopLevel(string ordinal) => ordinal[0] is not ('（' or '(');

    public static int OrdinalValue(string ordinal)
    {
        var value = 0;
        var digits = false;
        foreach (var c in ordinal)
            if (char.IsAsciiDigit(c)) { value = value * 10 + (c - '0'); digits = true; }
        if (digits) return value;
        Span<char> numerals = stackalloc char[ordinal.Length];
        var n = 0;
        foreach (var c in ordinal)
            if ("一二三四五六七八九十".Contains(c)) numerals[n++] = c;
        return ChineseNumber(new string(numerals[..n]));
    }

    public static int ChineseNumber(string s)
    {
        const string units = "一二三四五六七八九";
        if (s.Length == 0) return 0;
        if (s == "十") return 10;
        var ten = s.IndexOf('十');
        if (ten < 0) return units.IndexOf(s[0]) + 1;
        var tens = ten == 0 ? 1 : units.IndexOf(s[0]) + 1;
        var ones = ten == s.Length - 1 ? 0 : units.IndexOf(s[^1]) + 1;
        return tens * 10 + ones;
    }

    [GeneratedRegex(@"^(?:存在的?(?:主要)?问题|主要问题|问题(?:和|与|及)?不足|存在(?:的)?不足|不足之处|工作中存在的问题)")] private static partial Regex ProblemSubHeading();
    [GeneratedRegex(@"^(?:改进(?:情况|措施|方向|计划|举措)|整改(?:情况|措施)|下一步(?:工作)?(?:计划|打算|措施|安排|举措|方向)?|(?:今后|明年)(?:工作)?(?:计划|打算|方向)|工作(?:计划|打算|方向)|努力方向)")] private static partial Regex ImprovementSubHeading();
    [GeneratedRegex(@"^主动公开(?:情况|方面|工作)?$")] private static partial Regex ActiveSubHeading();
    [GeneratedRegex(@"^依申请公开(?:情况|方面|工作)?$")] private static partial Regex OnRequestSubHeading();
    [GeneratedRegex(@"^政府信息(?:资源)?管理(?:情况|方面|工作)?$")] private static partial Regex ManagementSubHeading();
    [GeneratedRegex(@"^(?:政府信息公开|政务公开|政府信息)?(?:平台|公开平台)建设(?:情况|方面)?$")] private static partial Regex PlatformSubHeading();
    [GeneratedRegex(@"^监督保障(?:情况|方面|工作)?$")] private static partial Regex SupervisionSubHeading();

    /// <summary>一、 一. 一， （一） (一). 1、 1. 第一部分 — an ordinal at the start of a heading.</summary>
    [GeneratedRegex(@"^(?<ord>第[一二三四五六七八九十]+部分[、.．:：]?|[一二三四五六七八九十]{1,3}\s*[、.．，,：:]|[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)][、.．]?|\d{1,2}\s*[、.．](?!\d))\s*")]
    internal static partial Regex OrdinalPattern();
}
