using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Checks.Rules;

internal static class CrossYear
{
    /// <summary>Last year's report, when it is the year before this one (or the years are unknown).</summary>
    public static AnnualReport? Previous(ReviewInput input) =>
        input.Previous is { } p && (p.Year is null || input.Report.Year is null || p.Year == input.Report.Year - 1) ? p : null;

    public static string YearOf(AnnualReport r, string fallback) => r.Year is { } y ? $"{y}年" : fallback;
}

/// <summary>crossyear.carryover: per column, last year's 结转下年度 = this year's 上年结转.</summary>
public sealed class CarryoverRule : IRule
{
    public string Id => "crossyear.carryover";
    public Severity Severity => Severity.Error;
    public string Description => "本年“上年结转”与上一年度报告“结转下年度继续办理”不一致（逐列）";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var prev = CrossYear.Previous(input);
        var now = input.Report.Applications;
        var before = prev?.Applications;
        if (now is null || before is null) return;
        var failures = new List<string>();
        var totalFails = false;
        foreach (var column in Template.T3Columns)
        {
            int i = now.ColumnIndex(column), j = before.ColumnIndex(column);
            if (i < 0 || j < 0) continue;
            var carriedOver = now.Value("carriedOver", i);
            var carriedForward = before.Value("carriedForward", j);
            if (carriedOver is null || carriedForward is null) continue;
            sink.Assessed();
            if (carriedOver == carriedForward) continue;
            if (column == "total") totalFails = true;
            failures.Add($"“{Tables.Name(column)}”列 本年上年结转{Tables.Number(carriedOver.Value)}件，上年报告结转下年度{Tables.Number(carriedForward.Value)}件");
        }
        if (failures.Count == 0) return;
        sink.Report(totalFails ? Severity.Error : Severity.Warning,
            $"本年“上年结转政府信息公开申请数量”与{CrossYear.YearOf(prev!, "上一年度")}报告“结转下年度继续办理”不衔接：{string.Join("；", failures)}。",
            $"第三部分表格（本年）与上一年度报告第三部分表格：{string.Join("；", failures)}", 3);
    }
}

/// <summary>crossyear.valid-documents: 现行有效 = last year's 现行有效 + this year's 制发 − 废止 (规章, 行政规范性文件).</summary>
public sealed class ValidDocumentsRule : IRule
{
    public string Id => "crossyear.valid-documents";
    public Severity Severity => Severity.Warning;
    public string Description => "现行有效件数≠上年现行有效＋本年制发－本年废止（规章、行政规范性文件）";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var prev = CrossYear.Previous(input);
        var now = input.Report.ActiveDisclosure;
        var before = prev?.ActiveDisclosure;
        if (now is null || before is null) return;
        foreach (var row in Template.T2DocumentRows)
        {
            var made = now.Value(row, 0);
            var repealed = now.Value(row, 1);
            var valid = now.Value(row, 2);
            var lastValid = before.Value(row, 2);
            if (made is null || repealed is null || valid is null || lastValid is null) continue;
            sink.Assessed();
            var expected = lastValid.Value + made.Value - repealed.Value;
            if (expected == valid) continue;
            sink.Report(Severity.Warning,
                $"第二部分表格“{Tables.Name(row)}”现行有效件数为{Tables.Number(valid.Value)}，而上年现行有效{Tables.Number(lastValid.Value)}＋本年制发{Tables.Number(made.Value)}－本年废止{Tables.Number(repealed.Value)}＝{Tables.Number(expected)}，请核实或说明原因。",
                $"第二部分表格：{Tables.Name(row)} 本年制发={Tables.Number(made.Value)}，本年废止={Tables.Number(repealed.Value)}，现行有效={Tables.Number(valid.Value)}；上年报告现行有效={Tables.Number(lastValid.Value)}", 2);
        }
    }
}

/// <summary>crossyear.repeated-text: section 一 or 五 more than half the same as last year's (character 4-gram containment).</summary>
public sealed class RepeatedTextRule : IRule
{
    public string Id => "crossyear.repeated-text";
    public Severity Severity => Severity.Warning;
    public string Description => "第一或第五部分与上一年度报告大段雷同（字符4-gram重合率超过50%）";

    public const double Threshold = 0.5;
    private const int MinLength = 60;

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var prev = CrossYear.Previous(input);
        if (prev is null) return;
        foreach (var n in new[] { 1, 5 })
        {
            var now = input.Report.Section(n);
            var before = prev.Section(n);
            if (now is null || before is null) continue;
            var a = Normalize(now.Text);
            var b = Normalize(before.Text);
            if (a.Length < MinLength || b.Length < MinLength) continue;
            sink.Assessed();
            var share = Containment(a, b);
            if (share <= Threshold) continue;
            sink.Report(Severity.Warning,
                $"{Prose.SectionName(n)}“{Template.SectionTitles[n - 1]}”与{CrossYear.YearOf(prev, "上一年度")}报告约{Percent(share)}内容相同，疑为照抄上年报告，请结合本年度实际撰写。",
                $"{Prose.SectionName(n)}：本年{a.Length}字，与上年报告重合的4字片段占{Percent(share)}", n);
        }
    }

    private static string Percent(double share) => $"{Math.Round(share * 100).ToString(System.Globalization.CultureInfo.InvariantCulture)}%";

    /// <summary>The CJK characters of the prose (digits and punctuation dropped, so a changed year does not hide a copy).</summary>
    internal static string Normalize(string text) =>
        new(string.Join("", Prose.Paragraphs(text)).Where(c => c is >= '\u4e00' and <= '\u9fa5').ToArray());

    /// <summary>Share of <paramref name="a"/>'s character 4-grams that also occur in <paramref name="b"/>.</summary>
    internal static double Containment(string a, string b)
    {
        const int k = 4;
        var grams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + k <= b.Length; i++) grams.Add(b.Substring(i, k));
        var total = 0;
        var shared = 0;
        for (var i = 0; i + k <= a.Length; i++)
        {
            total++;
            if (grams.Contains(a.Substring(i, k))) shared++;
        }
        return total == 0 ? 0 : (double)shared / total;
    }
}
