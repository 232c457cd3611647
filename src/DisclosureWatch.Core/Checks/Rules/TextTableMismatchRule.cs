using System.Text.RegularExpressions;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Checks.Rules;

/// <summary>
/// text.table-mismatch: a number the narrative states (收到/受理/答复/结转 申请 N 件, 行政复议/行政诉讼 N 件 and their
/// 维持/纠正 breakdowns) that the tables contradict. 受理 may count 新收 or 新收 + 上年结转; 行政诉讼 is direct + after
/// review. A sentence that narrows its scope (代表区政府, 本级, 政府办…) is at most a warning.
/// </summary>
public sealed partial class TextTableMismatchRule : IRule
{
    public string Id => "text.table-mismatch";
    public Severity Severity => Severity.Error;
    public string Description => "正文所述申请数、办结数、结转数、行政复议和行政诉讼数与表格不一致";

    private const int Total = Template.T3Total;

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var r = input.Report;
        var t3 = r.Applications;
        var t4 = r.ReviewLitigation;
        var reported = new HashSet<(string, decimal)>();
        var unit = OrganName.Of(r)?.Unit; // 全乡 in a 乡's report is its own scope
        foreach (var stated in NarrativeNumbers.Read(Prose.Of(r), r.Year))
        {
            var (accepted, table, cells) = Expected(stated.Quantity, t3, t4);
            if (accepted.Count == 0) continue; // the table does not give the operands
            sink.Assessed();
            if (accepted.Contains(stated.Value) || !reported.Add((stated.Quantity, stated.Value))) continue;
            var before = stated.Sentence.Text[..Math.Min(stated.Index, stated.Sentence.Text.Length)];
            // 全县/全市 numbers may cover every organ of the area while the tables cover the government itself
            var scoped = Scope().IsMatch(before) || WholeArea().Matches(before).Any(m => m.Groups[1].Value != unit || m.Groups[1].Value is not ("乡" or "镇" or "街道"));
            sink.Report(scoped ? Severity.Warning : Severity.Error,
                $"{Prose.SectionName(stated.Sentence.Section)}称{Describe(stated.Quantity)}{Tables.Number(stated.Value)}件，" +
                $"与{Tables.TableName(table!.Name)}“{TableQuantity(stated.Quantity)}”{Tables.Number(accepted[0])}件不一致" +
                $"{(scoped ? "（该句所述范围可能与表格的统计范围不同，请核实口径）" : "，请核实")}。",
                $"{Prose.Evidence(stated.Sentence, stated.Index)}；{Tables.Cells(table, cells)}",
                stated.Sentence.Section == 0 ? null : stated.Sentence.Section);
        }
    }

    private static (List<decimal> Accepted, StatTable? Table, List<(string, int)> Cells) Expected(string quantity, StatTable? t3, StatTable? t4)
    {
        // the table lacks the operands: nothing accepted (read-only, so one instance serves every call)
        var none = (NoValues, (StatTable?)null, NoCells);
        switch (quantity)
        {
            case "received" or "accepted" or "newReceived" or "processed" or "carriedOver" or "carriedForward":
            {
                if (t3 is null) return none;
                var n = t3.Value("newReceived", Total);
                var o = t3.Value("carriedOver", Total);
                var p = t3.Value("totalProcessed", Total);
                var f = t3.Value("carriedForward", Total);
                var list = new List<decimal>();
                (string, int)[] cells;
                switch (quantity)
                {
                    case "newReceived":
                        if (n is { } nv) list.Add(nv);
                        cells = [("newReceived", Total)];
                        break;
                    case "received" or "accepted":
                        if (n is { } a) list.Add(a);
                        if (n is { } b && o is { } c) list.Add(b + c);
                        cells = [("newReceived", Total), ("carriedOver", Total)];
                        break;
                    case "processed":
                        if (p is { } pv) list.Add(pv);
                        // 办理申请 N 件 often counts the applications received, or received plus carried over
                        if (p is not null && n is { } nn) list.Add(nn);
                        if (p is not null && n is { } n2 && o is { } o2) list.Add(n2 + o2);
                        cells = [("totalProcessed", Total)];
                        break;
                    case "carriedOver":
                        if (o is { } ov) list.Add(ov);
                        cells = [("carriedOver", Total)];
                        break;
                    default:
                        if (f is { } fv) list.Add(fv);
                        cells = [("carriedForward", Total)];
                        break;
                }
                return (list, t3, cells.ToList());
            }
            default:
            {
                if (t4 is null) return none;
                var parts = quantity.Split('.');
                var column = parts.Length == 1 ? 4 : IndexOf(Template.T4Columns, parts[1]);
                if (column < 0) return none;
                if (parts[0] == "review")
                    return t4.Value("review", column) is { } v ? ([v], t4, [("review", column)]) : none;
                var d = t4.Value("litigationDirect", column);
                var a = t4.Value("litigationAfterReview", column);
                return d is { } dv && a is { } av ? ([dv + av], t4, [("litigationDirect", column), ("litigationAfterReview", column)]) : none;
            }
        }
    }

    private static readonly List<decimal> NoValues = [];
    private static readonly List<(string, int)> NoCells = [];

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (var i = 0; i < list.Count; i++)
            if (list[i] == item) return i;
        return -1;
    }

    [GeneratedRegex(@"全(市|县|区|省|州|旗|乡|镇|街道)")] private static partial Regex WholeArea();

    /// <summary>The table quantity the narrative number is checked against (the first accepted value).</summary>
    private static string TableQuantity(string quantity) => quantity switch
    {
        "received" or "accepted" or "newReceived" => "本年新收",
        "processed" => "办理结果总计",
        "carriedOver" => "上年结转",
        "carriedForward" => "结转下年度继续办理",
        "review" => "行政复议总计",
        "litigation" => "行政诉讼总计（未经复议直接起诉＋复议后起诉）",
        _ when quantity.StartsWith("review.", StringComparison.Ordinal) => $"行政复议{Template.Label(quantity[7..])}",
        _ => $"行政诉讼{Template.Label(quantity.Split('.')[1])}（两栏合计）",
    };

    private static string Describe(string quantity) => quantity switch
    {
        "received" => "收到政府信息公开申请",
        "accepted" => "受理政府信息公开申请",
        "newReceived" => "新收政府信息公开申请",
        "processed" => "办结（答复）政府信息公开申请",
        "carriedOver" => "上年结转申请",
        "carriedForward" => "结转下年度办理的申请",
        "review" => "政府信息公开行政复议",
        "litigation" => "政府信息公开行政诉讼",
        _ => $"{(quantity.StartsWith("review", StringComparison.Ordinal) ? "行政复议" : "行政诉讼")}{Template.Label(quantity.Split('.')[1])}",
    };

    // a scope narrower (代表区政府, 本级, 政府办) or wider (全市各级, 各部门) than the organ the tables are about
    [GeneratedRegex(@"代表|本级|本机关|本部门|本单位|政府办|办公室|直属|市级|县级|区级|部门|乡镇|街道|机关|各级|各地|各单位")] private static partial Regex Scope();
}
