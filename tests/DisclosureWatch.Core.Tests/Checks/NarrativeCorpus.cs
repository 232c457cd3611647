using System.Globalization;
using System.Text;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Tests.Checks;

/// <summary>
/// Correct reports written in the many voices real ones use — townships, 街道, county governments and bureaus,
/// city and district offices; titles wrapped, web-labelled, in markdown, with the year as 2023年度 or 二〇二三年;
/// statistical periods, citations of other years' documents, superiors and neighbouring places named legitimately;
/// partial counts (其中…, 依法同意公开答复…, per applicant, year-on-year) beside the totals; some with a section
/// heading lost and only its sub-headings left. Seeded: the same seed writes the same report.
/// </summary>
public static class NarrativeCorpus
{
    /// <summary>A generated report and what a correct reading of it gives.</summary>
    /// <param name="LostHeadings">Sections whose heading was left out (only their sub-headings remain).</param>
    public sealed record Generated(int Seed, string Text, string Organ, int Year, string Shape, string Kind, int[] LostHeadings,
        int NewReceived, int CarriedOver, int Processed, int CarriedForward, int Review, string Self, string? County, string Township);

    private static readonly string[] Counties = ["河曲", "灵丘", "延津", "双柏", "开江", "平顺", "盐池", "封丘", "禄丰", "宣汉", "屯留", "获嘉"];
    private static readonly string[] Cities = ["忻州", "新乡", "楚雄", "达州", "淮安", "大同", "南阳", "曲靖", "长治"];
    private static readonly string[] Provinces = ["山西省", "河南省", "云南省", "四川省", "江苏省"];
    private static readonly string[] Townships = ["社梁", "司寨", "下关", "东坝", "柳林", "石桥", "龙泉", "双河", "红旗", "马家", "黄堆", "沙坪"];
    private static readonly string[] Streets = ["城关", "东城", "西关", "新华", "南湖", "解放"];
    private static readonly string[] Districts = ["清江浦", "淮阴", "红塔", "通川", "牧野", "卫滨"];
    private static readonly string[] Bureaus = ["教育局", "自然资源局", "卫生健康局", "农业农村局", "住房和城乡建设局", "民政局", "财政局"];

    /// <summary>A real mistake written into an otherwise correct report, for the rule that must catch it.</summary>
    public enum Mistake { None, WrongTotal, WrongSelfName, ForeignSite, StaleYear }

