using System.Globalization;
using System.Text;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Worker.Synthetic;

/// <summary>The ways a report reaches us: each renders the same report with its own table structure.</summary>
public enum Layout
{
    /// <summary>Tab-separated text as Word's copy gives it (merged cells as empty positions).</summary>
    TabText,
    /// <summary>One markdown pipe table per statutory table.</summary>
    PipeMarkdown,
    /// <summary>OCR markdown: every template row its own little table under a ### heading, generic headers 项目|列1…|合计.</summary>
    OcrRowTables,
    /// <summary>OCR markdown: row labels as loose text lines, the numbers as label-less pipe rows, the applicant header over rows.</summary>
    OcrLooseLabels,
    /// <summary>Word's "save as web page": &lt;o:p&gt;, mso- styles, rowspan/colspan.</summary>
    WordHtml,
    /// <summary>A .docx written with OpenXML: gridSpan, vMerge.</summary>
    Docx,
    /// <summary>The docx through LibreOffice to PDF, then pdftotext -layout.</summary>
    Pdf,
    /// <summary>Each cell on its own tab-indented line, rows separated by empty lines.</summary>
    CellPerLine,
}

/// <summary>What a layout's text suffers on the way.</summary>
public enum Noise
{
    None,
    /// <summary>Label characters dropped, substituted or added; an ordinal lost.</summary>
    LabelCharacters,
    /// <summary>Long labels wrapped over two lines or rows.</summary>
    WrappedLabels,
    /// <summary>Table-2 cells annotated in place: "31（其中新制定12件）".</summary>
    AnnotatedCells,
    /// <summary>Headings of sections 二, 三, 四 lost.</summary>
    LostHeadings,
    /// <summary>The title wrapped over two lines.</summary>
    WrappedTitle,
    /// <summary>All of the above at once.</summary>
    All,
}

/// <summary>One expected cell: where it is and what it should read (null: the report does not give it in this shape).</summary>
public sealed record ExpectedCell(string Table, string Row, int Column, decimal? Value);

/// <summary>A generated report: what it says (the truth to compare with) and how it is written.</summary>
public sealed class CorpusReport
{
    public required int Number { get; init; }
    public required Layout Layout { get; init; }
    public required Noise Noise { get; init; }
    public required string Organ { get; init; }
    public required int Year { get; init; }
    /// <summary>Table 2 in the 2019 template's shape (本年新制作/本年新公开/对外公开总数量).</summary>
    public required bool Template2019 { get; init; }
    /// <summary>Every template cell of tables 2, 3 and 4 with its true value.</summary>
    public required IReadOnlyList<ExpectedCell> Cells { get; init; }
    /// <summary>Sections 1..6 whose heading is written (lost headings are not).</summary>
    public required IReadOnlyList<int> HeadedSections { get; init; }
    /// <summary>The document as blocks, before a layout renders it.</summary>
    internal IReadOnlyList<Block> Blocks { get; init; } = [];

    public bool Has(Noise noise) => Noise == noise || Noise == Noise.All;
}

internal abstract record Block;
internal sealed record Paragraph(string Text, bool Heading = false, string? Continuation = null) : Block;
internal sealed record TableBlock(int Number, IReadOnlyList<GridRow> Rows) : Block;

/// <summary>A table row: its cells (with spans) and, for a data row, the template key and its label and values.</summary>
internal sealed record GridRow(IReadOnlyList<GridCell> Cells, string? Key = null, string? Label = null, IReadOnlyList<string>? Values = null);

/// <summary>A cell: text (a wrapped label has two parts), spans.</summary>
internal sealed record GridCell(string Text, int ColSpan = 1, int RowSpan = 1, string? Wrap = null)
{
    /// <summary>The cell's full text (both parts of a wrapped label, without the break).</summary>
    public string Full => Wrap is null ? Text : Text + Wrap;
}

/// <summary>
/// A seeded generator of 政府信息公开工作年度报告 in many layouts with noise, to keep the parser general: the table
/// values are drawn at random (most satisfy the 勾稽 identities, some do not), the structure is the national
/// template's (国办公开办函〔2021〕30号; table 2 sometimes in the 2019 shape), and every report knows its cells.
/// </summary>
public static class LayoutCorpus
{
    private static readonly string[] Syllables =
        ["青", "云", "石", "桥", "河", "东", "西", "南", "北", "安", "平", "宁", "兴", "泉", "林", "山", "和", "丰", "新", "阳", "永", "福", "长", "乐"];
    private static readonly string[] Counties = ["县", "区", "市", "旗"];
    private static readonly string[] Levels = ["乡人民政府", "镇人民政府", "街道办事处", "人民政府办公室", "自然资源局", "教育局"];
    /// <summary>Characters OCR and PDF text put in place of others (none of them a value's character such as 无 or 件).</summary>
    private static readonly string Substitutes = "人入八大太天夫失矢己已巳末未土士干千于午牛斤斥折析拆办力刀刃日曰目自白百旦但";

