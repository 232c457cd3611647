namespace DisclosureWatch.Worker.Synthetic;

/// <summary>
/// A seeded generator of 政府信息公开工作年度报告 in many layouts with noise, to keep the parser general: the table
/// values are drawn at random (most satisfy the 勾稽 identities, some do not), the structure is the national
/// template's (国办公开办函〔2021〕30号; table 2 sometimes in the 2019 shape), and every report knows its cells.
/// </summary>
internal static class LayoutCorpus
{
    private static readonly string[] Syllables =
        ["青", "云", "石", "桥", "河", "东", "西", "南", "北", "安", "平", "宁", "兴", "泉", "林", "山", "和", "丰", "新", "阳", "永", "福", "长", "乐"];
    private static readonly string[] Counties = ["县", "区", "市", "旗"];
    private static readonly string[] Levels = ["乡人民政府", "镇人民政府", "街道办事处", "人民政府办公室", "自然资源局", "教育局"];

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

    /// <summary>One report: organ, year, title, the six sections' headings (some lost) and text around the tables.</summary>
    private sealed class Generator(Random random, int number, Layout layout, Noise noise)
    {
        private readonly StatutoryTables tables = new(random, noise, new LabelNoise(random, noise));
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
            blocks.Add(tables.Table2(template2019));
            Heading(3, "三、收到和处理政府信息公开申请情况");
            blocks.Add(tables.Table3());
            Heading(4, "四、政府信息公开行政复议、行政诉讼情况");
            blocks.Add(tables.Table4());
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
                Cells = tables.Cells, Blocks = blocks,
                // OCR markdown captions table 4 "### 行政复议、行政诉讼": a heading that names section 四, lost or not.
                HeadedSections = Enumerable.Range(1, 6).Where(n => !lost.Contains(n) || (n == 4 && layout == Layout.OcrRowTables)).ToArray(),
            };
        }

        private T Pick<T>(T[] items) => items[random.Next(items.Length)];
    }
}