    public static Generated Make(int seed, Mistake mistake = Mistake.None)
    {
        var r = new Random(seed);
        T Pick<T>(IReadOnlyList<T> xs) => xs[r.Next(xs.Count)];
        var year = 2019 + r.Next(6);
        var province = Pick(Provinces);
        var city = Pick(Cities);
        var county = Pick(Counties);
        var neighbour = Pick(Counties.Where(c => c != county).ToArray());
        var district = Pick(Districts);

        // the organ, how it calls itself, and its own site
        var kind = Pick(new[] { "乡", "镇", "街道", "县", "区", "county-office", "bureau", "city-office" });
        string organ, self, site, township;
        string? ownCounty = county;
        switch (kind)
        {
            case "乡" or "镇":
                township = Pick(Townships) + kind;
                organ = r.Next(3) == 0 ? $"{township}人民政府" : $"{county}县{township}人民政府";
                self = Pick(new[] { $"我{kind}", $"本{kind}", township });
                site = $"{county}县人民政府门户网站";
                break;
            case "街道":
                township = Pick(Streets) + "街道";
                organ = $"{city}市{district}区{township}办事处";
                self = Pick(new[] { "我街道", "本街道", township });
                site = $"{district}区人民政府门户网站";
                ownCounty = null;
                break;
            case "县":
                township = "";
                organ = $"{county}县人民政府";
                self = Pick(new[] { "我县", "县政府" });
                site = $"{county}县人民政府门户网站";
                break;
            case "区":
                township = "";
                organ = $"{city}市{district}区人民政府";
                self = Pick(new[] { "我区", "区政府" });
                site = $"{district}区人民政府门户网站";
                ownCounty = null;
                break;
            case "county-office":
                township = "";
                organ = $"{county}县人民政府办公室";
                self = Pick(new[] { "县政府办公室", "本机关" });
                site = $"{county}县人民政府门户网站";
                break;
            case "bureau":
                township = "";
                var bureau = Pick(Bureaus);
                organ = $"{county}县{bureau}";
                self = Pick(new[] { "我局", "本机关", $"县{bureau}" });
                site = $"{county}县人民政府门户网站";
                break;
            default:
                township = "";
                organ = $"{city}市人民政府办公室";
                self = Pick(new[] { "市政府办公室", "本机关" });
                site = $"{city}市人民政府门户网站";
                ownCounty = null;
                break;
        }
        var lowLevel = kind is "乡" or "镇" or "街道";
        var superior = kind switch
        {
            "乡" or "镇" => Pick(new[] { "县政务公开办", $"{county}县人民政府办公室", "县委、县政府", $"{city}市政务公开办" }),
            "街道" => Pick(new[] { "区政务公开办", $"{district}区人民政府办公室", "区委、区政府" }),
            "county-office" or "bureau" or "县" => Pick(new[] { "县政务公开办", $"{city}市人民政府办公室", "市政务公开办" }),
            _ => Pick(new[] { "省政务公开办", $"{province}人民政府办公厅", "市政务公开办" }),
        };

        // consistent tables: 新收 + 上年结转 = 总计 + 结转下年度, results summing to 总计, rows to their 总计 column
        var busy = r.Next(4) == 0 ? 0 : lowLevel ? r.Next(0, 6) : r.Next(3, 60);
        var t3 = new int[Template.T3Rows.Count, 6];
        int Col() => r.Next(10) < 7 ? 0 : 1 + r.Next(5);
        for (var i = 0; i < busy; i++) t3[0, Col()]++;
        var carriedOver = r.Next(3) == 0 && busy > 0 ? r.Next(1, 3) : 0;
        for (var i = 0; i < carriedOver; i++) t3[1, Col()]++;
        var resultRows = Enumerable.Range(2, 21).ToArray(); // granted … otherHandling.other
        for (var c = 0; c < 6; c++)
        {
            var open = t3[0, c] + t3[1, c];
            var forward = open > 0 && r.Next(4) == 0 ? 1 : 0;
            t3[24, c] = forward;
            for (var i = 0; i < open - forward; i++)
            {
                var row = r.Next(3) > 0 ? 2 + r.Next(2) : resultRows[r.Next(resultRows.Length)];
                t3[row, c]++;
            }
            for (var row = 2; row <= 22; row++) t3[23, c] += t3[row, c];
        }
        int Total(int row) { var s = 0; for (var c = 0; c < 6; c++) s += t3[row, c]; return s; }
        var (n, o, p, f) = (Total(0), Total(1), Total(23), Total(24));
        var review = lowLevel || r.Next(3) > 0 ? 0 : r.Next(1, 4);
        var reviewParts = new int[4];
        for (var i = 0; i < review; i++) reviewParts[r.Next(4)]++;
        var litigation = review > 0 && r.Next(2) == 0 ? 1 : 0;

        var lost = new List<int>();
        if (r.Next(6) == 0) lost.Add(5);
        if (r.Next(10) == 0) lost.Add(1);

        var sb = new StringBuilder();
        var shape = Title(r, sb, organ, year, kind, county, township);
        var headingStyle = r.Next(4);
        string Heading(int number) => headingStyle switch
        {
            0 => $"{"一二三四五六"[number - 1]}、{Template.SectionTitles[number - 1]}",
            1 => $"## {"一二三四五六"[number - 1]}、{Template.SectionTitles[number - 1]}",
            2 => $"**{"一二三四五六"[number - 1]}、{Template.SectionTitles[number - 1]}**",
            _ => $"{"一二三四五六"[number - 1]}．{Template.SectionTitles[number - 1]}",
        };

        // preamble: basis, statistical period, where to read it
        if (r.Next(3) > 0)
        {
            sb.Append(year < 2021
                ? "根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）要求，编制本报告。"
                : "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。");
            sb.Append(Pick(new[]
            {
                $"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
                $"报告中所列数据统计时间为{year}年1月1日至{year}年12月31日。",
                $"（统计时间：{year}年1月1日至{year}年12月31日）",
                "",
            }));
            sb.Append(Pick(new[]
            {
                $"本报告电子版可在{site}查阅或下载。",
                $"如对本报告有任何疑问，请与{organ}联系（电话：0{r.Next(350, 999)}-{r.Next(1000000, 9999999)}）。",
                "",
            }));
            sb.Append('\n');
        }

        // 一、总体情况
        if (!lost.Contains(1)) sb.Append(Heading(1)).Append('\n');
        sb.Append(Pick(new[]
        {
            $"{year}年，{self}认真贯彻落实《中华人民共和国政府信息公开条例》，在{superior}的指导下，坚持以公开为常态、不公开为例外，扎实推进政府信息公开工作。",
            $"{year}年以来，{self}深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，按照《{province}{year}年政务公开工作要点》要求，不断提升政务公开质效。",
            $"本年度，{self}按照{superior}的统一部署，围绕中心工作，持续深化政务公开，切实保障人民群众的知情权、参与权和监督权。",
        })).Append('\n');
        sb.Append("（一）主动公开情况\n");
        sb.Append(Pick(new[]
        {
            $"全年通过{site}主动公开政府信息{r.Next(10, 300)}条，其中政策文件{r.Next(1, 9)}条、工作动态{r.Next(5, 90)}条。",
            $"今年以来，{self}依托{site}、政务新媒体和公开栏等渠道，公开各类信息{r.Next(10, 300)}条，同比增长{r.Next(2, 30)}%。",
            $"{year}年共发布政府信息{r.Next(10, 300)}条，较{year - 1}年增加{r.Next(1, 40)}条；按照{year - 1}年度报告提出的改进措施，进一步规范了栏目设置。",
        })).Append('\n');
        sb.Append("（二）依申请公开情况\n");
        sb.Append(Applications(r, self, kind, year, n, o, p, f, t3)).Append('\n');
        sb.Append("（三）政府信息管理\n");
        sb.Append(Pick(new[]
        {
            "严格落实“先审查、后公开”和“一事一审”制度，对拟公开信息进行保密审查，全年未发生泄密事件。",
            $"对照《{province}政府信息公开保密审查办法》，健全信息发布审核机制，定期清理过时信息，{year}年度共清理失效信息{r.Next(1, 30)}条。",
            $"一是完善信息发布审核制度；二是规范政策文件管理，统一编号、统一发布；三是动态更新政府信息公开指南和目录。",
        })).Append('\n');
        sb.Append("（四）政府信息公开平台建设\n");
        sb.Append(Pick(new[]
        {
            $"{self}以{site}为第一平台，及时更新机构职能、政策文件等栏目内容。",
            $"积极配合{superior}做好网站集约化工作，并赴{neighbour}县学习政务公开专区建设经验。",
            $"学习借鉴{neighbour}县人民政府门户网站的专栏设置经验，优化{site}信息公开专栏。",
            $"依托{site}信息公开专栏，规范设置法定主动公开内容，确保信息发布及时准确。",
        })).Append('\n');
        sb.Append("（五）监督保障\n");
        sb.Append(Pick(new[]
        {
            $"将政务公开工作纳入年度目标考核，{year}年度未发生因政务公开工作引发的责任追究情况。",
            $"主动接受{superior}的监督检查，对{year - 1}年度政务公开第三方评估指出的问题逐项整改到位。",
            "通过公布监督电话、设立意见箱等方式，广泛接受社会监督。",
            $"自2008年5月1日《中华人民共和国政府信息公开条例》施行以来，{self}始终把政务公开作为一项重要工作来抓；{year - 1}年度政府信息公开工作年度报告已于{year}年1月按时发布。",
            lowLevel ? $"按照全县统一部署，{self}与各村同步推进基层政务公开标准化规范化建设，本乡镇各站所均明确了专人负责。"
                     : $"按照{(kind == "区" ? "全区" : "全县")}统一部署，督促各乡（镇）、各部门落实信息公开责任。",
        })).Append('\n');
        switch (mistake)
        {
            case Mistake.WrongTotal: sb.Append(CultureInfo.InvariantCulture, $"全年共收到政府信息公开申请{n + o + 3}件。\n"); break;
            case Mistake.WrongSelfName: sb.Append(CultureInfo.InvariantCulture, $"我{(kind == "乡" ? "镇" : "乡")}高度重视政府信息公开工作。\n"); break;
            case Mistake.ForeignSite: sb.Append(CultureInfo.InvariantCulture, $"{self}以{neighbour}县人民政府门户网站为主阵地，及时发布各类信息。\n"); break;
            case Mistake.StaleYear: sb.Append(CultureInfo.InvariantCulture, $"{year - 1}年，{self}扎实推进政务公开标准化规范化建设。\n"); break;
        }

        // 二、三、四: the tables
        sb.Append(Heading(2)).Append('\n').Append(Table2(r)).Append('\n');
        sb.Append(Heading(3)).Append('\n').Append(Table3(t3)).Append('\n');
        sb.Append(Heading(4)).Append('\n').Append(Table4(reviewParts, litigation)).Append('\n');
        if (review == 0 && litigation == 0 && r.Next(2) == 0)
            sb.Append(CultureInfo.InvariantCulture, $"{year}年度，{self}未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。\n");
        else if (review > 0 && r.Next(2) == 0)
            sb.Append(CultureInfo.InvariantCulture, $"本年度发生政府信息公开行政复议{review}件，其中结果维持{reviewParts[0]}件，结果纠正{reviewParts[1]}件；政府信息公开行政诉讼{litigation}件。\n");

        // 五、存在的主要问题及改进情况
        if (!lost.Contains(5)) sb.Append(Heading(5)).Append('\n');
        var sub = r.Next(3);
        sb.Append(sub switch { 0 => "（一）存在的主要问题\n", 1 => "（一）存在问题：", _ => "1.主要问题\n" });
        sb.Append(Pick(new[]
        {
            "一是政策解读形式较为单一，图解、视频等解读方式运用不多；二是部分栏目信息更新不够及时；三是工作人员业务能力有待提升。",
            "信息公开的深度和广度还不够，公众参与度不高，依申请公开答复的规范性有待加强。",
        })).Append('\n');
        sb.Append(sub switch { 0 => "（二）改进情况\n", 1 => "（二）改进措施：", _ => "2.下一步工作计划\n" });
        sb.Append(Pick(new[]
        {
            $"针对上述问题，{self}将从以下方面加以改进：一是丰富解读形式；二是加强栏目日常维护；三是组织业务培训。",
            $"{year + 1}年，{self}将进一步加强组织领导，完善工作机制，持续提升政务公开水平。",
            $"下一步，{self}将认真落实{superior}的工作要求，对照{year}年度考核中发现的问题逐项整改，推动政务公开工作再上新台阶。",
            $"针对{year}年度工作中存在的不足，{self}将进一步加强学习培训，提升信息发布质量。",
        })).Append('\n');

        // 六、其他需要报告的事项
        sb.Append(Heading(6)).Append('\n');
        sb.Append(Pick(new[]
        {
            $"{year}年度，{self}未收取政府信息公开信息处理费。",
            "本年度没有收取信息处理费，无其他需要报告的事项。",
            "依据《政府信息公开信息处理费管理办法》，本年度未产生信息处理费用。",
        })).Append('\n');
        if (r.Next(2) == 0)
            sb.Append(Pick(new[]
            {
                $"{year}年度，{self}共办理人大代表建议{r.Next(1, 9)}件、政协提案{r.Next(1, 9)}件，办复率100%。",
                $"根据《{province}{year}年政务公开工作要点》要求，{self}已按时完成各项重点任务。",
            })).Append('\n');
        sb.Append('\n').Append(organ).Append('\n');
        sb.Append(r.Next(2) == 0 ? $"{year + 1}年1月{r.Next(5, 31)}日" : $"{Chinese(year + 1)}年一月{"十二十五二十二十六".Substring(r.Next(4) * 2, 2)}日").Append('\n');

        return new Generated(seed, sb.ToString(), ExpectedOrgan(organ, shape), year, shape, kind, lost.ToArray(), n, o, p, f, review, self, ownCounty, township);
    }

