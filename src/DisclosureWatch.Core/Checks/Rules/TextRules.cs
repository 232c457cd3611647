using System.Text.RegularExpressions;

namespace DisclosureWatch.Core.Checks.Rules;

/// <summary>text.enumeration: 一是…二是…二是 (an item repeated or skipped); restarting at 一是 is fine.</summary>
public sealed partial class EnumerationRule : IRule
{
    public string Id => "text.enumeration";
    public Severity Severity => Severity.Warning;
    public string Description => "“一是、二是、三是”序号重复、跳号或倒序（重新从“一是”开始不算）";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        sink.Assessed();
        foreach (var section in input.Report.Sections)
        {
            var last = 0;
            foreach (var paragraph in Prose.Paragraphs(section.Text))
            {
                // value matches: no Match object per item; the numeral (group 1) is the match's first character
                foreach (var m in Item().EnumerateMatches(paragraph))
                {
                    var numeral = paragraph[m.Index];
                    var k = Prose.NumeralValue(numeral);
                    // a list starts at 一是 (or wherever the first item of the section is, its start may sit in a heading)
                    if (k == 1 || k == last + 1 || last == 0) { last = k; continue; }
                    var what = k == last ? "重复" : k > last ? $"跳号（“{Prose.Numeral(last)}是”之后直接是“{numeral}是”）" : "倒序";
                    var sentence = new ProseSentence(section.Number, 0, paragraph);
                    sink.Report(Severity.Warning,
                        $"{Prose.SectionName(section.Number)}的“一是、二是……”序号{(k == last ? $"“{numeral}是”重复出现" : what)}，请核对条目编号。",
                        Prose.Evidence(sentence, m.Index), section.Number);
                    last = k;
                }
            }
        }
    }

    // 一是 after punctuation, a line start or markup; not 统一是, 唯一是 …
    [GeneratedRegex(@"(?<=^|[，。；：！？、,.;:!?\s*“”（）()】])([一二三四五六七八九十])是")] private static partial Regex Item();
}

/// <summary>text.duplicated-word: a word typed twice (的的, 进一步进一步), sparing reduplication such as 件件, 事事, 常常.</summary>
public sealed partial class DuplicatedWordRule : IRule
{
    public string Id => "text.duplicated-word";
    public Severity Severity => Severity.Warning;
    public string Description => "字词重复（如“的的”“进一步进一步”），不含“件件、事事、常常”等正常叠词";

    // Function characters Chinese never doubles; other single-character doubles (件件, 人人, 常常) are reduplication.
    private const string NeverDoubled = "的地得了和与及在对将把被为从向于以并或而也就都还又其之所着由按据共已";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        sink.Assessed();
        // line by line as written: re-joining hard-wrapped lines would invent repeats across a line break (…人民政府 / 政府信息…)
        foreach (var (number, text) in input.Report.Sections.Select(x => (x.Number, x.Text)).Prepend((0, input.Report.Preamble)))
        foreach (var line in Prose.Lines(text))
        {
            var repeats = Repeats(line);
            for (var r = 0; r < repeats.Count; r++) // by index: no enumerator a line
            {
                var (index, length) = repeats[r];
                // the skips read the line in place: strings only for a reported repeat (件件, 常常 … are most repeats)
                var unit = line.AsSpan(index, length);
                // one character: only function words are never doubled; longer: 一件一件 / 一步一步 are idiomatic
                if (unit.Length == 1 ? !NeverDoubled.Contains(unit[0]) : unit[0] == '一') continue;
                var at = line.AsSpan(index);
                if (at.StartsWith("的的确确") || at.StartsWith("地地道道") || at.StartsWith("了了之")) continue; // 不了了之
                // 某区人民政府政府信息公开…: an organ's name ending in 政府, then the title's 政府信息
                if (unit is "政府" && index > 0 && "民县市区乡镇州省旗".Contains(line[index - 1]) && at[4..].StartsWith("信息")) continue;
                var s = new ProseSentence(number, 0, line);
                var doubled = line.Substring(index, 2 * length);
                sink.Report(Severity.Warning, $"{Prose.SectionName(s.Section)}出现重复字词“{doubled}”，请删去多余的“{doubled[..length]}”。",
                    Prose.Evidence(s, index), s.Section == 0 ? null : s.Section);
            }
        }
    }

    /// <summary>Runs of 1–5 CJK characters written twice in a row (where and how long), longest first, not overlapping.</summary>
    /// <remarks>A plain loop over a span, not an iterator: every character of every line is looked at.</remarks>
    internal static IReadOnlyList<(int Index, int Length)> Repeats(string text)
    {
        List<(int, int)>? found = null;
        var t = text.AsSpan();
        for (var i = 0; i < t.Length; i++)
        {
            var c = t[i];
            if (!IsCjk(c)) continue;
            for (var len = Math.Min(5, (t.Length - i) / 2); len >= 1; len--)
            {
                if (t[i + len] != c) continue; // most places: no repeat starts here
                var ok = true;
                for (var k = 1; k < len && ok; k++)
                    ok = IsCjk(t[i + k]) && t[i + k] == t[i + len + k];
                if (!ok) continue;
                (found ??= []).Add((i, len));
                i += 2 * len - 1;
                break;
            }
        }
        return found ?? (IReadOnlyList<(int, int)>)[];
    }

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fa5';

}

