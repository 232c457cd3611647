using System.Text.RegularExpressions;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Parsing;

/// <summary>A table read from a region: the table (null: none there), what could not be read, and the lines it spans.</summary>
internal sealed record TableRead(StatTable? Table, List<ParseNote> Notes, (int First, int Last)? Extent);

/// <summary>Reads the three statutory tables from the items of their regions.</summary>
internal static partial class TableReaders
{
    private static Func<string, bool> R(string words) => RowSpec.Any(words.Split('|'));

    // Table 2 ------------------------------------------------------------------------------------------
    private static readonly RowSpec[] T2Specs =
    [
        new("regulations", t => t.IndexOf("规章", StringComparison.Ordinal) is >= 0 and var at && !t.AsSpan(at).Contains("规范性", StringComparison.Ordinal), 3),
        new("normativeDocuments", R("规范性文件"), 3),
        new("licensing", R("许可"), 1),
        new("punishment", R("处罚"), 1),
        new("coercion", R("强制"), 1),
        new("fees", R("收费"), 1),
    ];

    public static TableRead ActiveDisclosure(IReadOnlyList<TextLine> region)
    {
        var items = RowReader.Read(region);
        var (rows, notes) = KeyedRows.Assign("t2", items, T2Specs);
        // The 2019 form counts 本年新制作 / 本年新公开 / 对外公开总数 for 规章 and 规范性文件: only the first means
        // what the 2021 template's 本年制发 means, so the other two are not read as 废止 / 现行有效.
        if (items.OfType<Fragment>().Any(f => f.Text.Contains("新公开") || f.Text.Contains("对外公开总数")))
        {
            rows = rows.Select(r => Template.T2DocumentRows.Contains(r.Key) ? r with { Cells = [r.Cells[0], null, null] } : r).ToList();
            notes.Add(new ParseNote("shape", "t2", "regulations", "表二使用2019年旧版栏目（本年新制作/本年新公开/对外公开总数量），废止和现行有效件数未读取"));
        }
        return new(rows.Count == 0 ? null : new StatTable("t2", Template.T2DocumentColumns, rows), notes, RowReader.Extent(items));
    }

    // Table 3 ------------------------------------------------------------------------------------------
    private static readonly RowSpec[] T3Specs =
    [
        new("newReceived", R("新收"), 7),
        new("carriedOver", R("上年结转|上年度结转|上一年结转|上一年度结转"), 7),
        new("granted", R("予以公开"), 7),
        new("partiallyGranted", R("部分公开"), 7),
        new("denied.stateSecret", R("国家秘密"), 7),
        new("denied.prohibitedByLaw", R("禁止公开"), 7),
        new("denied.threeSecurities", R("三安全|一稳定|危及"), 7),
        new("denied.thirdPartyRights", R("第三方"), 7),
        new("denied.internalAffairs", R("内部事务"), 7),
        new("denied.processInformation", R("过程性"), 7),
        new("denied.enforcementFiles", R("执法案卷"), 7),
        new("denied.queryMatters", R("查询事项"), 7),
        new("unable.notHeld", R("不掌握"), 7),
        new("unable.needsCreation", R("另行制作|现成信息"), 7),
        new("unable.unclear", R("仍不明确|补正后"), 7),
        new("notProcessed.complaint", R("信访|举报|投诉"), 7),
        new("notProcessed.repeated", R("重复申请"), 7),
        new("notProcessed.publication", R("出版物"), 7),
        new("notProcessed.massive", R("大量反复"), 7),
        new("notProcessed.confirmation", R("确认|重新出具|重复出具"), 7),
        new("otherHandling.overdueCorrection", R("不补正"), 7),
        new("otherHandling.overdueFee", R("缴纳|收费通知|逾期未按"), 7),
        new("otherHandling.other", t => t.EndsWith("其他", StringComparison.Ordinal) && (t.Length == 2 || "0123456789、.．)）".Contains(t[^3])), 7),
        new("totalProcessed", R("总计|合计"), 7),
        new("carriedForward", R("结转下年|结转下一年|下年度继续|转入下年|转入下一年"), 7),
        new("denied", R("不予公开"), 7),
        new("unable", R("无法提供"), 7),
        new("notProcessed", R("不予处理"), 7),
        new("otherHandling", R("其他处理"), 7),
    ];

    private static readonly Dictionary<string, int> T3Order = Template.T3Rows
        .Select((k, i) => (k, i)).Concat(Template.T3Groups.Select(g => (g, Template.T3Rows.ToList().FindIndex(r => r.StartsWith(g + ".")))))
        .ToDictionary(x => x.Item1, x => x.Item2);