    /// <summary>The title in one of the shapes real reports use; returns the shape's name.</summary>
    private static string Title(Random r, StringBuilder sb, string organ, int year, string kind, string county, string township)
    {
        var shapes = new[] { "one-line", "年度", "organ-above", "wrapped", "wrapped-at-year", "markdown", "chinese-year", "web-fields",
            "web-title-label", "web-no-organ-in-title", "bold", "spaced", "year-in-brackets", "关于" };
        var shape = shapes[r.Next(shapes.Length)];
        switch (shape)
        {
            case "one-line": sb.Append(CultureInfo.InvariantCulture, $"{organ}{year}年政府信息公开工作年度报告\n\n"); break;
            case "年度": sb.Append(CultureInfo.InvariantCulture, $"{organ}{year}年度政府信息公开工作年度报告\n"); break;
            case "organ-above":
                // seed 000: the organ on its own line, the title naming it shortly
                var shortName = kind is "乡" or "镇" or "街道" ? township : "";
                sb.Append(CultureInfo.InvariantCulture, $"\n{organ}\n\n{shortName}{year}年政府信息公开工作年度报告\n\n");
                break;
            case "wrapped": sb.Append(CultureInfo.InvariantCulture, $"{organ}{year}年政府信息公开\n工作年度报告\n"); break;
            case "wrapped-at-year": sb.Append(CultureInfo.InvariantCulture, $"{organ}{year}年\n政府信息公开工作年度报告\n"); break;
            case "markdown": sb.Append(CultureInfo.InvariantCulture, $"# {organ}{year}年政府信息公开工作年度报告\n\n"); break;
            case "chinese-year": sb.Append(CultureInfo.InvariantCulture, $"{organ}{Chinese(year)}年政府信息公开工作年度报告\n"); break;
            case "web-fields":
                sb.Append("首页 > 政务公开 > 政府信息公开年报\n");
                sb.Append(CultureInfo.InvariantCulture, $"索引号：11140930MB{r.Next(1000000, 9999999)}/{year + 1}-00{r.Next(10, 99)}\t发布机构：{organ}\n");
                sb.Append(CultureInfo.InvariantCulture, $"发布日期：{year + 1}-01-{r.Next(10, 30)}\n");
                sb.Append(CultureInfo.InvariantCulture, $"文章名称：{organ}{year}年政府信息公开工作年度报告\n");
                sb.Append(CultureInfo.InvariantCulture, $"{organ}{year}年政府信息公开工作年度报告\n");
                break;
            case "web-no-organ-in-title":
                sb.Append(CultureInfo.InvariantCulture, $"发布机构：{organ}\n文章名称：{year}年政府信息公开工作年度报告\n成文日期：{year + 1}年01月{r.Next(10, 30)}日\n");
                break;
            case "web-title-label":
                sb.Append(CultureInfo.InvariantCulture, $"当前位置：首页 > 信息公开 > 年度报告\n标题：{organ}{year}年政府信息公开工作年度报告\n来源：{county}县政务公开办　　浏览次数：{r.Next(10, 999)}\n");
                break;
            case "bold": sb.Append(CultureInfo.InvariantCulture, $"**{organ}{year}年政府信息公开工作年度报告**\n"); break;
            case "spaced": sb.Append(CultureInfo.InvariantCulture, $"{organ} {year} 年政府信息公开工作年度报告\n"); break;
            case "year-in-brackets": sb.Append(CultureInfo.InvariantCulture, $"{organ}政府信息公开工作年度报告（{year}年度）\n"); break;
            default: sb.Append(CultureInfo.InvariantCulture, $"{organ}关于{year}年度政府信息公开工作情况的报告\n"); break;
        }
        return shape;
    }

