using System.Globalization;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Worker.Synthetic;

/// <summary>
/// Tables 2, 3 and 4 of a generated report in the national template's shape: values drawn at random (most satisfy
/// the 勾稽 identities, some do not), each table as a grid with spans, and every template cell's true value in <see cref="Cells"/>.
/// </summary>
internal sealed class StatutoryTables(Random random, Noise noise, LabelNoise labels)
{
    private readonly List<ExpectedCell> cells = [];

    /// <summary>The true values of the cells drawn so far.</summary>
    public IReadOnlyList<ExpectedCell> Cells => cells;

    private bool Has(Noise n) => noise == n || noise == Noise.All;

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>A count as reports give them: mostly zero or small, now and then in the thousands.</summary>
    private int Count()
    {
        var r = random.NextDouble();
        return r < 0.45 ? 0 : r < 0.85 ? random.Next(1, 20) : r < 0.97 ? random.Next(20, 400) : random.Next(400, 5000);
    }

    private static string N(decimal v) => v.ToString(CultureInfo.InvariantCulture);

    // Table 2 --------------------------------------------------------------------------------------

    public TableBlock Table2(bool template2019)
    {
        var rows = new List<GridRow>();
        void Section(string text) => rows.Add(new GridRow([new GridCell(text, 4)]));
        void Header(params string[] texts) => rows.Add(new GridRow(texts.Select((t, i) => new GridCell(t, i == 1 && texts.Length == 2 ? 3 : 1)).ToArray()));

        if (!template2019)
        {
            Section("第二十条第（一）项");
            Header("信息内容", "本年制发件数", "本年废止件数", "现行有效件数");
            foreach (var (key, label) in new[] { ("regulations", "规章"), ("normativeDocuments", "行政规范性文件") })
            {
                var made = Count();
                var repealed = Count();
                var valid = made + Count();
                var values = new[] { made, repealed, valid }.Select(v => (decimal)v).ToArray();
                for (var c = 0; c < 3; c++) cells.Add(new ExpectedCell("t2", key, c, values[c]));
                var texts = values.Select(N).ToArray();
                if (Has(Noise.AnnotatedCells) && random.Next(2) == 0 && made > 1)
                    texts[0] = $"{made}（其中新制定{random.Next(1, made)}件）";
                if (Has(Noise.AnnotatedCells) && random.Next(2) == 0 && valid > 1)
                    texts[2] = $"{valid}（含到期失效{random.Next(1, valid)}件）";
                rows.Add(Data(key, labels.Cell(label), texts));
            }
            Section("第二十条第（五）项");
            Header("信息内容", "本年处理决定数量");
            Single("licensing", "行政许可", Count());
            Section("第二十条第（六）项");
            Header("信息内容", "本年处理决定数量");
            Single("punishment", "行政处罚", Count());
            Single("coercion", "行政强制", Count());
            Section("第二十条第（八）项");
            Header("信息内容", "本年收费金额（单位：万元）");
            var fee = random.Next(3) == 0 ? Math.Round((decimal)random.NextDouble() * 200, random.Next(0, 3)) : 0m;
            Single("fees", "行政事业性收费", fee);
        }
        else
        {
            // 2019: 本年新制作 is what 本年制发 means; 新公开 and 对外公开总数 are not 废止 and 现行有效. The 第二十条
            // (五)(六) rows give 上一年项目数量 / 本年增/减 / 处理决定数量, and 收费 no amount at all.
            Section("第二十条第（一）项");
            Header("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量");
            foreach (var (key, label) in new[] { ("regulations", "规章"), ("normativeDocuments", "规范性文件") })
            {
                var made = Count();
                var values = new[] { made, made, made + Count() };
                cells.Add(new ExpectedCell("t2", key, 0, made));
                cells.Add(new ExpectedCell("t2", key, 1, null));
                cells.Add(new ExpectedCell("t2", key, 2, null));
                rows.Add(Data(key, labels.Cell(label), values.Select(v => N(v)).ToArray()));
            }
            foreach (var (item, entries) in new[] { ("（五）", new[] { ("licensing", "行政许可"), ("", "其他对外管理服务事项") }),
                                                    ("（六）", [("punishment", "行政处罚"), ("coercion", "行政强制")]) })
            {
                Section($"第二十条第{item}项");
                Header("信息内容", "上一年项目数量", "本年增/减", "处理决定数量");
                foreach (var (key, label) in entries)
                {
                    var decided = Count();
                    var values = new[] { Count(), random.Next(-3, 4), decided };
                    if (key.Length > 0) cells.Add(new ExpectedCell("t2", key, 0, decided));
                    rows.Add(Data(key.Length > 0 ? key : null, labels.Cell(label), values.Select(v => N(v)).ToArray()));
                }
            }
            Section("第二十条第（八）项");
            Header("信息内容", "上一年项目数量", "本年增/减", "");
            cells.Add(new ExpectedCell("t2", "fees", 0, null));
            rows.Add(Data("fees", labels.Cell("行政事业性收费"), [N(Count()), N(random.Next(-2, 3)), ""]));
            Section("第二十条第（九）项");
            Header("信息内容", "采购项目数量", "采购总金额", "");
            rows.Add(Data(null, labels.Cell("政府集中采购"), [N(Count()), N(Count() * 3), ""]));
        }
        return new TableBlock(2, rows);

        void Single(string key, string label, decimal value)
        {
            cells.Add(new ExpectedCell("t2", key, 0, value));
            rows.Add(Data(key, labels.Cell(label), [N(value)], spanValue: 3));
        }
    }

