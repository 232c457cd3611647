using System.Globalization;
using System.Text;
using DisclosureWatch.Core.Checks;

namespace DisclosureWatch.Core.Digests;

/// <summary>
/// The html part, written for mail clients: one 600px column of tables, inline styles only (clients drop or rewrite
/// style blocks), colours given both as bgcolor and background-color (Outlook's Word engine reads the attribute),
/// bar charts as table cells with percentage widths — no images, scripts or SVG. Every text from a report or the
/// configuration goes through <see cref="E"/>.
/// </summary>
internal static class DigestHtml
{
    private const string Font = "font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;";
    private const string Ink = "#1f2933", Muted = "#5f6b7a", Rule = "#e3e8ee", Track = "#e9edf1";
    internal const string ErrorColour = "#c0392b", WarningColour = "#e69b12", ThemeColour = "#2f6fb5", BoilerColour = "#7b8794";
    private const string Header = "#1f4e79";

    public static string Render(DigestInput input, DigestFigures f, string attachmentName)
    {
        var h = new StringBuilder(16 * 1024);
        var subject = DigestBuilder.Subject(f);
        h.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
         .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
         .Append("<title>").Append(E(subject)).Append("</title></head>\n")
         .Append("<body style=\"margin:0;padding:0;background-color:#f2f4f7;\">\n")
         .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" bgcolor=\"#f2f4f7\" style=\"background-color:#f2f4f7;\">")
         .Append("<tr><td align=\"center\" style=\"padding:16px 8px;\">\n")
         .Append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" bgcolor=\"#ffffff\" style=\"width:100%;max-width:600px;background-color:#ffffff;border-collapse:collapse;")
         .Append(Font).Append("color:").Append(Ink).Append(";font-size:14px;line-height:1.6;\">\n");

        Title(h, input, f);
        Figures(h, f);
        Highlights(h, f);
        if (f.Received.Count > 0) Errors(h, f, attachmentName);
        Missing(h, f);
        if (f.Received.Count > 0)
        {
            Themes(h, f);
            YearOnYear(h, f);
            Received(h, input, f);
            Uncertain(h, input, f);
        }
        Footer(h, f, attachmentName);

        h.Append("</table>\n</td></tr></table>\n</body></html>\n");
        return h.ToString();
    }

    private static void Title(StringBuilder h, DigestInput input, DigestFigures f)
    {
        h.Append("<tr><td bgcolor=\"").Append(Header).Append("\" style=\"background-color:").Append(Header)
         .Append(";padding:18px 20px;").Append(Font).Append("color:#ffffff;\">")
         .Append("<div style=\"font-size:20px;font-weight:bold;line-height:1.4;\">政务公开年报周报</div>")
         .Append("<div style=\"font-size:13px;color:#d6e4f2;\">").Append(E(f.Period.ToChinese())).Append(" · ")
         .Append(f.ReportYear).Append("年度报告 · 致 ").Append(E(input.Supervisor)).Append("</div></td></tr>\n");
    }

    private static void Figures(StringBuilder h, DigestFigures f)
    {
        var deadlineColour = f.DaysToDeadline < 0 ? ErrorColour : f.DaysToDeadline <= 14 ? WarningColour : Ink;
        h.Append("<tr><td style=\"padding:14px 12px 6px 12px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;\"><tr>");
        Figure(h, f.Received.Count.ToString(CultureInfo.InvariantCulture), "份", "收到报告",
            $"首次 {f.NewCount} · 重报 {f.ResubmittedCount}", Ink);
        Figure(h, f.WithErrors.Count.ToString(CultureInfo.InvariantCulture), "份", "有错误", "需退回修改", f.WithErrors.Count > 0 ? ErrorColour : Ink);
        Figure(h, f.Missing.Count.ToString(CultureInfo.InvariantCulture), "个", "单位未报送", "应报单位中", f.Missing.Count > 0 ? WarningColour : Ink);
        Figure(h, Math.Abs(f.DaysToDeadline).ToString(CultureInfo.InvariantCulture), "天",
            f.DaysToDeadline >= 0 ? "距截止" : "已逾期", $"截止 {f.Deadline.Month}月{f.Deadline.Day}日", deadlineColour);
        h.Append("</tr></table></td></tr>\n");
    }

    private static void Figure(StringBuilder h, string number, string unit, string label, string note, string colour)
    {
        h.Append("<td width=\"25%\" align=\"center\" valign=\"top\" style=\"width:25%;padding:4px;").Append(Font).Append("\">")
         .Append("<div style=\"border:1px solid ").Append(Rule).Append(";padding:8px 2px;\">")
         .Append("<div style=\"font-size:28px;font-weight:bold;line-height:1.2;color:").Append(colour).Append(";\">")
         .Append(E(number)).Append("<span style=\"font-size:13px;font-weight:normal;\">").Append(E(unit)).Append("</span></div>")
         .Append("<div style=\"font-size:13px;color:").Append(Ink).Append(";\">").Append(E(label)).Append("</div>")
         .Append("<div style=\"font-size:11px;color:").Append(Muted).Append(";\">").Append(E(note)).Append("</div>")
         .Append("</div></td>");
    }

    private static void Highlights(StringBuilder h, DigestFigures f)
    {
        var items = DigestText.Highlights(f);
        Section(h, "本周要点");
        h.Append("<tr><td style=\"padding:0 20px 6px 20px;").Append(Font).Append("\">");
        foreach (var item in items)
            h.Append("<div style=\"padding:2px 0 2px 14px;text-indent:-14px;\">• ").Append(E(item)).Append("</div>");
        h.Append("</td></tr>\n");
    }

    private static void Errors(StringBuilder h, DigestFigures f, string attachmentName)
    {
        Section(h, $"有错误的报告（{f.WithErrors.Count}份，按严重程度排序）");
        if (f.WithErrors.Count == 0) { Note(h, "本期收到的报告均未发现错误。"); return; }
        var scale = Math.Max(1, f.WithErrors.Max(r => r.Errors + r.Warnings));
        h.Append("<tr><td style=\"padding:0 20px 2px 20px;font-size:12px;color:").Append(Muted).Append(';').Append(Font).Append("\">")
         .Append("条形图：<span style=\"color:").Append(ErrorColour).Append(";\">■</span> 错误 <span style=\"color:").Append(WarningColour)
         .Append(";\">■</span> 警告，长度按问题条数，最长为").Append(scale).Append("条</td></tr>\n");
        var rank = 0;
        foreach (var r in f.WithErrors.Take(DigestBuilder.DetailedErrorReports))
        {
            rank++;
            var report = r.Report;
            h.Append("<tr><td style=\"padding:6px 20px 10px 20px;").Append(Font).Append("\">")
             .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;border-left:3px solid ")
             .Append(ErrorColour).Append(";\"><tr><td style=\"padding:0 0 0 10px;").Append(Font).Append("\">")
             .Append("<div style=\"font-size:15px;font-weight:bold;\">").Append(rank).Append(". ").Append(E(report.Organ)).Append("</div>")
             .Append("<div style=\"font-size:12px;color:").Append(Muted).Append(";\">")
             .Append(E(DigestBuilder.YearText(report.Year, f.ReportYear))).Append(" · ").Append(report.Resubmitted ? "重新报送" : "首次报送")
             .Append(" · 编号 ").Append(E(report.Id)).Append(" · <span style=\"color:").Append(ErrorColour).Append(";font-weight:bold;\">")
             .Append(r.Errors).Append("个错误</span>");
            if (r.Warnings > 0) h.Append(" · <span style=\"color:#b7791f;\">").Append(r.Warnings).Append("个警告</span>");
            h.Append("</div>");
            Bar(h, [((double)r.Errors / scale, ErrorColour), ((double)r.Warnings / scale, WarningColour)], 8);
            foreach (var finding in r.TopFindings) Finding(h, finding);
            var more = report.Findings.Count - r.TopFindings.Count;
            if (more > 0)
                h.Append("<div style=\"font-size:12px;color:").Append(Muted).Append(";\">另有 ").Append(more).Append(" 条，见附件 ")
                 .Append(E(attachmentName)).Append("</div>");
            h.Append("</td></tr></table></td></tr>\n");
        }
        if (DigestBuilder.RestOfErrors(f) is { } rest)
            h.Append("<tr><td style=\"padding:0 20px 8px 20px;font-size:13px;").Append(Font).Append("\">另有 ")
             .Append(f.WithErrors.Count - DigestBuilder.DetailedErrorReports).Append(" 份有错误：").Append(E(rest))
             .Append("。详见附件 ").Append(E(attachmentName)).Append("</td></tr>\n");
    }

    private static void Finding(StringBuilder h, Finding f)
    {
        var colour = f.Severity switch { Severity.Error => ErrorColour, Severity.Warning => WarningColour, _ => BoilerColour };
        h.Append("<div style=\"padding-top:6px;\"><span style=\"display:inline-block;padding:0 5px;font-size:12px;color:#ffffff;white-space:nowrap;background-color:")
         .Append(colour).Append(";\">").Append(DigestBuilder.SeverityName(f.Severity)).Append("</span> ")
         .Append(E(f.Message));
        if (f.Section is { } s) h.Append(" <span style=\"font-size:12px;color:").Append(Muted).Append(";\">（第").Append(DigestBuilder.ChineseNumeral(s)).Append("部分）</span>");
        h.Append("</div>");
        if (!string.IsNullOrWhiteSpace(f.Evidence))
            h.Append("<div style=\"margin:2px 0 0 0;padding:4px 8px;font-size:12px;color:").Append(Muted)
             .Append(";background-color:#f5f7fa;\">依据：").Append(E(DigestBuilder.Clip(f.Evidence, 200))).Append("</div>");
    }

    private static void Missing(StringBuilder h, DigestFigures f)
    {
        Section(h, $"尚未报送的单位（{f.Missing.Count}个）");
        if (f.Missing.Count == 0) { Note(h, "应报单位均已报送。"); return; }
        var colour = f.DaysToDeadline < 0 ? ErrorColour : WarningColour;
        h.Append("<tr><td style=\"padding:0 20px 4px 20px;").Append(Font).Append("\"><span style=\"color:").Append(colour)
         .Append(";font-weight:bold;\">").Append(E(DigestBuilder.DeadlineText(f.DaysToDeadline))).Append("</span>")
         .Append("<span style=\"color:").Append(Muted).Append(";\">（").Append(f.ReportYear).Append("年度报告截止 ")
         .Append(f.Deadline.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)).Append("）</span></td></tr>\n");
        h.Append("<tr><td style=\"padding:0 20px 8px 20px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;\">");
        for (var i = 0; i < f.Missing.Count; i += 2)
        {
            h.Append("<tr>");
            for (var j = i; j < i + 2; j++)
                h.Append("<td width=\"50%\" style=\"width:50%;padding:3px 6px 3px 0;border-bottom:1px solid ").Append(Rule).Append(';').Append(Font).Append("\">")
                 .Append(j < f.Missing.Count ? "<span style=\"color:" + colour + ";\">■</span> " + E(f.Missing[j].Describe()) : "&nbsp;").Append("</td>");
            h.Append("</tr>");
        }
        h.Append("</table></td></tr>\n");
    }

    private static void Themes(StringBuilder h, DigestFigures f)
    {
        Section(h, "共性问题（多个单位反映的同类问题）");
        if (f.Themes.Count == 0) { Note(h, "本期报告中没有两个以上单位共同反映的问题。"); return; }
        // The bar compares the themes with each other: passages naming the problem, the most widespread theme full length.
        var most = Math.Max(1, f.Themes.Max(t => t.PassageCount));
        Note(h, $"条形长度按提及处数，最长为{most}处。");
        foreach (var t in f.Themes)
        {
            h.Append("<tr><td style=\"padding:4px 20px 8px 20px;").Append(Font).Append("\">")
             .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;\"><tr>")
             .Append("<td width=\"130\" valign=\"middle\" style=\"width:130px;font-size:13px;font-weight:bold;color:").Append(ThemeColour).Append(';').Append(Font).Append("\">")
             .Append(t.Organs.Count).Append("个单位 · ").Append(t.PassageCount).Append("处</td><td valign=\"middle\">");
            Bar(h, [((double)t.PassageCount / most, ThemeColour)], 10);
            h.Append("</td></tr></table>")
             .Append("<div style=\"padding-top:2px;\">“").Append(E(DigestBuilder.Clip(t.Example, 120))).Append('”')
             .Append("<span style=\"font-size:12px;color:").Append(Muted).Append(";\"> —— ").Append(E(t.ExampleOrgan)).Append("</span></div>")
             .Append("<div style=\"font-size:12px;color:").Append(Muted).Append(";\">涉及：").Append(E(string.Join("、", t.Organs))).Append("</div>")
             .Append("</td></tr>\n");
        }
    }

    private static void YearOnYear(StringBuilder h, DigestFigures f)
    {
        if (f.YearOnYear.Count == 0) return;
        Section(h, "去年承诺的改进与今年的问题");
        foreach (var y in f.YearOnYear)
        {
            h.Append("<tr><td style=\"padding:4px 20px 10px 20px;").Append(Font).Append("\">")
             .Append("<div style=\"font-weight:bold;\">").Append(E(y.Organ)).Append("</div>")
             .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;font-size:13px;\"><tr>")
             .Append("<td width=\"50%\" valign=\"top\" bgcolor=\"#f1f6fb\" style=\"width:50%;padding:6px 8px;background-color:#f1f6fb;").Append(Font).Append("\">")
             .Append("<div style=\"font-size:12px;font-weight:bold;color:").Append(ThemeColour).Append(";\">去年承诺改进</div>");
            if (y.Promised.Count == 0) h.Append("<div style=\"color:").Append(Muted).Append(";\">（去年报告未写明改进措施）</div>");
            foreach (var p in y.Promised.Take(4)) h.Append("<div style=\"padding-top:3px;\">").Append(E(DigestBuilder.Clip(p, 90))).Append("</div>");
            h.Append("</td><td width=\"50%\" valign=\"top\" bgcolor=\"#fdf3f2\" style=\"width:50%;padding:6px 8px;background-color:#fdf3f2;").Append(Font).Append("\">")
             .Append("<div style=\"font-size:12px;font-weight:bold;color:").Append(ErrorColour).Append(";\">今年存在问题</div>");
            if (y.Problems.Count == 0) h.Append("<div style=\"color:").Append(Muted).Append(";\">（今年报告未写明问题）</div>");
            foreach (var p in y.Problems.Take(4))
            {
                h.Append("<div style=\"padding-top:3px;\">").Append(E(DigestBuilder.Clip(p.Text, 90)));
                if (p.Echo is not null)
                    h.Append(" <span style=\"font-size:11px;color:#ffffff;background-color:").Append(ErrorColour).Append(";padding:0 4px;white-space:nowrap;\">↺&nbsp;")
                     .Append(E(p.Echo)).Append("</span>");
                h.Append("</div>");
            }
            h.Append("</td></tr></table></td></tr>\n");
        }
    }

    private static void Received(StringBuilder h, DigestInput input, DigestFigures f)
    {
        Section(h, $"本期收到的报告（{f.Received.Count}份）");
        h.Append("<tr><td style=\"padding:0 20px 8px 20px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;font-size:13px;\">")
         .Append("<tr>");
        foreach (var (title, width) in new[] { ("单位", "38%"), ("收到", "15%"), ("类型", "10%"), ("错/警", "11%"), ("套话占比", "26%") })
            h.Append("<td width=\"").Append(width).Append("\" style=\"padding:4px 4px 4px 0;font-size:12px;color:").Append(Muted)
             .Append(";border-bottom:2px solid ").Append(Rule).Append(';').Append(Font).Append("\">").Append(title).Append("</td>");
        h.Append("</tr>");
        foreach (var r in f.Received.Take(DigestBuilder.ListedReports))
        {
            var cell = "<td valign=\"middle\" style=\"padding:5px 4px 5px 0;border-bottom:1px solid " + Rule + ";" + Font + "\">";
            h.Append("<tr>").Append(cell).Append(E(r.Report.Organ));
            if (r.Report.Year != f.ReportYear)
                h.Append("<div style=\"font-size:11px;color:").Append(WarningColour).Append(";\">").Append(E(DigestBuilder.YearText(r.Report.Year, f.ReportYear))).Append("</div>");
            h.Append("</td>").Append(cell).Append(E(DigestBuilder.ReceivedText(r.Report, input.TimeZone))).Append("</td>")
             .Append(cell).Append(r.Report.Resubmitted ? "<span style=\"color:#b7791f;\">重报</span>" : "首次").Append("</td>")
             .Append(cell).Append("<span style=\"color:").Append(r.Errors > 0 ? ErrorColour : Ink).Append(";\">").Append(r.Errors)
             .Append("</span>/").Append(r.Warnings).Append("</td>").Append(cell);
            if (r.BoilerplateShare is { } share)
            {
                h.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;\"><tr><td width=\"38\" style=\"width:38px;font-size:12px;")
                 .Append(Font).Append("\">").Append(DigestBuilder.Percent(share)).Append("</td><td valign=\"middle\">");
                Bar(h, [(share, BoilerColour)], 8);
                h.Append("</td></tr></table>");
            }
            else h.Append("<span style=\"font-size:12px;color:").Append(Muted).Append(";\">未分类</span>");
            h.Append("</td></tr>");
        }
        if (DigestBuilder.NotListed(f.Received.Count) is { } rest)
            h.Append("<tr><td colspan=\"5\" style=\"padding:6px 0;font-size:12px;color:").Append(Muted).Append(';').Append(Font).Append("\">")
             .Append(E(rest)).Append("</td></tr>");
        h.Append("</table></td></tr>\n");
    }

    private static void Uncertain(StringBuilder h, DigestInput input, DigestFigures f)
    {
        if (f.Uncertain.Count == 0) return;
        Section(h, "模型最没把握的段落（请人工标注）");
        h.Append("<tr><td style=\"padding:0 20px 8px 20px;").Append(Font).Append("font-size:13px;\">");
        foreach (var u in f.Uncertain)
            h.Append("<div style=\"padding:4px 0;border-bottom:1px solid ").Append(Rule).Append(";\"><span style=\"font-size:12px;color:").Append(Muted).Append(";\">")
             .Append(E(u.Organ)).Append(" · 第").Append(DigestBuilder.ChineseNumeral(u.Passage.Section)).Append("部分 · 模型判为“")
             .Append(E(PassageLabels.Chinese(u.Passage.Label))).Append("”，把握 ")
             .Append(DigestBuilder.Percent(u.Passage.Confidence ?? 0)).Append("</span><br>")
             .Append(E(DigestBuilder.Clip(u.Passage.Text, 100))).Append("</div>");
        h.Append("<div style=\"margin-top:6px;padding:6px 8px;background-color:#f5f7fa;font-size:12px;color:").Append(Muted).Append(";\">")
         .Append("标注方法：在服务器上运行 <span style=\"font-family:Consolas,'Courier New',monospace;color:").Append(Ink).Append(";\">")
         .Append(E(DigestText.LabelCommand(input))).Append("</span>，")
         .Append("为导出的每段填写正确类别（problem 问题 / improvement 改进 / measure 举措 / boilerplate 套话）后交回，模型下次训练时采用。</div>")
         .Append("</td></tr>\n");
    }

    private static void Footer(StringBuilder h, DigestFigures f, string attachmentName)
    {
        h.Append("<tr><td style=\"padding:12px 20px 18px 20px;border-top:1px solid ").Append(Rule).Append(";font-size:12px;color:")
         .Append(Muted).Append(';').Append(Font).Append("\">").Append(E(DigestText.AttachmentLine(f, attachmentName)))
         .Append("本邮件由 DisclosureWatch 自动生成，每个周期只发送一次。</td></tr>\n");
    }

    private static void Section(StringBuilder h, string title) =>
        h.Append("<tr><td style=\"padding:16px 20px 6px 20px;").Append(Font).Append("\"><div style=\"font-size:16px;font-weight:bold;color:")
         .Append(Header).Append(";border-bottom:2px solid ").Append(Header).Append(";padding-bottom:3px;\">").Append(E(title)).Append("</div></td></tr>\n");

    private static void Note(StringBuilder h, string text) =>
        h.Append("<tr><td style=\"padding:0 20px 6px 20px;color:").Append(Muted).Append(';').Append(Font).Append("\">").Append(E(text)).Append("</td></tr>\n");

    /// <summary>
    /// A horizontal bar: one cell per segment, widths in whole percent of the row, the rest as a light track.
    /// A non-zero segment is at least 1% wide so it never disappears.
    /// </summary>
    internal static void Bar(StringBuilder h, IReadOnlyList<(double Share, string Colour)> segments, int height)
    {
        var widths = new List<(int Width, string Colour)>();
        var used = 0;
        foreach (var (share, colour) in segments)
        {
            if (share <= 0 || double.IsNaN(share)) continue;
            var w = Math.Clamp((int)Math.Round(share * 100, MidpointRounding.AwayFromZero), 1, 100 - used);
            if (w <= 0) break;
            widths.Add((w, colour));
            used += w;
        }
        if (used < 100) widths.Add((100 - used, Track));
        h.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;border-collapse:collapse;margin:3px 0;\"><tr>");
        foreach (var (w, colour) in widths)
            h.Append("<td width=\"").Append(w).Append("%\" height=\"").Append(height).Append("\" bgcolor=\"").Append(colour)
             .Append("\" style=\"width:").Append(w).Append("%;height:").Append(height).Append("px;background-color:").Append(colour)
             .Append(";font-size:1px;line-height:1px;mso-line-height-rule:exactly;\">&nbsp;</td>");
        h.Append("</tr></table>");
    }

    /// <summary>Html-escapes text for element content and double-quoted attributes.</summary>
    internal static string E(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        return sb.ToString();
    }
}
