using System.Text.RegularExpressions;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Checks.Rules;

/// <summary>A year named as a time (not a date, citation, document name or period bound) in a sentence.</summary>
public sealed record YearMention(int Year, int Index, int Length);

public static partial class Years
{
    /// <summary>Years the sentence uses as "this is when it happened": 2023年，… / 2023年以来 / 2023年度我乡…</summary>
    public static IReadOnlyList<YearMention> TimeMentions(string sentence)
    {
        // most sentences have no digit at all (fullwidth ones were made ASCII when the lines were read): no regex run,
        // and no list (asked of every sentence by year.mismatch and year.plan)
        if (!sentence.AsSpan().ContainsAnyInRange('0', '9') || PeriodSentence().IsMatch(sentence)) return [];
        List<YearMention>? mentions = null;
        foreach (var m in YearPattern().EnumerateMatches(sentence))
        {
            if (!IsTime(sentence, m.Index, m.Length)) continue;
            // the year (group 1) is the match's first four characters
            (mentions ??= []).Add(new YearMention((int)DecimalDigits.Value(sentence.AsSpan(m.Index, 4))!.Value, m.Index, m.Length));
        }
        return mentions ?? (IReadOnlyList<YearMention>)[];
    }

    /// <summary>Not a date (2023年5月), a document (2023年工作要点), inside a title 《…》 or a bound (自2023年).</summary>
    private static bool IsTime(string sentence, int index, int length)
    {
        var after = sentence.AsSpan(index + length);
        if (DateAfter().IsMatch(after) || DocumentAfter().IsMatch(after)) return false;
        if (InsideBookTitle(sentence, index)) return false;
        return !BoundBefore().IsMatch(sentence.AsSpan(Math.Max(0, index - 3), index - Math.Max(0, index - 3)));
    }

    /// <summary>A time mention that opens a statement of work: followed by ，/以来/全年/共/我/本…</summary>
    public static bool IsStatementOpener(string sentence, YearMention y) =>
        StatementAfter().IsMatch(sentence.AsSpan(y.Index + y.Length));

    public static bool HasPlanCue(string sentence) => PlanCue().IsMatch(sentence);

    private static bool InsideBookTitle(string s, int index)
    {
        var open = s.LastIndexOf('《', index);
        return open >= 0 && s.IndexOf('》', open) is var close && (close < 0 || close > index);
    }

    [GeneratedRegex(@"(?<!\d)((?:19|20)\d{2})\s*年(?:度)?")] private static partial Regex YearPattern();
    [GeneratedRegex(@"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}|底|初|末|上半年|下半年|第?[一二三四]季度)\s*月?")] private static partial Regex DateAfter();
    [GeneratedRegex(@"^\s*(?:政务公开工作要点|工作要点|要点|工作计划|计划|规划|年度报告|年报|工作报告|报告|工作方案|方案|考核|评估|绩效|通知|意见|文件|版)")] private static partial Regex DocumentAfter();
    [GeneratedRegex(@"较|比|与|至|到|自|截至|从|于|在$")] private static partial Regex BoundBefore();
    [GeneratedRegex(@"统计期限|统计时间|统计期|统计区间|统计周期|起止时间|自\s*\d{4}\s*年\s*1\s*月\s*1\s*日")] private static partial Regex PeriodSentence();
    [GeneratedRegex(@"^\s*(?:以来|全年|[，,]|共|累计|我|本|全)")] private static partial Regex StatementAfter();
    [GeneratedRegex(@"下一步|今后|明年|新的一年|计划|拟|力争|将继续|将进一步|将在|将着力|将持续|将以|将按照|将不断|将加大|将加强|将全面|将认真|将严格|将围绕")] private static partial Regex PlanCue();
    [GeneratedRegex(@"上年|去年|上一年|较|同比|相比|增长|下降|减少|增加|结转|比")] public static partial Regex ComparisonCue();
}

/// <summary>year.mismatch: this year's work stated under another year (2023年，我乡… in a 2024 report).</summary>
public sealed class YearMismatchRule : IRule
{
    public string Id => "year.mismatch";
    public Severity Severity => Severity.Warning;
    public string Description => "正文把本年度工作写成其他年份（如2024年度报告写“2023年，我乡……”），不含统计期限、文件名、计划和落款日期";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        if (input.Report.Year is not { } year) return;
        sink.Assessed();
        foreach (var s in Prose.Of(input.Report))
        {
            bool? plan = null; // a plan (下一步…) may name any year: asked once, and only of a sentence with another year
            bool? compared = null; // 2022年收到申请22件，2023年收到19件: two years side by side are a comparison
            var mentions = Years.TimeMentions(s.Text);
            for (var i = 0; i < mentions.Count; i++) // by index: no enumerator a sentence
            {
                var y = mentions[i];
                if (y.Year == year || !Years.IsStatementOpener(s.Text, y)) continue;
                if (compared ??= Names(mentions, year)) break;
                if (plan ??= Years.HasPlanCue(s.Text)) break;
                if (y.Year < year && s.Text.AsSpan(y.Index + y.Length).TrimStart().StartsWith("以来")) continue; // 2019年以来: a span up to now
                if (y.Year < year && Years.ComparisonCue().IsMatch(s.Text)) continue;
                sink.Report(Severity.Warning,
                    $"本报告为{year}年度报告，{Prose.SectionName(s.Section)}却写“{y.Year}年”开展的工作，疑为沿用其他年度报告的表述，请核实。",
                    Prose.Evidence(s, y.Index), s.Section == 0 ? null : s.Section);
                break;
            }
        }
    }

    private static bool Names(IReadOnlyList<YearMention> mentions, int year)
    {
        for (var i = 0; i < mentions.Count; i++)
            if (mentions[i].Year == year) return true;
        return false;
    }
}