    private static GridRow Data(string? key, GridCell label, string[] values, int spanValue = 1, IReadOnlyList<GridCell>? before = null)
    {
        var cells = new List<GridCell>(before ?? []) { label };
        cells.AddRange(values.Select(v => new GridCell(v, spanValue)));
        return new GridRow(cells, key, label.Full, values);
    }

    // Table 3 --------------------------------------------------------------------------------------

    public TableBlock Table3()
    {
        var keys = Template.T3Rows;
        var v = new Dictionary<string, int[]>();
        int[] Row() => Enumerable.Range(0, 6).Select(_ => Count()).ToArray();
        foreach (var key in keys.Where(k => k is not ("newReceived" or "carriedOver" or "totalProcessed" or "carriedForward"))) v[key] = Row();
        v["totalProcessed"] = Enumerable.Range(0, 6).Select(c => v.Values.Sum(r => r[c])).ToArray();
        v["carriedOver"] = Row();
        v["carriedForward"] = Row();
        v["newReceived"] = Enumerable.Range(0, 6).Select(c => v["totalProcessed"][c] + v["carriedForward"][c] - v["carriedOver"][c]).ToArray();
        for (var c = 0; c < 6; c++)
            if (v["newReceived"][c] < 0) { v["carriedForward"][c] -= v["newReceived"][c]; v["newReceived"][c] = 0; }
        var values = keys.ToDictionary(k => k, k => v[k].Append(v[k].Sum()).ToArray());
        // Some reports do not add up: a cell off by a few (the rules must still see it).
        if (random.NextDouble() < 0.2)
        {
            var key = Pick(keys);
            values[key][random.Next(7)] += random.Next(1, 5);
        }
        foreach (var key in keys)
            for (var c = 0; c < 7; c++) cells.Add(new ExpectedCell("t3", key, c, values[key][c]));

        var rows = new List<GridRow>
        {
            new([new GridCell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), new GridCell("申请人情况", 7)]),
            new([new GridCell("自然人", 1, 2), new GridCell("法人或其他组织", 5), new GridCell("总计", 1, 2)]),
            new([new GridCell("商业企业"), new GridCell("科研机构"), new GridCell("社会公益组织"), new GridCell("法律服务机构"), new GridCell("其他")]),
        };
        string[] Texts(string key) => values[key].Select(x => N(x)).ToArray();
        rows.Add(Data("newReceived", labels.Cell("一、本年新收政府信息公开申请数量", 3), Texts("newReceived")));
        rows.Add(Data("carriedOver", labels.Cell("二、上年结转政府信息公开申请数量", 3), Texts("carriedOver")));
        var resultRows = keys.Count(k => k is not ("newReceived" or "carriedOver" or "carriedForward"));
        var first = true;
        string? group = null;
        var groupSize = 0;
        foreach (var key in keys.Where(k => k is not ("newReceived" or "carriedOver" or "carriedForward")))
        {
            var before = new List<GridCell>();
            if (first) before.Add(new GridCell("三、本年度办理结果", 1, resultRows));
            first = false;
            var label = Template.Label(key);
            if (!key.Contains('.'))
            {
                rows.Add(Data(key, labels.Cell(label, 2), Texts(key), before: before));
                continue;
            }
            var g = Template.GroupOf(key);
            if (g != group)
            {
                group = g;
                groupSize = keys.Count(k => k.StartsWith(g + ".", StringComparison.Ordinal));
                before.Add(new GridCell(Template.Label(g), 1, groupSize));
            }
            var sub = label[(label.IndexOf('）') + 1)..];
            rows.Add(Data(key, labels.Cell(sub), Texts(key), before: before));
        }
        rows.Add(Data("carriedForward", labels.Cell("四、结转下年度继续办理", 3), Texts("carriedForward")));
        return new TableBlock(3, rows);
    }

    // Table 4 --------------------------------------------------------------------------------------

    public TableBlock Table4()
    {
        var values = new List<int>();
        foreach (var block in Template.T4Blocks)
        {
            var four = Enumerable.Range(0, 4).Select(_ => random.NextDouble() < 0.6 ? 0 : random.Next(1, 40)).ToArray();
            var total = four.Sum() + (random.NextDouble() < 0.1 ? random.Next(1, 3) : 0);
            var all = four.Append(total).ToArray();
            for (var c = 0; c < 5; c++) cells.Add(new ExpectedCell("t4", block, c, all[c]));
            values.AddRange(all);
        }
        string[] results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
        var rows = new List<GridRow>
        {
            new([new GridCell("行政复议", 5), new GridCell("行政诉讼", 10)]),
            new([.. results.Select(r => new GridCell(r, 1, 2)), new GridCell("未经复议直接起诉", 5), new GridCell("复议后起诉", 5)]),
            new([.. results.Concat(results).Select(r => new GridCell(r))]),
            new(values.Select(x => new GridCell(N(x))).ToArray(), "t4", "", values.Select(x => N(x)).ToArray()),
        };
        return new TableBlock(4, rows);
    }
}