    public static TableRead Applications(IReadOnlyList<TextLine> region)
    {
        var items = RowReader.Read(region);
        var subtotalAt = SubtotalColumn(items);
        var specs = subtotalAt < 0 ? T3Specs : T3Specs.Select(s => s with { Columns = 8 }).ToArray();
        var (rows, notes) = KeyedRows.Assign("t3", items, specs);
        if (rows.Count == 0) return new(null, notes, null);

        var columns = Template.T3Columns.ToList();
        if (subtotalAt >= 0)
        {
            // Keep the template's seven columns in place and the subtotal last.
            columns.Add(Template.T3OrganizationsSubtotal);
            rows = rows.Select(r => r with { Cells = MoveSubtotalLast(r.Cells, subtotalAt) }).ToList();
        }
        rows = rows.OrderBy(r => T3Order[r.Key]).ToList();
        return new(new StatTable("t3", columns, rows), notes, RowReader.Extent(items));
    }

    /// <summary>
    /// The 8-column variant adds a 小计 for 法人或其他组织: after 其他 (index 6) or right after 自然人 (index 1).
    /// -1 when the header has no subtotal.
    /// </summary>
    private static int SubtotalColumn(List<TableItem> items)
    {
        var header = string.Concat(items.TakeWhile(i => i is Fragment || i is ValueRow { AllBlank: true })
            .Select(i => i is Fragment f ? f.Text : ((ValueRow)i).Label)).Replace(" ", "");
        var at = header.IndexOf("小计", StringComparison.Ordinal);
        if (at < 0) return -1;
        var commercial = header.IndexOf("商业", StringComparison.Ordinal);
        return commercial >= 0 && at < commercial ? 1 : 6;
    }

    private static TableCell?[] MoveSubtotalLast(IReadOnlyList<TableCell?> cells, int at)
    {
        var list = cells.ToList();
        var subtotal = list[at];
        list.RemoveAt(at);
        list.Add(subtotal);
        return list.ToArray();
    }

    // Table 4 ------------------------------------------------------------------------------------------
    private static ValueRow? JoinWrapped(List<TableItem> items, ValueRow first)
    {
        var values = new List<string>(first.Values);
        for (var i = items.IndexOf(first) + 1; i < items.Count && values.Count < 15; i++)
        {
            if (items[i] is not ValueRow { Delimited: false, Label.Length: 0 } next) return null;
            values.AddRange(next.Values);
        }
        return values.Count == 15 ? first with { Values = values } : null;
    }

    private static readonly RowSpec[] T4Specs =
    [
        new("litigationAfterReview", R("复议后"), 5),
        new("litigationDirect", R("直接起诉|未经复议"), 5),
        new("review", R("行政复议|复议"), 5),
    ];

    public static TableRead ReviewLitigation(IReadOnlyList<TextLine> region)
    {
        var items = RowReader.Read(region);
        var notes = new List<ParseNote>();
        var columns = Template.T4Columns;

        // The national layout: one row of 15 values (三 blocks × 5) — in a narrow layout wrapped over consecutive
        // label-less lines, which are joined only when together they give exactly 15 numbers.
        var flat = items.OfType<ValueRow>().FirstOrDefault(r => r.Values.Count(v => v.Length > 0) >= 8 || r.Label.Length == 0 && r.Values.Count >= 14);
        if (flat is not null && !flat.Delimited && flat.Values.Count < 15) flat = JoinWrapped(items, flat) ?? flat;
        if (flat is not null)
        {
            var fit = TableFit.Fit(flat.Values, 15, flat.Delimited, labelled: false);
            if (fit.Problem is not null) notes.Add(new ParseNote("ambiguous", "t4", null, fit.Problem, flat.Raw));
            else if (fit.Stated != 15) notes.Add(new ParseNote("shape", "t4", null, $"表四数据行有 {fit.Stated} 格，模板为 15 栏", flat.Raw));
            var rows = Template.T4Blocks.Select((block, b) =>
                new TableRow(block, Template.Label(block), fit.Cells[(b * 5)..(b * 5 + 5)], fit.Stated == 15 ? 5 : fit.Stated, flat.Line)).ToList();
            return new(new StatTable("t4", columns, rows), notes, RowReader.Extent(items));
        }

        // Transposed: a row per block, labelled; or three unlabelled rows of five in template order.
        var (keyed, keyedNotes) = KeyedRows.Assign("t4", items, T4Specs);
        notes.AddRange(keyedNotes);
        if (keyed.Count == 0)
        {
            var fives = items.OfType<ValueRow>().Where(r => r.Values.Count(v => v.Length > 0) == 5).ToList();
            if (fives.Count == 3)
                keyed = fives.Select((r, b) => new TableRow(Template.T4Blocks[b], r.Label, TableFit.Fit(r.Values, 5, r.Delimited, false).Cells, 5, r.Line)).ToList();
        }
        if (keyed.Count == 0) return new(null, notes, null);
        keyed = keyed.OrderBy(r => Template.T4Blocks.ToList().IndexOf(r.Key)).ToList();
        return new(new StatTable("t4", columns, keyed), notes, RowReader.Extent(items));
    }
}
