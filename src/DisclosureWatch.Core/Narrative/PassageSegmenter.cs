using System.Buffers;
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
        var segmenter = new Segmenter();
        // The preamble (basis, statistical period, contact) is section 0; its "headings" are title lines, not context.
        if (report.Preamble.Length > 0) segmenter.Add(0, report.Preamble, withContext: false);
        foreach (var section in report.Sections) segmenter.Add(section.Number, section.Text, withContext: true);
        segmenter.ReturnBuffer();
        return segmenter.Passages;
    }

    /// <summary>Segments one section's body text (lines joined with '\n', table rows tab-joined).</summary>
    public static IReadOnlyList<Passage> SegmentText(int section, string text)
    {
        var segmenter = new Segmenter();
        segmenter.Add(section, text, withContext: true);
        segmenter.ReturnBuffer();
        return segmenter.Passages;
    }

    /// <summary>
    /// One report's segmentation. Paragraphs are joined in one pooled char buffer and cut into sentences as spans:
    /// the only strings made are the passages' texts and their contexts (29.4 → 5.9 KiB a report on the seeds, 4.9
    /// of it the passages themselves), and the lines of a table are dropped before they are cleaned.
    /// </summary>
    private sealed class Segmenter
    {
        public readonly List<Passage> Passages = [];
        private readonly List<Range> _pieces = [];
        // A paragraph is at most its section's text: the buffer is rented at the longest section's size.
        private char[] _paragraph = [];
        private int _length;
        // Per section: where its passages start, its sub-heading and the lead-in framing its items.
        private int _section, _first;
        private bool _withContext;
        private string? _heading, _leadIn;
        // heading/leadIn joined, made once for all the items under them
        private string? _joined, _joinedHeading, _joinedLead;

        public void Add(int section, string text, bool withContext)
        {
            (_section, _first, _withContext, _heading, _leadIn, _length) = (section, Passages.Count, withContext, null, null, 0);
            var rest = text.Replace("\r", "").AsSpan();
            Reserve(rest.Length);
            while (true)
            {
                var end = rest.IndexOf('\n');
                var raw = end < 0 ? rest : rest[..end];
                // Most of a section's lines are table rows: dropped on the raw line, before any cleaning.
                if (!IsTableRow(raw))
                {
                    var line = Clean(raw);
                    if (line.Length > 0 && !IsTableHeader(line) && HasCjk(line))
                    {
                        var paragraph = _paragraph.AsSpan(0, _length);
                        // Clean trims every line, so a paragraph longer than a heading cannot be one.
                        var startsNew = _length == 0 || EndsSentence(paragraph) || StartsItem(line)
                            || _length <= MaxHeadingLength && IsHeading(paragraph);
                        if (startsNew && _length > 0) EndParagraph();
                        Append(line);
                    }
                }
                if (end < 0) break;
                rest = rest[(end + 1)..];
            }
            if (_length > 0) EndParagraph();
        }

        private void Append(ReadOnlySpan<char> line)
        {
            // cleaning never lengthens a line: a paragraph fits in the buffer reserved for its section's text
            line.CopyTo(_paragraph.AsSpan(_length));
            _length += line.Length;
        }

        /// <summary>A buffer of at least <paramref name="capacity"/>, taken before a section (nothing in it to keep).</summary>
        private void Reserve(int capacity)
        {
            if (capacity <= _paragraph.Length) return;
            ReturnBuffer();
            _paragraph = ArrayPool<char>.Shared.Rent(capacity);
        }

        public void ReturnBuffer()
        {
            if (_paragraph.Length > 0) ArrayPool<char>.Shared.Return(_paragraph);
            _paragraph = [];
        }

        private void EndParagraph()
        {
            Paragraph(_paragraph.AsSpan(0, _length));
            _length = 0;
        }

        private void Paragraph(ReadOnlySpan<char> p)
        {
            // A whole paragraph that is a short line without a sentence end: a heading.
            if (IsHeading(p))
            {
                _heading = CleanHeading(p);
                _leadIn = null;
                return;
            }
            // "（一）主动公开情况。严格按照…": the short part before the first stop is the heading.
            if (MatchLength(InlineHeading(), p) is > 0 and var inline)
            {
                // The head group, less the white space Trim drops anyway: between the ordinal (the pattern's, which
                // ChineseOrdinal's first two branches repeat) and the stop that ends the match.
                var head = p[Math.Max(0, MatchLength(ChineseOrdinal(), p))..(inline - 1)].Trim();
                if (head.Length is > 0 and <= 16)
                {
                    _heading = CleanHeading(head);
                    _leadIn = null;
                    p = p[inline..].Trim();
                    if (p.Length == 0) return;
                }
            }
            // A lead-in ("主要表现在：", "下一步，我乡将…：") frames the items after it, in this paragraph and in the
            // enumerated paragraphs (一是…, 1、…) that follow; a paragraph that is not an item ends it.
            if (!StartsItem(p)) _leadIn = null;
            Sentences(p);
        }

        /// <summary>Splits at 。！？； and before enumerators (一是, 二是, （1）, 1、); a tiny item title stays with the
        /// sentence after it.</summary>
        private void Sentences(ReadOnlySpan<char> paragraph)
        {
            var pieces = _pieces;
            pieces.Clear();
            var start = 0;
            for (var i = 0; i < paragraph.Length; i++)
            {
                var c = paragraph[i];
                if (c is '。' or '！' or '？' or '；' or ';' or '!' or '?')
                {
                    var j = i + 1;
                    while (j < paragraph.Length && paragraph[j] is '”' or '’' or '）' or ')') j++;
                    pieces.Add(start..j);
                    start = j;
                    i = j - 1;
                    continue;
                }
                if (i > start && IsEnumeratorAt(paragraph, i))
                {
                    pieces.Add(start..i);
                    start = i;
                }
            }
            if (start < paragraph.Length) pieces.Add(start..);

            string? pending = null;
            for (var k = 0; k < pieces.Count; k++)
            {
                var piece = paragraph[pieces[k]].Trim();
                if (piece.Length == 0) continue;
                // The sentence as a span; a string only once it is merged with a pending item title.
                var merged = pending is null ? null : string.Concat(pending, piece);
                var s = merged ?? piece;
                pending = null;
                // "一是政府网站管理存在不足。" or "1、强化组织保障。": a short item title stays with the sentence after it
                // (unless that sentence is the next item).
                var next = k + 1 < pieces.Count ? paragraph[pieces[k + 1]].Trim() : default;
                if (IsItemTitle(s) && next.Length > 0 && !StartsItem(next))
                {
                    pending = merged ?? s.ToString();
                    continue;
                }
                Sentence(s, merged);
            }
            if (pending is not null) Sentence(pending, pending);
        }

        /// <summary>"一是…。" / "1、…。" with at most 12 characters after the enumerator.</summary>
        private static bool IsItemTitle(ReadOnlySpan<char> s) =>
            MatchLength(ItemStart(), s) is >= 0 and var item && s[^1] is '。' or '.' && s[item..].TrimEnd("。.；;").Length <= 12;

        private void Sentence(ReadOnlySpan<char> s, string? asString)
        {
            if (!HasCjk(s)) return;
            var text = asString ?? s.ToString();
            Passages.Add(new Passage(_section, text, _withContext ? Context() : null, Passages.Count - _first));
            if (LeadInContext(text) is { } lead) _leadIn = lead;
        }

        private string? Context()
        {
            if (_leadIn is null) return _heading;
            if (!ReferenceEquals(_joinedHeading, _heading) || !ReferenceEquals(_joinedLead, _leadIn))
                (_joined, _joinedHeading, _joinedLead) = (_heading is null ? _leadIn : $"{_heading}/{_leadIn}", _heading, _leadIn);
            return _joined;
        }
    }

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
    // Lines: wrapped lines (pdftotext, hard-wrapped txt) are joined; table rows and page numbers dropped.

    /// <summary>Markup, indentation and the spaces pdftotext puts between CJK characters removed. A line without
    /// markup is a slice of itself unless it has a full-width space or spaces between CJK characters to collapse.</summary>
    private static ReadOnlySpan<char> Clean(ReadOnlySpan<char> line)
    {
        if (line.IndexOf("**") < 0 && line.IndexOf("__") < 0)
        {
            var t = line.Trim().TrimStart("#> \u3000\t").Trim();
            if (!HasWhiteSpace(t) || !t.Contains('\u3000') && !HasSpaceBetweenCjk(t)) return t;
        }
        return Clean(line.ToString());
    }

    private static string Clean(string line)
    {
        var s = line.Replace("**", "").Replace("__", "").Trim().TrimStart('#', '>', ' ', '\u3000', '\t').Trim();
        s = s.Replace('\u3000', ' ');
        // pdftotext -layout indents and spaces CJK text: collapse runs of spaces between CJK characters
        // (most lines have no inner space at all: no regex run for them).
        return HasWhiteSpace(s) ? SpaceBetweenCjk().Replace(s, "$1") : s;
    }

    /// <summary>Whether <see cref="SpaceBetweenCjk"/> matches: a CJK character or punctuation, white space, another.</summary>
    private static bool HasSpaceBetweenCjk(ReadOnlySpan<char> s)
    {
        for (var i = 1; i < s.Length; i++)
        {
            if (!WhiteSpace.Is(s[i]) || !IsCjkOrPunctuation(s[i - 1])) continue;
            var j = i + 1;
            while (j < s.Length && WhiteSpace.Is(s[j])) j++;
            if (j < s.Length && IsCjkOrPunctuation(s[j])) return true;
            i = j;
        }
        return false;
    }

    /// <summary>The class [\u4e00-\u9fff，。、；：“”（）《》] of <see cref="SpaceBetweenCjk"/>.</summary>
    private static bool IsCjkOrPunctuation(char c) =>
        c is >= '\u4e00' and <= '\u9fff' or '，' or '。' or '、' or '；' or '：' or '“' or '”' or '（' or '）' or '《' or '》';

    private static bool EndsSentence(ReadOnlySpan<char> b)
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

    /// <summary>The heading without its ordinal (（一）, 一、, 第一, 1、, (2), ①) and closing stop.</summary>
    private static string CleanHeading(ReadOnlySpan<char> h)
    {
        var t = WithoutPrefix(ChineseOrdinal(), h.Trim()).Trim();
        t = WithoutPrefix(Ordinal(), t).Trim();
        return t.TrimEnd("。.：:； ").Trim().ToString();
    }

    /// <summary>The text after the match of a ^-anchored pattern (what Replace(text, "") leaves of it).</summary>
    private static ReadOnlySpan<char> WithoutPrefix(Regex anchored, ReadOnlySpan<char> text) =>
        MatchLength(anchored, text) is > 0 and var length ? text[length..] : text;

    /// <summary>The length of the first match of a ^-anchored pattern, -1 when it does not match (no Match made).</summary>
    private static int MatchLength(Regex anchored, ReadOnlySpan<char> text)
    {
        foreach (var m in anchored.EnumerateMatches(text)) return m.Length;
        return -1;
    }

    /// <summary>A tab-joined table row or a column-aligned pdftotext row, told from the raw line.</summary>
    private static bool IsTableRow(ReadOnlySpan<char> raw)
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
        return !raw.Contains('。') && HasWideGap(raw) && ColumnGap().Count(raw.Trim()) >= 2;
    }

    private static bool IsTableHeader(ReadOnlySpan<char> cleaned) => TableHeader().IsMatch(cleaned) && !cleaned.Contains('。');

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

    private static bool IsEnumeratorAt(ReadOnlySpan<char> s, int i)
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
