using System.Text.RegularExpressions;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Checks.Rules;

/// <summary>A quantity the narrative states: what it counts, the number, and where.</summary>
/// <param name="Quantity">received, accepted (受理: 新收 or 新收+上年结转), processed, carriedOver, carriedForward,
/// review, litigation, and review.maintained / litigation.corrected … for the breakdowns.</param>
public sealed record StatedNumber(string Quantity, decimal Value, string Wording, ProseSentence Sentence, int Index);

/// <summary>Reads the numbers the narrative states about applications, reviews and lawsuits.</summary>
public static partial class NarrativeNumbers
{
    /// <param name="year">The report's year, when known: a count stated for another year (2023年收到申请5件 in a 2024
    /// report, 结转至2024年 meaning last year's carry-over) is then not read as this year's total.</param>
    public static IReadOnlyList<StatedNumber> Read(IEnumerable<ProseSentence> sentences, int? year = null)
    {
        var list = new List<StatedNumber>();
        foreach (var s in sentences)
        {
            // most sentences speak of neither: settle that with IndexOf before running the noise pattern
            var applications = s.Text.Contains("申请", StringComparison.Ordinal);
            var reviews = SpeaksOfReviews(s);
            if ((!applications && !reviews) || Noise().IsMatch(s.Text)) continue;
            if (applications) ReadApplications(s, list, year);
            if (reviews) ReadReviewLitigation(s, list);
        }
        return list;
    }

    /// <summary>A sentence about disclosure (or in section 四) that names 行政复议 or 行政诉讼: the only ones <see cref="ReadReviewLitigation"/> reads.</summary>
    private static bool SpeaksOfReviews(ProseSentence s) =>
        (s.Section == 4 || s.Text.Contains("信息公开", StringComparison.Ordinal) || s.Text.Contains("政府信息", StringComparison.Ordinal))
        // every number read there follows a clause naming one of the two: without them there is nothing to read
        && (s.Text.Contains("行政复议", StringComparison.Ordinal) || s.Text.Contains("行政诉讼", StringComparison.Ordinal));

    private static IEnumerable<(string Text, int Index)> Clauses(string sentence)
    {
        var start = 0;
        for (var i = 0; i <= sentence.Length; i++)
        {
            if (i < sentence.Length && "，,；;（）()：:。".IndexOf(sentence[i]) < 0) continue;
            if (i > start) yield return (sentence[start..i], start);
            start = i + 1;
        }
    }

    private static void ReadApplications(ProseSentence s, List<StatedNumber> list, int? year)
    {
        var subset = false; // after 其中/包括 the counts are parts (当面申请 2 件、网络申请 6 件), not totals
        var otherPeriod = false; // after 上年/2023年 (another year than the report's) the counts are that year's
        foreach (var (clause, at) in Clauses(s.Text))
        {
            if (Subset().IsMatch(clause)) subset = true;
            // Count needs a digit and NoneReceived 申请: a clause with neither can only open another period (上年…)
            if (!clause.Contains("申请", StringComparison.Ordinal) && !Digits().IsMatch(clause) && (otherPeriod || !LastYear().IsMatch(clause))) continue;
            if (Comparison().IsMatch(clause)) continue; // 较上年增加 5 件
            // a result (依法同意公开答复 12 件) or a kind of applicant or channel (自然人申请 10 件) is a part, not a total
            if (ResultRow().IsMatch(clause) || Category().IsMatch(clause) || clause.Contains("行政复议") || clause.Contains("行政诉讼")) continue;
            if (Pending().IsMatch(clause)) continue; // 正在办理中 2 件: neither concluded nor said to be carried forward
            var carried = CarriedOver().IsMatch(clause) || CarriedForward().IsMatch(clause);
            if (!carried && OtherPeriod(clause, year)) otherPeriod = true;
            var none = NoneReceived().Match(clause);
            if (none.Success && !Digits().IsMatch(clause))
            {
                if (otherPeriod) continue; // 上年未收到申请
                list.Add(new StatedNumber("received", 0, none.Value, s, at + none.Index));
                continue;
            }
            var n = Count().Match(clause);
            if (!n.Success) continue;
            if (!clause.Contains("申请") && clause.Length > 24) continue; // a long clause about something else
            if (DecimalDigits.Value(n.Groups[1].ValueSpan) is not { } value) continue; // not a count: 19 digits or more
            string? quantity = null;
            Match k;
            if ((k = CarriedOver().Match(clause)).Success) quantity = "carriedOver";
            else if ((k = CarriedForward().Match(clause)).Success)
            {
                // 结转至2024年: in a 2024 report that is last year's carry-over; into any other year, not this report's
                var into = k.Groups["y"];
                if (into.Success && year is { } y && DecimalDigits.Value(into.ValueSpan) is var to && to != y + 1)
                {
                    if (to != y) continue;
                    quantity = "carriedOver";
                }
                else quantity = "carriedForward";
            }
            else
            {
                if (clause.Contains("继续办理") || clause.Contains("转入")) continue; // a carry-over of no clear direction
                var received = Received().Match(clause);
                var processed = Processed().Match(clause);
                if (received.Success == processed.Success) continue; // neither, or both (受理并答复): unclear
                k = received.Success ? received : processed;
                if (k.Index > n.Index || subset || otherPeriod) continue;
                quantity = received.Success ? (k.Value.Contains("受理") ? "accepted" : k.Value.Contains("新收") ? "newReceived" : "received") : "processed";
            }
            list.Add(new StatedNumber(quantity!, value, clause.Trim(), s, at + n.Index));
        }
    }

