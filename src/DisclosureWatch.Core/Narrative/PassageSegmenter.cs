using System.Text;
using System.Text.RegularExpressions;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Narrative;

/// <summary>
/// Cuts the narrative of a report into passages: sentences and enumerated items (一是…, 1、…, （一）…).
/// Table rows and table headers are skipped; headings (（一）存在的问题, short lines without 。, the short part
/// before the first 。 of "（一）主动公开情况。严格按照…") become the context of the passages below them.
/// </summary>
public static partial class PassageSegmenter
{
    /// <summary>A heading longer than this (characters) is read as a sentence, not a heading.</summary>
    public const int MaxHeadingLength = 24;

    public static IReadOnlyList<Passage> Segment(AnnualReport report)
    {
        var passages = new List<Passage>();
        // The preamble (basis, statistical period, contact) is section 0; its "headings" are title lines, not context.
        if (report.Preamble.Length > 0)
            passages.AddRange(SegmentText(0, report.Preamble).Select(p => p with { Context = null }));
        foreach (var section in report.Sections)
            passages.AddRange(SegmentText(section.Number, section.Text));
        return passages;
    }

    /// <summary>Segments one section's body text (lines joined with '\n', table rows tab-joined).</summary>
    public static IReadOnlyList<Passage> SegmentText(int section, string text)
    {
        var result = new List<Passage>();
        string? heading = null;
        string? leadIn = null;
        foreach (var paragraph in Paragraphs(text))
        {
            var p = paragraph;
            // A whole paragraph that is a short line without a sentence end: a heading.
            if (IsHeading(p))
            {
                heading = CleanHeading(p);
                leadIn = null;
                continue;
            }
            // "（一）主动公开情况。严格按照…": the short part before the first stop is the heading.
            var inline = InlineHeading().Match(p);
            if (inline.Success && inline.Groups["head"].Value.Trim().Length is > 0 and <= 16)
            {
                heading = CleanHeading(inline.Groups["head"].Value);
                leadIn = null;
                p = p[inline.Length..].Trim();
                if (p.Length == 0) continue;
            }
            // A lead-in ("主要表现在：", "下一步，我乡将…：") frames the items after it, in this paragraph and in the
            // enumerated paragraphs (一是…, 1、…) that follow; a paragraph that is not an item ends it.
            if (!StartsItem(p)) leadIn = null;
            var sentences = Sentences(p);
            for (var i = 0; i < sentences.Count; i++)
            {
                var s = sentences[i];
                if (!HasCjk(s)) continue;
                result.Add(new Passage(section, s, leadIn is null ? heading : Join(heading, leadIn), result.Count));
                if (LeadInContext(s) is { } lead) leadIn = lead;
            }
        }
        return result;
    }

    private static string Join(string? heading, string lead) => heading is null ? lead : $"{heading}/{lead}";

    /// <summary>What a paragraph's first sentence says about the items that follow it, or null.</summary>
    internal static string? LeadInContext(string sentence)
    {
        var t = sentence.Trim();
        if (ItemStart().IsMatch(t)) return null;
        var opens = t.EndsWith('：') || t.EndsWith(':') || LeadStart().IsMatch(t);
        if (!opens) return null;
        if (FutureLead().IsMatch(t) && !ProblemOnly().IsMatch(t)) return "下一步";
        if (ProblemLead().IsMatch(t)) return "存在的问题";
        return null;
    }

    // ------------------------------------------------------------------------------------------
    // Paragraphs: join wrapped lines (pdftotext, hard-wrapped txt), drop table rows and page numbers.

    internal static List<string> Paragraphs(string text)
    {
        var paragraphs = new List<string>();
        var buffer = new StringBuilder();
        var rest = text.Replace("\r", "").AsSpan();
        Span<char> head = stackalloc char[MaxHeadingLength];
        while (true)
        {
            var end = rest.IndexOf('\n');
            var raw = end < 0 ? rest : rest[..end];
            // Lines are read as spans: table rows and blank lines (most of a section's lines) make no string.
            var line = Clean(raw);
            if (line.Length > 0 && !IsTableLine(raw, line) && HasCjk(line))
            {
                // Clean trims every line, so a buffer longer than a heading cannot be one: no string made to ask.
                var startsNew = buffer.Length == 0 || EndsSentence(buffer) || StartsItem(line)
                    || buffer.Length <= MaxHeadingLength && IsHeading(Copy(buffer, head));
                if (startsNew && buffer.Length > 0)
                {
                    paragraphs.Add(buffer.ToString());
                    buffer.Clear();
                }
                buffer.Append(line);
            }
            if (end < 0) break;
            rest = rest[(end + 1)..];
        }
        if (buffer.Length > 0) paragraphs.Add(buffer.ToString());
        return paragraphs;
    }