    private static string ExpectedOrgan(string organ, string shape) => organ;

    /// <summary>The 依申请公开 paragraph in one of several voices, every number true to table 3.</summary>
    private static string Applications(Random r, string self, string kind, int year, int n, int o, int p, int f, int[,] t3)
    {
        var granted = 0;
        for (var c = 0; c < 6; c++) granted += t3[2, c];
        var natural = 0;
        for (var row = 0; row < 1; row++) natural += t3[row, 0];
        var voices = new List<string>();
        if (n + o == 0)
        {
            voices.Add($"{year}年，{self}未收到政府信息公开申请。");
            voices.Add($"本年度共收到政府信息公开申请0件，上年结转0件。");
            voices.Add($"{year}年度未收到依申请公开事项，与{year - 1}年度持平。");
        }
        else
        {
            voices.Add($"本年度共收到政府信息公开申请{n}件，上年结转{o}件，办结{p}件，结转下年度{f}件。");
            voices.Add($"{year}年，{self}新收政府信息公开申请{n}件，其中自然人申请{natural}件，法人或其他组织申请{n - natural}件；依法同意公开答复{granted}件。" +
                       (f > 0 ? $"转入下年度继续办理{f}件。" : "所有申请均在法定期限内答复。"));
            voices.Add($"全年受理政府信息公开申请{n + o}件（含上年结转{o}件），已全部按期办结{p}件" + (f > 0 ? $"，另有{f}件结转下年度办理。" : "。"));
            if (o > 0)
                voices.Add($"收到政府信息公开申请{n}件，较上年增加{r.Next(1, 9)}件；{year - 1}年度转入本年度继续办理{o}件，其中予以公开{Math.Min(o, granted)}件。");
            voices.Add($"{year - 1}年共收到申请{n + r.Next(1, 5)}件，{year}年收到申请{n}件，全年答复{p}件。");
            if (kind is "县" or "区") voices.Add($"{year}年，{(kind == "县" ? "全县" : "全区")}共收到政府信息公开申请{n}件，上年结转{o}件，全部在法定期限内予以答复。");
            voices.Add($"按申请方式分，当面申请{n - n / 2}件，网络申请{n / 2}件；自然人申请{natural}件。全年办理政府信息公开申请{n + o}件。");
            if (f > 0) voices.Add($"本年度收到政府信息公开申请{n}件，结转下年度继续办理{f}件，其余均已按期办结。");
            if (o > 0) voices.Add($"全年新收政府信息公开申请{n}件；上年结转的{o}件申请均已办结，办结率100%。");
        }
        return voices[r.Next(voices.Count)];
    }