/// <summary>text.punctuation: doubled or clashing punctuation (，， 。。 ，。 ；；).</summary>
public sealed partial class PunctuationRule : IRule
{
    public string Id => "text.punctuation";
    public Severity Severity => Severity.Warning;
    public string Description => "标点重复或连用（“，，”“。。”“，。”“；；”等）";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        sink.Assessed();
        foreach (var section in input.Report.Sections.Select(s => (Number: s.Number, Text: s.Text)).Prepend((Number: 0, Text: input.Report.Preamble)))
        {
            foreach (var paragraph in Prose.Paragraphs(section.Text))
            {
                for (var m = Clash().Match(paragraph); m.Success; m = m.NextMatch())
                {
                    var sentence = new ProseSentence(section.Number, 0, paragraph);
                    sink.Report(Severity.Warning, $"{Prose.SectionName(section.Number)}标点使用有误：“{m.Value}”连用，请改正。",
                        Prose.Evidence(sentence, m.Index), section.Number == 0 ? null : section.Number);
                }
            }
        }
    }

    [GeneratedRegex(@"[，,、；;：:][，,、；;。：:]|。[，,、；;。：:]|[，、；][.]")] private static partial Regex Clash();
}

/// <summary>text.contradiction: the narrative says every application was concluded, the table carries some forward.</summary>
public sealed partial class ContradictionRule : IRule
{
    public string Id => "text.contradiction";
    public Severity Severity => Severity.Warning;
    public string Description => "正文称申请“均已办结/全部办结/无结转”，表格却有结转下年度继续办理的申请";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var t = input.Report.Applications;
        if (t?.Value("carriedForward", Reports.Template.T3Total) is not { } forward) return;
        sink.Assessed();
        if (forward <= 0) return;
        foreach (var s in Prose.Of(input.Report))
        {
            var m = AllConcluded().Match(s.Text);
            if (!m.Success || !s.Text.Contains("申请") || LastYear().IsMatch(s.Text[..m.Index])) continue;
            sink.Report(Severity.Warning,
                $"{Prose.SectionName(s.Section)}称申请“{m.Value}”，但第三部分表格“结转下年度继续办理”为{Tables.Number(forward)}件，前后矛盾，请核实。",
                $"{Prose.Evidence(s, m.Index)}；{Tables.Cells(t, [("carriedForward", Reports.Template.T3Total)])}", s.Section == 0 ? null : s.Section);
            return;
        }
    }

    [GeneratedRegex(@"(?:均已|全部|已全部|均)(?:按时|按期|依法)?(?:办结|办理完毕|答复完毕|处理完毕)|无结转|没有结转|不存在结转")] private static partial Regex AllConcluded();
    // the applications said to be concluded are some of them: last year's, those carried over, the rest after a count
    [GeneratedRegex(@"上年|上一年|去年|结转的|结转申请|(?:19|20)\d\d\s*年度?转入|其余|剩余|余下")] private static partial Regex LastYear();
}