    private static ReadOnlySpan<char> Copy(StringBuilder b, Span<char> to)
    {
        b.CopyTo(0, to, b.Length);
        return to[..b.Length];
    }

    /// <summary>Markup, indentation and the spaces pdftotext puts between CJK characters removed. A line without
    /// markup or inner white space (most lines) is a slice of itself.</summary>
    private static ReadOnlySpan<char> Clean(ReadOnlySpan<char> line)
    {
        if (line.IndexOf("**") < 0 && line.IndexOf("__") < 0)
        {
            var t = line.Trim().TrimStart("#> \u3000\t").Trim();
            if (!HasWhiteSpace(t)) return t;
        }
        return Clean(line.ToString());
    }

    private static string Clean(string line)
    {
        var s = line.Replace("**", "").Replace("__", "").Trim().TrimStart('#', '>', ' ', '\u3000', '\t').Trim();
        s = s.Replace('\u3000', ' ');
        // pdftotext -layout indents and spaces CJK text: collapse runs of spaces between CJK characters
        // (most lines have no inner space at all: no regex run for them).
        return HasWhiteSpace(s) ? SpaceBetweenCjk().Replace(s, "$1$2") : s;
    }

    private static bool EndsSentence(StringBuilder b)
    {
        var c = b[^1];
        return c is '。' or '！' or '？' or '；' or ';' or '：' or ':' or '!' or '?'
            || (c is '”' or '）' or ')' && b.Length > 1 && b[^2] is '。' or '！' or '？');
    }

    private static bool StartsItem(ReadOnlySpan<char> line) => ItemStart().IsMatch(line);

    internal static bool IsHeading(ReadOnlySpan<char> p)
    {
        var t = p.Trim();
        if (t.Length == 0 || t.Length > MaxHeadingLength) return false;
        if (t.Contains('。') || t.Contains('；') || t.Contains('，') && !ChineseOrdinal().IsMatch(t)) return false;
        var last = t[^1];
        return last is not ('。' or '；' or ';' or '，' or ',' or '、');
    }

    private static string CleanHeading(string h)
    {
        var t = ChineseOrdinal().Replace(h.Trim(), "").Trim();
        t = Ordinal().Replace(t, "").Trim();
        return t.TrimEnd('。', '.', '：', ':', '；', ' ').Trim();
    }

    /// <summary>A tab-joined table row, a column-aligned pdftotext row, or a table header line.</summary>
    internal static bool IsTableLine(ReadOnlySpan<char> raw, ReadOnlySpan<char> cleaned)
    {
        if (raw.Contains('\t'))
        {
            // two cells, or one that is not a sentence
            var cells = 0;
            var sentence = false;
            foreach (var range in raw.Split('\t'))
            {
                var cell = raw[range].Trim();
                if (cell.IsEmpty) continue;
                cells++;
                sentence = cell.Contains('。');
            }
            if (cells >= 2 || cells == 1 && !sentence) return true;
        }
        if (raw.Count('|') >= 2) return true;
        if (!raw.Contains('。') && HasWideGap(raw) && ColumnGap().Count(raw.Trim()) >= 2) return true;
        return TableHeader().IsMatch(cleaned) && !cleaned.Contains('。');
    }

    private static bool HasWhiteSpace(ReadOnlySpan<char> s) => WhiteSpace.Any(s);

    /// <summary>Three white-space characters in a row somewhere: what a layout column gap needs.</summary>
    private static bool HasWideGap(ReadOnlySpan<char> s)
    {
        var run = 0;
        foreach (var c in s)
            if (!WhiteSpace.Is(c)) run = 0;
            else if (++run == 3) return true;
        return false;
    }

    private static bool HasCjk(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (c is >= '\u4e00' and <= '\u9fff') return true;
        return false;
    }

    // ------------------------------------------------------------------------------------------
    // Sentences: split at 。！？； and before enumerators (一是, 二是, （1）, 1、), merge tiny item titles.

