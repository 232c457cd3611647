using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Checks;

/// <summary>A sentence of narrative prose and where it sits (section 0 = the preamble before section 一).</summary>
public sealed record ProseSentence(int Section, int Paragraph, string Text);

/// <summary>
/// Reads the narrative of a section: drops table rows (tab/pipe-joined cells, or ≥3 numeric cells),
/// page numbers and markup, re-joins lines that were hard-wrapped mid-sentence, and splits sentences.
/// </summary>
public static partial class Prose
{
    private const string Numerals = "一二三四五六七八九十";

    /// <summary>一 … 十 for 1 … 10.</summary>
    public static string Numeral(int n) => n is >= 1 and <= 10 ? Numerals[n - 1].ToString() : n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>1 … 10 for 一 … 十, or 0.</summary>
    public static int NumeralValue(char c) => Numerals.IndexOf(c) + 1;

    public static string SectionName(int number) => number == 0 ? "报告开头" : $"第{Numeral(number)}部分";

    /// <summary>A line of cells rather than prose: tabs or pipes between cells, or three or more numeric cells.</summary>
    public static bool IsTableLine(string line) => IsTableLine(line.AsSpan());

    /// <inheritdoc cref="IsTableLine(string)"/>
    public static bool IsTableLine(ReadOnlySpan<char> line)
    {
        var t = line.Trim();
        if (t.IsEmpty) return false;
        if (t.Contains('\t')) return true;
        if (t.Count('|') >= 2) return true;
        // a row's values stand at its end (label then cells); prose with numbers ends in words (…尚未审结 37 件).
        // Read the tokens from the end: most prose is settled by its last token.
        var trailing = 0;
        var counting = true;
        for (var end = t.Length; end > 0;)
        {
            var start = end;
            while (start > 0 && !WhiteSpace.Is(t[start - 1])) start--;
            var token = t[start..end];
            if (TableCell.LooksLikeValue(token))
            {
                if (counting && ++trailing >= 3) return true;
            }
            else
            {
                counting = false;
                if (!IsPageNumber(token)) return false; // a word: prose (unless three values already closed it)
            }
            end = start;
            while (end > 0 && WhiteSpace.Is(t[end - 1])) end--;
        }
        return true; // every token a value or a page number
    }


    // Every rule reads the same sections: read each text once (keyed by the string instance, so nothing is kept alive).
    // Lines and paragraphs share one entry: every text is asked for both (duplicated-word reads lines, the rest paragraphs).
    private sealed record TextProse(IReadOnlyList<string> Lines, IReadOnlyList<string> Paragraphs);
    private static readonly ConditionalWeakTable<string, TextProse> TextCache = new();
    private static readonly ConditionalWeakTable<AnnualReport, IReadOnlyList<ProseSentence>> ReportCache = new();

    private static TextProse Read(string text)
    {
        var lines = ReadLines(text);
        return new TextProse(lines, ReadParagraphs(lines));
    }

    /// <summary>The section's prose as paragraphs, hard-wrapped lines re-joined.</summary>
    public static IReadOnlyList<string> Paragraphs(string text) => TextCache.GetValue(text, Read).Paragraphs;

    private static List<string> ReadParagraphs(IReadOnlyList<string> lines, int from = 0)
    {
        var paragraphs = new List<string>();
        // A paragraph of one line (most headings and short paragraphs) is that line: only longer ones are built.
        var first = -1;
        var count = 0;
        void Flush()
        {
            if (count == 1) paragraphs.Add(lines[first]);
            else if (count > 1) paragraphs.Add(Join(lines, first, count));
            count = 0;
        }
        for (var i = from; i < lines.Count; i++) // the prose lines, read once for both
        {
            var line = lines[i];
            var heading = IsSubHeading(line);
            if (heading || (count > 0 && EndsParagraph(lines[first + count - 1][^1]))) Flush();
            if (count++ == 0) first = i;
            if (heading) Flush();
        }
        Flush();
        return paragraphs;
    }