    /// <summary>The generated reports: <paramref name="perCombination"/> per layout × noise, report k drawn from seed + k.</summary>
    public static IEnumerable<CorpusReport> Generate(int seed, int perCombination, IEnumerable<Layout> layouts, IEnumerable<Noise>? noises = null)
    {
        var number = 0;
        var noiseList = (noises ?? Enum.GetValues<Noise>()).ToList();
        foreach (var layout in layouts)
            foreach (var noise in noiseList)
                for (var i = 0; i < perCombination; i++)
                    yield return Create(seed, number++, layout, noise);
    }

    public static CorpusReport Create(int seed, int number, Layout layout, Noise noise)
    {
        var random = new Random(unchecked(seed * 1_000_003 + number)); // not HashCode.Combine: randomized per process
        var g = new Generator(random, number, layout, noise);
        return g.Build();
    }

    private sealed class Generator(Random random, int number, Layout layout, Noise noise)
    {
        private readonly List<ExpectedCell> cells = [];
        private bool Has(Noise n) => noise == n || noise == Noise.All;

        public CorpusReport Build()
        {
            var place = Pick(Syllables) + Pick(Syllables);
            var town = Pick(Syllables) + Pick(Syllables);
            var level = Pick(Levels);
            var organ = level.StartsWith('乡') || level.StartsWith('镇') || level.StartsWith("街道", StringComparison.Ordinal)
                ? $"{place}{Pick(Counties)}{town}{level}" : $"{place}{Pick(Counties)}{level}";
            var year = random.Next(2021, 2026);
            var template2019 = random.NextDouble() < 0.1;

            var lost = new HashSet<int>();
            if (Has(Noise.LostHeadings))
            {
                foreach (var s in new[] { 2, 3, 4 }) if (random.Next(2) == 0) lost.Add(s);
                if (lost.Count == 0) lost.Add(random.Next(2, 5));
            }

            var blocks = new List<Block>();
            var title = $"{organ}{year}年政府信息公开工作年度报告";
            if (Has(Noise.WrappedTitle))
            {
                var cut = organ.Length + random.Next(-3, 6);
                blocks.Add(new Paragraph(title[..cut], Continuation: title[cut..]));
            }
            else if (random.Next(3) == 0)
            {
                blocks.Add(new Paragraph(organ));
                blocks.Add(new Paragraph($"{year}年政府信息公开工作年度报告"));
            }
            else blocks.Add(new Paragraph(title));
            blocks.Add(new Paragraph($"本报告依据《中华人民共和国政府信息公开条例》编制，统计期限为{year}年1月1日至{year}年12月31日。"));

            void Heading(int n, string text)
            {
                if (!lost.Contains(n)) blocks.Add(new Paragraph(text, Heading: true));
            }
            Heading(1, "一、总体情况");
            blocks.Add(new Paragraph($"{year}年，我单位认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，持续推进政务公开工作。"));
            blocks.Add(new Paragraph("（一）主动公开情况。通过门户网站及时公开机构职能、政策文件、财政预决算等信息。"));
            blocks.Add(new Paragraph("（二）依申请公开情况。严格按照法定程序和时限办理政府信息公开申请。"));
            Heading(2, "二、主动公开政府信息情况");
            blocks.Add(Table2(template2019));
            Heading(3, "三、收到和处理政府信息公开申请情况");
            blocks.Add(Table3());
            Heading(4, "四、政府信息公开行政复议、行政诉讼情况");
            blocks.Add(Table4());
            Heading(5, "五、存在的主要问题及改进情况");
            blocks.Add(new Paragraph("主要问题：信息公开的及时性还需提高，政策解读形式较为单一。"));
            blocks.Add(new Paragraph("改进情况：下一步，我单位将进一步完善工作机制，丰富解读形式，提升公开质量。"));
            Heading(6, "六、其他需要报告的事项");
            blocks.Add(new Paragraph("本年度未收取政府信息公开信息处理费。"));
            blocks.Add(new Paragraph(organ));
            blocks.Add(new Paragraph($"{year + 1}年1月{random.Next(5, 28)}日"));

            return new CorpusReport
            {
                Number = number, Layout = layout, Noise = noise, Organ = organ, Year = year, Template2019 = template2019,
                Cells = cells, Blocks = blocks,
                // OCR markdown captions table 4 "### 行政复议、行政诉讼": a heading that names section 四, lost or not.
                HeadedSections = Enumerable.Range(1, 6).Where(n => !lost.Contains(n) || (n == 4 && layout == Layout.OcrRowTables)).ToArray(),
            };
        }

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        /// <summary>A count as reports give them: mostly zero or small, now and then in the thousands.</summary>
        private int Count()
        {
            var r = random.NextDouble();
            return r < 0.45 ? 0 : r < 0.85 ? random.Next(1, 20) : r < 0.97 ? random.Next(20, 400) : random.Next(400, 5000);
        }

