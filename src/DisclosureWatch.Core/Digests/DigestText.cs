using System.Globalization;
using System.Text;

namespace DisclosureWatch.Core.Digests;

/// <summary>The text/plain part: the same figures as the html, in the same order, readable in any client.</summary>
internal static class DigestText
{
    public static string Render(DigestInput input, DigestFigures f, string attachmentName)
    {
        var t = new StringBuilder(8 * 1024);
        t.AppendLine("政务公开年报周报").Append(f.Period.ToChinese()).Append(" · ").Append(f.ReportYear).Append("年度报告 · 致 ")
         .AppendLine(input.Supervisor).AppendLine();
        t.Append("收到报告 ").Append(f.Received.Count).Append(" 份（首次 ").Append(f.NewCount).Append("，重报 ").Append(f.ResubmittedCount)
         .Append("）｜有错误 ").Append(f.WithErrors.Count).Append(" 份｜未报送 ").Append(f.Missing.Count).Append(" 个单位｜")
         .Append(DigestBuilder.DeadlineText(f.DaysToDeadline)).Append("（截止 ").Append(f.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).AppendLine("）");

        Heading(t, "本周要点");
        foreach (var item in Highlights(f)) t.Append("• ").AppendLine(item);

        if (f.Received.Count > 0)
        {
            Heading(t, $"有错误的报告（{f.WithErrors.Count}份，按严重程度排序）");
            if (f.WithErrors.Count == 0) t.AppendLine("本期收到的报告均未发现错误。");
            var rank = 0;
            foreach (var r in f.WithErrors.Take(DigestBuilder.DetailedErrorReports))
            {
                t.Append(++rank).Append(". ").Append(r.Report.Organ).Append('（').Append(DigestBuilder.YearText(r.Report.Year, f.ReportYear))
                 .Append('，').Append(r.Report.Resubmitted ? "重新报送" : "首次报送").Append("，编号 ").Append(r.Report.Id).Append("）：")
                 .Append(r.Errors).Append(" 个错误");
                if (r.Warnings > 0) t.Append('，').Append(r.Warnings).Append(" 个警告");
                t.AppendLine();
                foreach (var finding in r.TopFindings)
                {
                    t.Append("   [").Append(DigestBuilder.SeverityName(finding.Severity)).Append("] ").AppendLine(finding.Message);
                    if (!string.IsNullOrWhiteSpace(finding.Evidence)) t.Append("       依据：").AppendLine(DigestBuilder.Clip(finding.Evidence, 200));
                }
                var more = r.Report.Findings.Count - r.TopFindings.Count;
                if (more > 0) t.Append("   另有 ").Append(more).Append(" 条，见附件 ").AppendLine(attachmentName);
            }
            if (DigestBuilder.RestOfErrors(f) is { } rest)
                t.Append("另有 ").Append(f.WithErrors.Count - DigestBuilder.DetailedErrorReports).Append(" 份有错误：").Append(rest)
                 .Append("。详见附件 ").AppendLine(attachmentName);
        }

        Heading(t, $"尚未报送的单位（{f.Missing.Count}个）");
        if (f.Missing.Count == 0) t.AppendLine("应报单位均已报送。");
        else
        {
            t.Append(DigestBuilder.DeadlineText(f.DaysToDeadline)).Append('（').Append(f.ReportYear).Append("年度报告截止 ")
             .Append(f.Deadline.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)).AppendLine("）");
            foreach (var m in f.Missing) t.Append("   ").AppendLine(m.Describe());
        }

        if (f.Received.Count > 0) Rest(t, input, f);