    private static string Join(IReadOnlyList<string> lines, int first, int count)
    {
        var length = 0;
        for (var i = first; i < first + count; i++) length += lines[i].Length;
        return string.Create(length, (lines, first, count), static (span, state) =>
        {
            for (var i = state.first; i < state.first + state.count; i++)
            {
                state.lines[i].AsSpan().CopyTo(span);
                span = span[state.lines[i].Length..];
            }
        });
    }

    /// <summary>The prose lines of a text as written (table rows and page numbers dropped, markup removed), not re-joined.</summary>
    public static IReadOnlyList<string> Lines(string text) => TextCache.GetValue(text, Read).Lines;

    private static List<string> ReadLines(string text)
    {
        // Lines are read as spans: a table row (most lines of some sections) makes no string.
        var lines = new List<string>();
        var rest = text.AsSpan();
        while (true)
        {
            var end = rest.IndexOf('\n');
            var line = end < 0 ? rest : rest[..end];
            if (!IsTableLine(line) && Clean(line) is { Length: > 0 } cleaned) lines.Add(cleaned);
            if (end < 0) return lines;
            rest = rest[(end + 1)..];
        }
    }

    /// <summary>Adds the sentences of one paragraph, each ending with its 。！？； (when it has one); no iterator: the
    /// report's prose is read once, every sentence of it.</summary>
    private static void AddSentences(List<ProseSentence> list, int section, int p, string paragraph)
    {
        var start = 0;
        for (var i = paragraph.AsSpan().IndexOfAny(SentenceEnds); i >= 0 && i < paragraph.Length; i = NextEnd(paragraph, i + 1))
        {
            // keep a closing quote or bracket with its sentence
            var end = i + 1;
            while (end < paragraph.Length && paragraph[end] is '”' or '」' or '）' or ')') end++;
            Add(list, section, p, paragraph, start, end);
            start = end;
            i = end - 1;
        }
        Add(list, section, p, paragraph, start, paragraph.Length);

        static int NextEnd(string paragraph, int from)
        {
            var next = paragraph.AsSpan(from).IndexOfAny(SentenceEnds);
            return next < 0 ? -1 : from + next;
        }

        static void Add(List<ProseSentence> list, int section, int p, string paragraph, int start, int end)
        {
            var span = paragraph.AsSpan(start, end - start);
            var trimmed = span.Trim();
            if (trimmed.IsEmpty) return;
            // the whole paragraph as one sentence is the paragraph's own string
            var text = trimmed.Length == paragraph.Length ? paragraph : trimmed.ToString();
            list.Add(new ProseSentence(section, p, text));
        }
    }

    private static readonly System.Buffers.SearchValues<char> SentenceEnds = System.Buffers.SearchValues.Create("。！？；!?");

    /// <summary>All prose sentences of the report, in order, with their section (0 = preamble).</summary>
    public static IReadOnlyList<ProseSentence> Of(AnnualReport report, bool includePreamble = true) =>
        includePreamble ? ReportCache.GetValue(report, ReadAll) : ReadBody(report); // a static delegate: no closure a call

    /// <summary>The sentences after the preamble's (asked once a report: a copy rather than a second cache entry).</summary>
    private static List<ProseSentence> ReadBody(AnnualReport report)
    {
        // the sections' sentences are the same either way: those of the whole report after the preamble's (section 0)
        var all = Of(report);
        var first = 0;
        while (first < all.Count && all[first].Section == 0) first++;
        var body = new List<ProseSentence>(all.Count - first);
        for (var i = first; i < all.Count; i++) body.Add(all[i]);
        return body;
    }

    private static List<ProseSentence> ReadAll(AnnualReport report)
    {
        var list = new List<ProseSentence>();
        AddPreamble(list, report);
        foreach (var s in report.Sections) Add(list, s.Number, s.Text);
        return list;
    }