        private static string N(decimal v) => v.ToString(CultureInfo.InvariantCulture);

        // Labels ---------------------------------------------------------------------------------------

        /// <summary>The label as this report writes it: with the noise of its kind, wrapped when long and asked to.</summary>
        private GridCell LabelCell(string label, int colSpan = 1, int rowSpan = 1)
        {
            if (Has(Noise.LabelCharacters) && random.NextDouble() < 0.4) label = Garble(label);
            if (Has(Noise.WrappedLabels) && label.Length >= 10 && random.NextDouble() < 0.6)
            {
                var cut = label.Length / 2 + random.Next(-2, 3);
                return new GridCell(label[..cut], colSpan, rowSpan, label[cut..]);
            }
            return new GridCell(label, colSpan, rowSpan);
        }

        /// <summary>One character dropped, changed or added (never in the ordinal), or the ordinal lost.</summary>
        private string Garble(string label)
        {
            var start = 0;
            while (start < label.Length && !IsWordChar(label[start])) start++;
            // an ordinal: "1." "（三）" "一、"
            var ordinal = label.Length > start + 1 && label[start + 1] == '、' ? start + 2
                : label.StartsWith('（') ? label.IndexOf('）') + 1
                : label.Length > 1 && char.IsAsciiDigit(label[0]) ? 2 : 0;
            var words = label.Length - ordinal;
            var kind = random.Next(ordinal > 0 ? 4 : 3);
            if (words <= 3 && kind is 0) kind = 1; // too short to lose a character
            var at = ordinal + random.Next(words);
            return kind switch
            {
                0 => label.Remove(at, 1),
                1 => label.Remove(at, 1).Insert(at, Substitutes[random.Next(Substitutes.Length)].ToString()),
                2 => label.Insert(at, Substitutes[random.Next(Substitutes.Length)].ToString()),
                _ => label[ordinal..],
            };
        }

        private static bool IsWordChar(char c) => c is >= '\u4E00' and <= '\u9FFF';

        // Table 2 --------------------------------------------------------------------------------------

        private TableBlock Table2(bool template2019)
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
                    rows.Add(Data(key, LabelCell(label), texts));
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
                    rows.Add(Data(key, LabelCell(label), values.Select(v => N(v)).ToArray()));
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
                        rows.Add(Data(key.Length > 0 ? key : null, LabelCell(label), values.Select(v => N(v)).ToArray()));
                    }
                }
                Section("第二十条第（八）项");
                Header("信息内容", "上一年项目数量", "本年增/减", "");
                cells.Add(new ExpectedCell("t2", "fees", 0, null));
                rows.Add(Data("fees", LabelCell("行政事业性收费"), [N(Count()), N(random.Next(-2, 3)), ""]));
                Section("第二十条第（九）项");
                Header("信息内容", "采购项目数量", "采购总金额", "");
                rows.Add(Data(null, LabelCell("政府集中采购"), [N(Count()), N(Count() * 3), ""]));
            }
            return new TableBlock(2, rows);

            void Single(string key, string label, decimal value)
            {
                cells.Add(new ExpectedCell("t2", key, 0, value));
                rows.Add(Data(key, LabelCell(label), [N(value)], spanValue: 3));
            }
        }

        private static GridRow Data(string? key, GridCell label, string[] values, int spanValue = 1, IReadOnlyList<GridCell>? before = null)
        {
            var cells = new List<GridCell>(before ?? []) { label };
            cells.AddRange(values.Select(v => new GridCell(v, spanValue)));
            return new GridRow(cells, key, label.Full, values);
        }

        // Table 3 --------------------------------------------------------------------------------------

        private TableBlock Table3()
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
            rows.Add(Data("newReceived", LabelCell("一、本年新收政府信息公开申请数量", 3), Texts("newReceived")));
            rows.Add(Data("carriedOver", LabelCell("二、上年结转政府信息公开申请数量", 3), Texts("carriedOver")));
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
                    rows.Add(Data(key, LabelCell(label, 2), Texts(key), before: before));
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
                rows.Add(Data(key, LabelCell(sub), Texts(key), before: before));
            }
            rows.Add(Data("carriedForward", LabelCell("四、结转下年度继续办理", 3), Texts("carriedForward")));
            return new TableBlock(3, rows);
        }

        // Table 4 --------------------------------------------------------------------------------------

        private TableBlock Table4()
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
}
