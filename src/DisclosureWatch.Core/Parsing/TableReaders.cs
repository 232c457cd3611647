using System.Text.RegularExpressions;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Parsing;

/// <summary>A table read from a region: the table (null: none there), what could not be read, and the lines it spans.</summary>
internal sealed record TableRead(StatTable? Table, List<ParseNote> Notes, (int First, int Last)? Extent);

/// <summary>Reads the three statutory tables from the items of their regions.</summary>
internal static partial class TableReaders
{
    // Table 2 ------------------------------------------------------------------------------------------
    private static readonly RowSpec[] T2Specs =
    [
        new("regulations", 3, "规章"),
        new("normativeDocuments", 3, "行政规范性文件"),
        new("licensing", 1, "行政许可"),
        new("punishment", 1, "行政处罚"),
        new("coercion", 1, "行政强制"),
        new("fees", 1, "行政事业性收费"),
    ];

    /// <summary>
    /// The 2019 form's table 2: 规章/规范性文件 by 本年新制作 / 本年新公开 / 对外公开总数量; 行政许可, 处罚, 强制 by
    /// 上一年项目数量 / 本年增/减 / 处理决定数量; 收费 by 上一年项目数量 / 本年增/减 (no amount).
    /// </summary>
    private static readonly RowSpec[] T2Specs2019 =
    [
        new("regulations", 3, "规章"),
        new("normativeDocuments", 3, "规范性文件"),
        new("licensing", 3, "行政许可"),
        new("punishment", 3, "行政处罚"),
        new("coercion", 3, "行政强制"),
        new("fees", 2, "行政事业性收费"),
    ];

    public static TableRead ActiveDisclosure(IReadOnlyList<TextLine> region)
    {
        var items = RowReader.Read(region);
        // The 2019 form shows in its column headers, or — where OCR replaced them by 列1/列2 — in the rows only it
        // has: 第二十条第（九）项 政府集中采购, 其他对外管理服务事项.
        var form2019 = items.Any(i => (i is Fragment f ? f.Text : ((ValueRow)i).Label) is var t
            && (t.Contains("新公开") || t.Contains("对外公开总数") || t.Contains("（九）项") || t.Contains("(九)项") || t.Contains("集中采购") || t.Contains("对外管理服务")));
        if (!form2019)
        {
            var (rows, notes) = KeyedRows.Assign("t2", items, T2Specs);
            return new(rows.Count == 0 ? null : new StatTable("t2", Template.T2DocumentColumns, rows), notes, RowReader.Extent(items));
        }

        // Read in the 2019 shape, then only what means what the 2021 template asks: 本年新制作 as 本年制发, and
        // 处理决定数量 as 本年处理决定数量. 新公开 / 对外公开总数 are not 废止 / 现行有效, and 收费 has no amount.
        var (old, oldNotes) = KeyedRows.Assign("t2", items, T2Specs2019);
        oldNotes.Add(new ParseNote("shape", "t2", null, "表二使用2019年旧版栏目（本年新制作/本年新公开/对外公开总数量，上一年项目数量/本年增减/处理决定数量），只读取与现行模板含义相同的本年新制作数量和处理决定数量"));
        var read = old.Select(r => r.Key switch
        {
            "regulations" or "normativeDocuments" => r with { Cells = [r.Cells[0], null, null] },
            "fees" => r with { Cells = [null] },
            _ => r with { Cells = [r.StatedCount == 3 ? r.Cells[2] : null] },
        }).ToList();
        return new(read.Count == 0 ? null : new StatTable("t2", Template.T2DocumentColumns, read), oldNotes, RowReader.Extent(items));
    }

    // Table 3 ------------------------------------------------------------------------------------------
    private const string Results = "三、本年度办理结果";

    /// <summary>Table 3's rows in template order, each group before its sub-rows (a group may be given as one line).</summary>
    private static readonly RowSpec[] T3Specs =
    [
        new("newReceived", 7, "一、本年新收政府信息公开申请数量"),
        new("carriedOver", 7, "二、上年结转政府信息公开申请数量"),
        new("granted", 7, [Results], ["（一）予以公开"]),
        new("partiallyGranted", 7, [Results], ["（二）部分公开"], "（区分处理的，只记这一情形，不计其他情形）"),
        new("denied", 7, [Results], ["（三）不予公开"]),
        .. Sub("denied", "（三）不予公开", [
            ("stateSecret", "1.属于国家秘密"), ("prohibitedByLaw", "2.其他法律行政法规禁止公开"),
            ("threeSecurities", "3.危及“三安全一稳定”"), ("thirdPartyRights", "4.保护第三方合法权益"),
            ("internalAffairs", "5.属于三类内部事务信息"), ("processInformation", "6.属于四类过程性信息"),
            ("enforcementFiles", "7.属于行政执法案卷"), ("queryMatters", "8.属于行政查询事项")]),
        new("unable", 7, [Results], ["（四）无法提供"]),
        .. Sub("unable", "（四）无法提供", [
            ("notHeld", "1.本机关不掌握相关政府信息"), ("needsCreation", "2.没有现成信息需要另行制作"),
            ("unclear", "3.补正后申请内容仍不明确")]),
        new("notProcessed", 7, [Results], ["（五）不予处理"]),
        .. Sub("notProcessed", "（五）不予处理", [
            ("complaint", "1.信访举报投诉类申请"), ("repeated", "2.重复申请"), ("publication", "3.要求提供公开出版物"),
            ("massive", "4.无正当理由大量反复申请"), ("confirmation", "5.要求行政机关确认或重新出具已获取信息")]),
        new("otherHandling", 7, [Results], ["（六）其他处理"]),
        .. Sub("otherHandling", "（六）其他处理", [
            ("overdueCorrection", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("overdueFee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other", "3.其他")]),
        new("totalProcessed", 7, [Results], ["（七）总计", "合计"]),
        new("carriedForward", 7, "四、结转下年度继续办理"),
    ];

    /// <summary>The 8-column variant (法人或其他组织 小计 added): one array, so its prepared labels are made once.</summary>
    private static readonly RowSpec[] T3Specs8 = T3Specs.Select(s => s with { Columns = 8 }).ToArray();

    private static IEnumerable<RowSpec> Sub(string group, string groupLabel, (string Key, string Label)[] rows) =>
        rows.Select(r => new RowSpec($"{group}.{r.Key}", 7, [Results, groupLabel], [r.Label]));

    private static readonly Dictionary<string, int> T3Order = Template.T3Rows
        .Select((k, i) => (k, i)).Concat(Template.T3Groups.Select(g => (g, Template.T3Rows.ToList().FindIndex(r => r.StartsWith(g + ".", StringComparison.Ordinal)))))
        .ToDictionary(x => x.Item1, x => x.Item2);

    public static TableRead Applications(IReadOnlyList<TextLine> region)
    {
        var items = RowReader.Read(region);
        var subtotalAt = SubtotalColumn(items);
        var specs = subtotalAt < 0 ? T3Specs : T3Specs8;
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
        new("review", 5, "行政复议"),
        new("litigationDirect", 5, ["行政诉讼"], ["未经复议直接起诉"]),
        new("litigationAfterReview", 5, ["行政诉讼"], ["复议后起诉"]),
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