    /// <summary>
    /// The preamble's title block (the title however wrapped, the organ on its own line, page chrome) stands
    /// apart: each of its lines is a paragraph of its own, so the organ does not open the first paragraph.
    /// </summary>
    private static void AddPreamble(List<ProseSentence> list, AnnualReport report)
    {
        var text = report.Preamble;
        if (text.Length == 0) return;
        var title = (report.Title ?? "").Replace(" ", "");
        var lines = Lines(text);
        var header = 0;
        while (header < lines.Count && IsHeaderLine(lines[header], title)) header++;
        if (header == 0) { Add(list, 0, text); return; }
        for (var i = 0; i < header; i++) list.Add(new ProseSentence(0, i, lines[i]));
        var paragraphs = ReadParagraphs(lines, header);
        for (var p = 0; p < paragraphs.Count; p++)
            AddSentences(list, 0, header + p, paragraphs[p]);
    }

    /// <summary>A line of the title block: part of the title, or short and without a sentence's punctuation.</summary>
    private static bool IsHeaderLine(string line, string title)
    {
        if (line.IndexOfAny(['。', '，', '；', '！', '？']) >= 0) return false;
        return (title.Length > 0 && title.Contains(line.Replace(" ", ""), StringComparison.Ordinal)) || line.Length <= 30;
    }

    public static IReadOnlyList<ProseSentence> Of(Section section)
    {
        var list = new List<ProseSentence>();
        Add(list, section.Number, section.Text);
        return list;
    }

    private static void Add(List<ProseSentence> list, int section, string text)
    {
        var paragraphs = Paragraphs(text);
        for (var p = 0; p < paragraphs.Count; p++)
            AddSentences(list, section, p, paragraphs[p]);
    }

    /// <summary>The sentence quoted for evidence, shortened around <paramref name="index"/> when long.</summary>
    public static string Quote(string sentence, int index = 0, int max = 120)
    {
        if (sentence.Length <= max) return $"“{sentence}”";
        var from = Math.Clamp(index - max / 3, 0, sentence.Length - max);
        return $"“{(from > 0 ? "…" : "")}{sentence.Substring(from, max)}{(from + max < sentence.Length ? "…" : "")}”";
    }

    /// <summary>Evidence for a sentence: the quote and the section it sits in.</summary>
    public static string Evidence(ProseSentence s, int index = 0) => $"{Quote(s.Text, index)}（{SectionName(s.Section)}）";

    private static string Clean(ReadOnlySpan<char> raw)
    {
        // Without markup or ideographic spaces (most lines) only the trimming is left to do.
        if (raw.IndexOf("**") < 0 && raw.IndexOf("__") < 0 && !raw.Contains('\u3000')) return raw.Trim().TrimStart("#> ").Trim().ToString();
        return Clean(raw.ToString());
    }

    private static string Clean(string raw)
    {
        var t = raw.Trim().Replace("**", "").Replace("__", "");
        t = t.TrimStart('#', '>', ' ').Trim();
        return t.Replace('\u3000', ' ').Trim();
    }

    private static bool EndsParagraph(char c) => c is '。' or '！' or '？' or '!' or '?' or '：' or ':';

    private static bool IsSubHeading(string line) =>
        line.Length <= 40 && SubHeadingStart().IsMatch(line) && line.IndexOfAny(['。', '，', '；', ',', ';']) < 0 && !EndsParagraph(line[^1]);

    /// <summary>A page number (第3页, -3-); the pattern runs only on a token that opens as one can (most last tokens are words).</summary>
    private static bool IsPageNumber(ReadOnlySpan<char> token) =>
        !token.IsEmpty && (char.IsDigit(token[0]) || token[0] is '-' or '—' or '－' or '第') && PageNumber().IsMatch(token);

    [GeneratedRegex(@"^[-—－第]*\d+[-—－页]*$")] private static partial Regex PageNumber();
    [GeneratedRegex(@"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、．.]|\d+[、．.]\D)")] private static partial Regex SubHeadingStart();
}
