using System.Text.RegularExpressions;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Checks.Rules;

/// <summary>structure.missing-section: one of the six template sections is absent.</summary>
public sealed class MissingSectionRule : IRule
{
    public string Id => "structure.missing-section";
    public Severity Severity => Severity.Error;
    public string Description => "报告缺少模板规定的六个部分之一";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var r = input.Report;
        if (r.Sections.Count == 0) return; // nothing was read as a section: a parse failure, not a finding
        sink.Assessed();
        foreach (var n in r.MissingSections.Where(n => n is >= 1 and <= 6).Distinct().Order())
            sink.Report(Severity.Error,
                $"报告缺少第{Prose.Numeral(n)}部分“{Template.SectionTitles[n - 1]}”，请按模板补齐六个部分。",
                $"报告现有部分：{string.Join("、", r.Sections.Select(s => s.Heading.Trim()))}", n);
    }
}

/// <summary>structure.heading: a section heading without its ordinal, with the wrong or a sub-heading ordinal, or the 2019 title.</summary>
public sealed class HeadingRule : IRule
{
    public string Id => "structure.heading";
    public Severity Severity => Severity.Warning;
    public string Description => "一级标题缺少序号、序号错误、用了二级标题序号“（三）”，或沿用2019年旧模板标题";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        foreach (var s in input.Report.Sections)
        {
            if (s.Number is < 1 or > 6) continue;
            sink.Assessed();
            var expected = $"{Prose.Numeral(s.Number)}、";
            var problems = new List<string>();
            var ordinal = (s.Ordinal ?? "").Replace(" ", "").Replace("\u3000", "");
            if (s.HeadingMissing)
                problems.Add($"缺失，正文只有其小标题“{s.Heading.Trim()}”，应补上一级标题“{expected}{Template.SectionTitles[s.Number - 1]}”");
            else if (ordinal.Length == 0)
                problems.Add($"缺少序号“{expected}”");
            else if (ordinal[0] is '（' or '(')
                problems.Add($"使用了二级标题的序号“{ordinal}”，应为“{expected}”");
            else if (Prose.NumeralValue(ordinal[0]) is var v && v != s.Number)
                problems.Add($"序号为“{ordinal}”，应为“{expected}”");
            if (s.IsLegacyTitle)
                problems.Add($"沿用了旧模板标题“{s.Title}”，现行模板（国办公开办函〔2021〕30号）为“{Template.SectionTitles[s.Number - 1]}”");
            if (problems.Count == 0) continue;
            sink.Report(Severity.Warning, $"第{Prose.Numeral(s.Number)}部分标题{string.Join("；", problems)}。",
                $"标题原文：“{s.Heading.Trim()}”", s.Number);
        }
    }
}

/// <summary>structure.order: sections out of the template's order, or a section given twice.</summary>
public sealed class SectionOrderRule : IRule
{
    public string Id => "structure.order";
    public Severity Severity => Severity.Warning;
    public string Description => "六个部分的顺序与模板不一致或某部分重复出现";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var sections = input.Report.Sections.Where(s => s.Number is >= 1 and <= 6).ToList();
        if (sections.Count < 2) return;
        sink.Assessed();
        var seen = new HashSet<int>();
        var max = 0;
        foreach (var s in sections)
        {
            if (!seen.Add(s.Number))
                sink.Report(Severity.Warning, $"第{Prose.Numeral(s.Number)}部分“{Template.SectionTitles[s.Number - 1]}”在报告中出现了两次。",
                    $"重复的标题：“{s.Heading.Trim()}”", s.Number);
            else if (s.Number < max)
                sink.Report(Severity.Warning,
                    $"第{Prose.Numeral(s.Number)}部分“{Template.SectionTitles[s.Number - 1]}”排在第{Prose.Numeral(max)}部分之后，顺序与模板不一致。",
                    $"报告中的顺序：{string.Join(" → ", sections.Select(x => x.Heading.Trim()))}", s.Number);
            max = Math.Max(max, s.Number);
        }
    }
}

/// <summary>structure.title: the title does not name the report's year (哈拉直沟乡人民政府政府信息公开工作年度报告).</summary>
public sealed class TitleRule : IRule
{
    public string Id => "structure.title";
    public Severity Severity => Severity.Warning;
    public string Description => "报告标题未写明年度（模板：XX人民政府XXXX年政府信息公开工作年度报告）";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var r = input.Report;
        if (string.IsNullOrWhiteSpace(r.Title) || r.Sections.Count == 0) return;
        sink.Assessed();
        if (r.TitleYear is not null) return;
        // Only what is known goes into the suggested title; an unknown organ or year is named, never filled with XX.
        var organ = OrganName.Of(r)?.Name;
        sink.Report(Severity.Warning,
            r.Year is { } y
                ? $"报告标题未写明年度，请按模板写为“{organ ?? "（机关名称）"}{y}年政府信息公开工作年度报告”。"
                : $"报告标题未写明年度，请在“政府信息公开工作年度报告”前写明{(organ is null ? "机关名称和" : $"“{organ}”和")}报告年度。",
            $"标题：“{r.Title.Trim()}”");
    }
}

/// <summary>text.placeholder: template placeholders left in the text (XX乡, ××年, 某某).</summary>
public sealed partial class PlaceholderRule : IRule
{
    public string Id => "text.placeholder";
    public Severity Severity => Severity.Warning;
    public string Description => "正文残留模板占位符（如“XX乡”“××年”“某某”）";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        sink.Assessed();
        foreach (var s in Prose.Of(input.Report))
        {
            var m = Placeholder().Match(s.Text);
            if (!m.Success) continue;
            sink.Report(Severity.Warning, $"{Prose.SectionName(s.Section)}残留模板占位符“{m.Value}”，请填写实际内容。",
                Prose.Evidence(s, m.Index), s.Section == 0 ? null : s.Section);
        }
    }

    // 〇〇 inside a year written in numerals (二〇〇八年) is a year
    [GeneratedRegex(@"(?<![A-Za-z])[XxＸｘ×]{2,}(?![A-Za-z])|某某|(?<![一二])〇〇(?![〇一二三四五六七八九]年)|(?<![一二])○○(?![○一二三四五六七八九]年)")] private static partial Regex Placeholder();
}