        t.AppendLine().AppendLine(AttachmentLine(f, attachmentName)).AppendLine("本邮件由 DisclosureWatch 自动生成，每个周期只发送一次。");
        return t.ToString();
    }

    /// <summary>What only a week with reports has: themes, year on year, the reports, the uncertain passages.</summary>
    private static void Rest(StringBuilder t, DigestInput input, DigestFigures f)
    {
        Heading(t, "共性问题（多个单位反映的同类问题）");
        if (f.Themes.Count == 0) t.AppendLine("本期报告中没有两个以上单位共同反映的问题。");
        foreach (var theme in f.Themes)
            t.Append("• ").Append(theme.Organs.Count).Append("个单位 · ").Append(theme.PassageCount).Append("处：“")
             .Append(DigestBuilder.Clip(theme.Example, 120)).Append("”—— ").AppendLine(theme.ExampleOrgan)
             .Append("   涉及：").AppendLine(string.Join("、", theme.Organs));

        if (f.YearOnYear.Count > 0)
        {
            Heading(t, "去年承诺的改进与今年的问题");
            foreach (var y in f.YearOnYear)
            {
                t.AppendLine(y.Organ).AppendLine("   去年承诺改进：");
                if (y.Promised.Count == 0) t.AppendLine("     （去年报告未写明改进措施）");
                foreach (var p in y.Promised.Take(4)) t.Append("     - ").AppendLine(DigestBuilder.Clip(p, 90));
                t.AppendLine("   今年存在问题：");
                if (y.Problems.Count == 0) t.AppendLine("     （今年报告未写明问题）");
                foreach (var p in y.Problems.Take(4))
                {
                    t.Append("     - ").Append(DigestBuilder.Clip(p.Text, 90));
                    if (p.Echo is not null) t.Append(" 【").Append(p.Echo).Append('】');
                    t.AppendLine();
                }
            }
        }

        Heading(t, $"本期收到的报告（{f.Received.Count}份）");
        foreach (var r in f.Received.Take(DigestBuilder.ListedReports))
        {
            t.Append("• ").Append(r.Report.Organ);
            if (r.Report.Year != f.ReportYear) t.Append('（').Append(DigestBuilder.YearText(r.Report.Year, f.ReportYear)).Append('）');
            t.Append('｜').Append(DigestBuilder.ReceivedText(r.Report, input.TimeZone)).Append('｜').Append(r.Report.Resubmitted ? "重报" : "首次")
             .Append("｜错误 ").Append(r.Errors).Append("，警告 ").Append(r.Warnings).Append("｜套话占比 ")
             .AppendLine(r.BoilerplateShare is { } s ? DigestBuilder.Percent(s) : "未分类");
        }
        if (DigestBuilder.NotListed(f.Received.Count) is { } rest) t.AppendLine(rest);

        if (f.Uncertain.Count > 0)
        {
            Heading(t, "模型最没把握的段落（请人工标注）");
            foreach (var u in f.Uncertain)
                t.Append("• ").Append(u.Organ).Append("，第").Append(DigestBuilder.ChineseNumeral(u.Passage.Section)).Append("部分，模型判为“")
                 .Append(PassageLabels.Chinese(u.Passage.Label)).Append("”，把握 ").Append(DigestBuilder.Percent(u.Passage.Confidence ?? 0))
                 .Append('：').AppendLine(DigestBuilder.Clip(u.Passage.Text, 100));
            t.Append("标注方法：在服务器上运行 ").Append(LabelCommand(input))
             .AppendLine("，为导出的每段填写正确类别（problem 问题 / improvement 改进 / measure 举措 / boilerplate 套话）后交回，模型下次训练时采用。");
        }
    }

    public static string AttachmentLine(DigestFigures f, string attachmentName) =>
        f.Received.Sum(r => r.Report.Findings.Count) == 0 ? "本期没有审查意见。" : $"本期全部审查意见见附件 {attachmentName}（可用 Excel 或 WPS 打开）。";

    public static string LabelCommand(DigestInput input) =>
        $"dw labels export --uncertain {Math.Max(1, input.UncertainCount).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>What needs attention, in at most five lines: the worst report, the missing organs, the top themes, repeated problems.</summary>
    public static IReadOnlyList<string> Highlights(DigestFigures f)
    {
        var items = new List<string>();
        if (f.Received.Count == 0) items.Add("本期未收到报告。");
        else
        {
            var line = $"收到 {f.Received.Count} 份报告（首次 {f.NewCount}，重报 {f.ResubmittedCount}），";
            line += f.WithErrors.Count == 0 ? "均未发现错误。" : $"其中 {f.WithErrors.Count} 份有错误，需退回修改。";
            items.Add(line);
        }
        if (f.WithErrors.Count > 0)
        {
            var worst = f.WithErrors[0];
            var first = worst.TopFindings.FirstOrDefault();
            var tie = f.WithErrors.Count > 1 && f.WithErrors[1].Errors == worst.Errors;
            items.Add($"错误最多：{DigestBuilder.MostErrors(f)}" + (first is null ? "" : $"，如{(tie ? worst.Report.Organ : "")}“{DigestBuilder.Clip(first.Message, 40)}”"));
        }
        if (f.Missing.Count > 0)
            items.Add($"{f.Missing.Count}个单位尚未报送，{DigestBuilder.DeadlineText(f.DaysToDeadline)}：" +
                      string.Join("、", f.Missing.Take(3).Select(m => m.Organ)) + (f.Missing.Count > 3 ? "等" : "") + "。");
        if (f.Themes.Count > 0)
            items.Add("共性问题：" + string.Join("；", f.Themes.Take(2).Select(t => $"“{DigestBuilder.Clip(t.Example, 24)}”（{t.Organs.Count}个单位）")) + "。");
        var repeated = f.YearOnYear.Where(y => y.Problems.Any(p => p.Echo is not null)).Select(y => y.Organ).ToList();
        if (repeated.Count > 0)
            items.Add($"去年已列出或承诺改进的问题今年再次出现：{string.Join("、", repeated.Take(3))}{(repeated.Count > 3 ? "等" : "")}。");
        return items;
    }

    private static void Heading(StringBuilder t, string title) => t.AppendLine().Append('【').Append(title).AppendLine("】");
}