/// <summary>year.plan: an improvement plan that names the report year or earlier (2023年，司寨乡将… in a 2023 report).</summary>
public sealed partial class YearPlanRule : IRule
{
    public string Id => "year.plan";
    public Severity Severity => Severity.Warning;
    public string Description => "第五部分的改进计划写的是本报告年度或更早的年份（应为下一年度）";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        if (input.Report.Year is not { } year) return;
        var section = input.Report.Section(5);
        if (section is null) return;
        sink.Assessed();
        foreach (var s in SentencesOf(input.Report, section))
        {
            if (s.Section != 5) continue;
            var mentions = Years.TimeMentions(s.Text);
            if (mentions.Count == 0 || Later(mentions, year)) continue;
            for (var i = 0; i < mentions.Count; i++)
            {
                var y = mentions[i];
                if (PlanAfter(s.Text.AsSpan(y.Index + y.Length)) is not { } planHasDe || !Years.HasPlanCue(s.Text)) continue;
                // 2023年度工作中存在的问题，我乡将…: the year qualifies what is to be improved, it does not date the plan
                if (!Years.IsStatementOpener(s.Text, y) && planHasDe) continue;
                sink.Report(Severity.Warning,
                    $"本报告为{year}年度报告，第五部分的改进计划却写“{y.Year}年”将要开展的工作，计划应针对{year + 1}年，请核实。",
                    Prose.Evidence(s, y.Index), 5);
                break;
            }
        }
    }

    /// <summary>
    /// The section's sentences: those of the report's (already read) when the report has this one section 5, else read
    /// anew. (Section 5's sentences are the same either way.)
    /// </summary>
    private static IReadOnlyList<ProseSentence> SentencesOf(Reports.AnnualReport report, Reports.Section section)
    {
        var fives = 0;
        foreach (var x in report.Sections)
            if (x.Number == 5) fives++;
        return fives == 1 ? Prose.Of(report) : Prose.Of(section);
    }

    private static bool Later(IReadOnlyList<YearMention> mentions, int year)
    {
        for (var i = 0; i < mentions.Count; i++)
            if (mentions[i].Year > year) return true;
        return false;
    }

    /// <summary>A plan after the year (…将/计划/拟…): null when none, else whether its words hold a 的.</summary>
    private static bool? PlanAfter(ReadOnlySpan<char> after)
    {
        foreach (var m in PlanAfterYear().EnumerateMatches(after)) // anchored: one match at most
            return after.Slice(m.Index, m.Length).Contains('的');
        return null;
    }

    [GeneratedRegex(@"^\s*[，,]?[^。；]{0,25}?(?:将|计划|拟|力争|要)")] private static partial Regex PlanAfterYear();
}

/// <summary>year.period: the title's year, the statistical period's year and the signing date disagree.</summary>
public sealed class YearPeriodRule : IRule
{
    public string Id => "year.period";
    public Severity Severity => Severity.Error;
    public string Description => "标题年度、统计期限年度不一致，或落款日期早于报告年度结束";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var r = input.Report;
        if (r.TitleYear is { } t && r.PeriodYear is { } p)
        {
            sink.Assessed();
            if (t != p)
                sink.Report(Severity.Error, $"报告标题为{t}年度，统计期限却是{p}年，两者不一致，请核实报告年度。",
                    $"标题：“{r.Title?.Trim()}”；统计期限年度：{p}年");
        }
        if (r.Year is { } y && r.PublishedOn is { } d)
        {
            sink.Assessed();
            if (d < new DateOnly(y, 12, 31))
                sink.Report(Severity.Warning, $"报告落款日期{d:yyyy年M月d日}早于{y}年度结束，年度或落款日期可能有误。",
                    $"报告年度：{y}年；落款日期：{d:yyyy年M月d日}");
        }
    }
}

/// <summary>deadline.late: published after 31 January of the following year (条例 第五十条).</summary>
public sealed class DeadlineLateRule : IRule
{
    public string Id => "deadline.late";
    public Severity Severity => Severity.Warning;
    public string Description => "落款或发布日期晚于次年1月31日（《条例》第五十条规定的公布期限）";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var r = input.Report;
        if (r.Year is not { } y || r.PublishedOn is not { } d) return;
        sink.Assessed();
        var deadline = new DateOnly(y + 1, 1, 31);
        if (d > deadline)
            sink.Report(Severity.Warning,
                $"报告落款日期为{d:yyyy年M月d日}，晚于《政府信息公开条例》规定的{deadline:yyyy年M月d日}公布期限。",
                $"报告年度：{y}年；落款日期：{d:yyyy年M月d日}");
    }
}