    private static string Table2(Random r)
    {
        int made = r.Next(0, 4), repealed = r.Next(0, 2), valid = r.Next(3, 20);
        return $"""
            第二十条第（一）项
            信息内容	本年制发件数	本年废止件数	现行有效件数
            规章	0	0	0
            行政规范性文件	{made}	{repealed}	{valid}
            第二十条第（五）项
            信息内容	本年处理决定数量
            行政许可	{r.Next(0, 200)}
            第二十条第（六）项
            信息内容	本年处理决定数量
            行政处罚	{r.Next(0, 50)}
            行政强制	{r.Next(0, 5)}
            第二十条第（八）项
            信息内容	本年收费金额（单位：万元）
            行政事业性收费	0
            """;
    }

    private static string Table3(int[,] t3)
    {
        string Cells(int row)
        {
            var sb = new StringBuilder();
            var total = 0;
            for (var c = 0; c < 6; c++) { sb.Append('\t').Append(t3[row, c]); total += t3[row, c]; }
            return sb.Append('\t').Append(total).ToString();
        }
        var lines = new StringBuilder();
        lines.Append("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\n");
        lines.Append("\t自然人\t法人或其他组织\t\t\t\t\t总计\n");
        lines.Append("\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n");
        string? group = null;
        for (var i = 0; i < Template.T3Rows.Count; i++)
        {
            var key = Template.T3Rows[i];
            var label = Template.Label(key);
            if (key.Contains('.'))
            {
                var g = Template.GroupOf(key);
                var sub = label[(label.IndexOf('）') + 1)..];
                if (key == "otherHandling.overdueCorrection") sub = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请";
                if (key == "otherHandling.overdueFee") sub = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请";
                var first = g != group;
                group = g;
                lines.Append(first ? $"\t{Template.Label(g)}\t{sub}" : $"\t\t{sub}").Append(Cells(i)).Append('\n');
            }
            else if (key is "granted")
                lines.Append($"三、本年度办理结果\t（一）予以公开").Append(Cells(i)).Append('\n');
            else if (key is "partiallyGranted" or "totalProcessed")
                lines.Append(CultureInfo.InvariantCulture, $"\t{label}").Append(Cells(i)).Append('\n');
            else if (key == "carriedForward")
                lines.Append("四、结转下年度继续办理").Append(Cells(i)).Append('\n');
            else
                lines.Append(label).Append(Cells(i)).Append('\n');
        }
        return lines.ToString();
    }

    private static string Table4(int[] review, int litigation)
    {
        var total = review.Sum();
        var cells = string.Join("\t", review.Append(total).Concat([0, 0, 0, litigation, litigation]).Concat([0, 0, 0, 0, 0]));
        return $"""
            行政复议					行政诉讼
            结果维持	结果纠正	其他结果	尚未审结	总计	未经复议直接起诉					复议后起诉
            					结果维持	结果纠正	其他结果	尚未审结	总计	结果维持	结果纠正	其他结果	尚未审结	总计
            {cells}
            """;
    }

    /// <summary>2023 → 二〇二三.</summary>
    public static string Chinese(int year) => string.Concat(year.ToString(CultureInfo.InvariantCulture).Select(d => "〇一二三四五六七八九"[d - '0']));
}