    internal static List<string> Sentences(string paragraph)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 0; i < paragraph.Length; i++)
        {
            var c = paragraph[i];
            var end = c is '。' or '！' or '？' or '；' or ';' or '!' or '?';
            if (end)
            {
                var j = i + 1;
                while (j < paragraph.Length && paragraph[j] is '”' or '’' or '）' or ')') j++;
                pieces.Add(paragraph[start..j]);
                start = j;
                i = j - 1;
                continue;
            }
            if (i > start && IsEnumeratorAt(paragraph, i))
            {
                pieces.Add(paragraph[start..i]);
                start = i;
            }
        }
        if (start < paragraph.Length) pieces.Add(paragraph[start..]);

        var sentences = new List<string>();
        var pending = "";
        for (var k = 0; k < pieces.Count; k++)
        {
            var s = pieces[k].Trim();
            if (s.Length == 0) continue;
            if (pending.Length > 0) { s = pending + s; pending = ""; }
            // "一是政府网站管理存在不足。" or "1、强化组织保障。": a short item title stays with the sentence after it
            // (unless that sentence is the next item).
            var next = k + 1 < pieces.Count ? pieces[k + 1].Trim() : "";
            if (ItemStart().IsMatch(s) && StripItem(s).Length <= 12 && s[^1] is '。' or '.' && next.Length > 0 && !ItemStart().IsMatch(next))
            {
                pending = s;
                continue;
            }
            sentences.Add(s);
        }
        if (pending.Length > 0) sentences.Add(pending);
        return sentences;
    }

    private static string StripItem(string s) => ItemStart().Replace(s, "").TrimEnd('。', '.', '；', ';');

    private static bool IsEnumeratorAt(string s, int i)
    {
        // 一是 / 二是 … after a comma, colon or the start: "：一是公开内容…"
        if (i + 1 < s.Length && s[i + 1] == '是' && "一二三四五六七八九十".Contains(s[i]))
        {
            var prev = s[i - 1];
            return prev is '，' or ',' or '：' or ':' or '、' or ' ';
        }
        // （1） or (2) after a comma or colon
        if (s[i] is '（' or '(' && i + 2 < s.Length && char.IsAsciiDigit(s[i + 1]) && s[i - 1] is '，' or '：' or ':' or ',')
            return true;
        return false;
    }

    // ------------------------------------------------------------------------------------------

    [GeneratedRegex(@"^(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．])\s*(?<head>[^。：:；.]{1,30}?)[。：:.．]")]
    private static partial Regex InlineHeading();

    [GeneratedRegex(@"^(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|第[一二三四五六七八九十]+[，、]?)\s*")]
    private static partial Regex ChineseOrdinal();

    [GeneratedRegex(@"^(?:\d{1,2}[、.．)）]|[（(]\d{1,2}[）)]|[①-⑩])\s*")]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|[一二三四五六七八九十]是|\d{1,2}[、.．](?!\d)|[①-⑩]|第[一二三四五六七八九十]+[，、])")]
    private static partial Regex ItemStart();

    [GeneratedRegex(@"([\u4e00-\u9fff，。、；：“”（）《》])\s+(?=[\u4e00-\u9fff，。、；：“”（）《》])")]
    private static partial Regex SpaceBetweenCjk();

    [GeneratedRegex(@"\S\s{3,}\S")]
    private static partial Regex ColumnGap();

    [GeneratedRegex(@"^(?:第二十条第[（(][一二三四五六七八九十]+[）)]项|信息内容|本年制发件数|本年废止件数|现行有效件数|本年处理决定数量|本年收费金额|申请人情况|自然人|法人或其他组织|商业企业|科研机构|社会公益组织|法律服务机构|其他|总计|行政复议|行政诉讼|结果维持|结果纠正|其他结果|尚未审结|未经复议直接起诉|复议后起诉|单位[：:]|[（(]单位)")]
    private static partial Regex TableHeader();

    [GeneratedRegex(@"^(?:下一步|今后|下一阶段|针对|主要表现|具体表现|主要体现)")]
    private static partial Regex LeadStart();

    [GeneratedRegex(@"下一步|今后|将|计划|拟|改进措施|改进情况|整改措施|努力方向|工作打算|明年|来年")]
    private static partial Regex FutureLead();

    [GeneratedRegex(@"问题|不足|差距|短板|薄弱|欠缺|主要表现|主要体现|具体表现|有待")]
    private static partial Regex ProblemLead();

    [GeneratedRegex(@"^(?:[^将]*(?:主要表现|存在[^，。]*(?:问题|不足)|不足之处|差距|短板)[^将]*)$")]
    private static partial Regex ProblemOnly();
}
