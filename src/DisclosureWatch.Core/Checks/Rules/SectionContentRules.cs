using System.Text.RegularExpressions;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Checks.Rules;

internal static partial class SectionFive
{
    /// <summary>The section's paragraphs, one a line; made once per text (four rules read sections 5 and 6).</summary>
    public static string Prose(Section s) => Joined.GetValue(s.Text, static text => string.Join("\n", Checks.Prose.Paragraphs(text)));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, string> Joined = new();

    public static int CjkCount(string text)
    {
        var count = 0;
        foreach (var c in text)
            if (c is >= '\u4e00' and <= '\u9fa5') count++;
        return count;
    }

    public static bool IsEmpty(string prose) => CjkCount(prose) < 15 || Nothing().IsMatch(prose.Trim());

    /// <summary>Labelled passages of section 5 when a model ran; null when none are labelled.</summary>
    public static IReadOnlyList<string?>? Labels(ReviewInput input)
    {
        var labelled = input.Passages.Where(p => p.Section == 5 && p.Label is not null).Select(p => p.Label).ToList();
        return labelled.Count > 0 ? labelled : null;
    }

    [GeneratedRegex(@"^(?:无|暂无|没有|无相关情况|无其他需要报告的事项)[。.]?$")] private static partial Regex Nothing();
    [GeneratedRegex(@"问题|不足|差距|薄弱|有待|不够|欠缺|短板|不到位|不高|不强|滞后|不完善|不及时|不全面|不规范|较少|偏低|单一")] public static partial Regex ProblemCue();
    [GeneratedRegex(@"下一步|今后|将|改进|整改|进一步|加强|提升|完善|强化|加大|持续|推进|措施")] public static partial Regex ImprovementCue();
}

/// <summary>section5.empty: section 五 is there but says nothing.</summary>
public sealed class Section5EmptyRule : IRule
{
    public string Id => "section5.empty";
    public Severity Severity => Severity.Warning;
    public string Description => "第五部分“存在的主要问题及改进情况”有标题无内容，或只写“无”";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var s = input.Report.Section(5);
        if (s is null) return;
        sink.Assessed();
        var prose = SectionFive.Prose(s);
        if (SectionFive.IsEmpty(prose))
            sink.Report(Severity.Warning, "第五部分“存在的主要问题及改进情况”没有实质内容，请如实写明存在的主要问题和改进措施。",
                prose.Trim().Length == 0 ? "第五部分正文为空" : $"第五部分正文：“{prose.Trim()}”", 5);
    }
}

/// <summary>section5.no-problems: section 五 names no problem.</summary>
public sealed class Section5NoProblemsRule : IRule
{
    public string Id => "section5.no-problems";
    public Severity Severity => Severity.Warning;
    public string Description => "第五部分没有写存在的问题（分类模型标注，或“问题/不足/差距/薄弱/有待”等提示词）";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var s = input.Report.Section(5);
        if (s is null) return;
        var prose = SectionFive.Prose(s);
        if (SectionFive.IsEmpty(prose)) return; // section5.empty says it
        sink.Assessed();
        var labels = SectionFive.Labels(input);
        var found = labels is not null ? labels.Contains("problem") : SectionFive.ProblemCue().IsMatch(prose);
        if (!found)
            sink.Report(Severity.Warning, "第五部分只写了改进措施，没有写明政府信息公开工作存在的主要问题。",
                $"第五部分正文：{Prose.Quote(prose.Replace("\n", ""))}", 5);
    }
}

/// <summary>section5.no-improvements: section 五 names problems but no improvement.</summary>
public sealed class Section5NoImprovementsRule : IRule
{
    public string Id => "section5.no-improvements";
    public Severity Severity => Severity.Warning;
    public string Description => "第五部分没有写改进情况或下一步措施（分类模型标注，或“下一步/将/改进/今后/进一步”等提示词）";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var s = input.Report.Section(5);
        if (s is null) return;
        var prose = SectionFive.Prose(s);
        if (SectionFive.IsEmpty(prose)) return;
        sink.Assessed();
        var labels = SectionFive.Labels(input);
        // 改进情况 covers improvement plans and the measures already taken
        var found = labels is not null ? labels.Contains("improvement") || labels.Contains("measure") : SectionFive.ImprovementCue().IsMatch(prose);
        if (!found)
            sink.Report(Severity.Warning, "第五部分只写了存在的问题，没有写明改进情况和下一步措施。",
                $"第五部分正文：{Prose.Quote(prose.Replace("\n", ""))}", 5);
    }
}

/// <summary>section6.fee-statement: section 六 must state the 信息处理费 charged (not table 2's 行政事业性收费).</summary>
public sealed partial class Section6FeeStatementRule : IRule
{
    public string Id => "section6.fee-statement";
    public Severity Severity => Severity.Warning;
    public string Description => "第六部分未说明本年度收取政府信息公开信息处理费的情况（模板要求）";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var s = input.Report.Section(6);
        if (s is null) return; // structure.missing-section says it
        sink.Assessed();
        var prose = SectionFive.Prose(s);
        if (FeeStatement().IsMatch(prose.Replace("行政事业性收费", ""))) return;
        sink.Report(Severity.Warning,
            "第六部分未说明本年度收取政府信息公开信息处理费的情况，请按模板写明（如“本年度未收取信息处理费”）。",
            prose.Trim().Length == 0 ? "第六部分正文为空" : $"第六部分正文：{Prose.Quote(prose.Replace("\n", ""))}", 6);
    }

    [GeneratedRegex(@"处理费|信息处理|收费|收取[^。；]{0,12}费|费用")] private static partial Regex FeeStatement();
}