    /// <summary>The clause speaks of another year than the report's: 上年/去年/上年同期, or a year that is not the report's.</summary>
    private static bool OtherPeriod(string clause, int? year)
    {
        if (LastYear().IsMatch(clause)) return true;
        if (year is null) return false;
        foreach (var m in YearNamed().EnumerateMatches(clause))
            if (DecimalDigits.Value(clause.AsSpan(m.Index, 4)) != year) return true;
        return false;
    }

    private static void ReadReviewLitigation(ProseSentence s, List<StatedNumber> list)
    {
        if (Documents().IsMatch(s.Text)) return;
        string? current = null;
        foreach (var (clause, at) in Clauses(s.Text))
        {
            var review = clause.IndexOf("行政复议", StringComparison.Ordinal);
            var lawsuit = clause.IndexOf("行政诉讼", StringComparison.Ordinal);
            var n = Count().Match(clause);
            if (review >= 0 || lawsuit >= 0)
            {
                if (!n.Success)
                {
                    if (NoneHappened().IsMatch(clause))
                    {
                        if (review >= 0) list.Add(new StatedNumber("review", 0, clause.Trim(), s, at + review));
                        if (lawsuit >= 0) list.Add(new StatedNumber("litigation", 0, clause.Trim(), s, at + lawsuit));
                    }
                    current = null;
                    continue;
                }
                // the nearest of the two before the number names it: 行政复议 0 件，行政诉讼 0 件
                var before = clause[..n.Index];
                var r = before.LastIndexOf("行政复议", StringComparison.Ordinal);
                var l = before.LastIndexOf("行政诉讼", StringComparison.Ordinal);
                if (r < 0 && l < 0) { current = null; continue; }
                current = r > l ? "review" : "litigation";
                if (Breakdown().IsMatch(before[(Math.Max(r, l) + 4)..])) { current = null; continue; }
                if (DecimalDigits.Value(n.Groups[1].ValueSpan) is { } count) list.Add(new StatedNumber(current, count, clause.Trim(), s, at + n.Index));
                continue;
            }
            if (current is null || !n.Success) continue;
            var b = Breakdown().Match(clause);
            if (!b.Success) continue;
            var column = b.Value switch
            {
                var v when v.Contains("维持") => "maintained",
                var v when v.Contains("纠正") => "corrected",
                var v when v.Contains("其他") => "other",
                _ => "pending",
            };
            if (DecimalDigits.Value(n.Groups[1].ValueSpan) is { } part) list.Add(new StatedNumber($"{current}.{column}", part, clause.Trim(), s, at + n.Index));
        }
    }

    [GeneratedRegex(@"热线|信箱|诉求|咨询|来信|来电|留言|建议|提案|12345|政务服务|办件量|网上办")] private static partial Regex Noise();
    [GeneratedRegex(@"(?<![\d.])(\d+)\s*(?:件|宗|起|条)")] private static partial Regex Count();
    [GeneratedRegex(@"\d")] private static partial Regex Digits();
    [GeneratedRegex(@"其中|包括|分别为|涉及")] private static partial Regex Subset();
    [GeneratedRegex(@"较|同比|环比|比上年|比去年|增加|减少|增长|下降|持平|上升")] private static partial Regex Comparison();
    [GeneratedRegex(@"(?:未|没有|尚未)(?:收到|接到|受理|接收|发生)[^，。；]{0,16}申请")] private static partial Regex NoneReceived();
    [GeneratedRegex(@"上一?年度?(?:结转|转结|转入|遗留)|去年(?:结转|转入|遗留)|结转上一?年|(?:转入|结转至|结转到|转至)本年")] private static partial Regex CarriedOver();
    [GeneratedRegex(@"(?:结转|转入|顺延|延期|转至|结转至|结转到)[到至入]?(?:下一?年|(?<y>20\d\d)\s*年)|下一?年度继续办理")] private static partial Regex CarriedForward();
    [GeneratedRegex(@"上一?年|去年|前年|上年同期|上一年度")] private static partial Regex LastYear();
    [GeneratedRegex(@"(?<!\d)(?:19|20)\d{2}\s*年(?!\s*\d{1,2}\s*月)")] private static partial Regex YearNamed();
    [GeneratedRegex(@"(?:自然人|法人|企业|其他组织|科研机构|公益组织|法律服务机构|当面|网络|网上|信函|传真|电子邮件|邮件|邮寄|现场|电话)(?:提交|提出|方式)?的?(?:政府信息公开)?申请")] private static partial Regex Category();
    [GeneratedRegex(@"正在办理|办理中|尚未办结|未办结|尚在办理|在办")] private static partial Regex Pending();
    [GeneratedRegex(@"新收|收到|接收|受理|接到")] private static partial Regex Received();
    [GeneratedRegex(@"答复|办结|办理完毕|处理完毕|办理|处理")] private static partial Regex Processed();
    [GeneratedRegex(@"予以公开|同意公开|部分公开|不予公开|公开答复|无法提供|不予处理|其他处理|不予受理|转办|告知|信息不存在|不掌握|非本机关|补正|驳回|重复申请|撤回")] private static partial Regex ResultRow();
    [GeneratedRegex(@"决定书|文书|案卷|应诉|出庭")] private static partial Regex Documents();
    [GeneratedRegex(@"(?:未|没有|无)[^，。；\d]{0,20}(?:行政复议|行政诉讼)|(?:行政复议|行政诉讼)[^，。；\d]{0,6}(?:为零|为0|均为零)")] private static partial Regex NoneHappened();
    [GeneratedRegex(@"(?:结果)?维持|(?:结果)?纠正|其他结果|尚未审结|未审结|正在审理|审理中")] private static partial Regex Breakdown();
}
