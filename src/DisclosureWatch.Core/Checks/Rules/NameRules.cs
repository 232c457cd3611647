using System.Text.RegularExpressions;

namespace DisclosureWatch.Core.Checks.Rules;

/// <summary>
/// name.foreign-place: another county named as the organ's own site or self ("我乡…以开江县人民政府门户网站为主阵地"
/// in a 河曲县 report). Only 县/旗 names are compared — a 市 or 省 may be the organ's superior. The organ's own county
/// comes from its name, title or preamble; failing that, the first county the report itself names is taken as its own.
/// </summary>
public sealed partial class ForeignPlaceRule : IRule
{
    public string Id => "name.foreign-place";
    public Severity Severity => Severity.Error;
    public string Description => "把其他县的名称当作本机关的网站或自称（如河曲县的乡写“以开江县人民政府门户网站为主阵地”）";

    private const string NotInName = "以在过由经从于对向为的和与及将把到即据按托我本全各该其是了乡镇村省市州区县里";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var r = input.Report;
        var organ = OrganName.Of(r);
        // a city's or province's report names its own counties' portals: only county-level organs and below are compared
        if (organ is { County: null, Unit: not ("乡" or "镇" or "街道" or "苏木") }) return;
        var strong = new HashSet<string>();
        foreach (var text in new[] { r.Organ, r.Title, r.Preamble })
            foreach (var name in CountyNames(text ?? "")) strong.Add(name);
        if (organ?.County is { } c && OrganName.UnitOf(c) is "县" or "旗") strong.Add(Core(c));

        var sentences = Prose.Of(r, includePreamble: false);
        var own = new HashSet<string>(strong);
        var established = strong.Count > 0;
        if (!established)
        {
            var first = sentences.SelectMany(s => CountyNames(s.Text)).FirstOrDefault();
            if (first is null) return; // no county is known as the organ's own: nothing to compare with
            own.Add(first);
        }
        sink.Assessed();
        var township = organ?.Township;
        string? mostNamed = null;
        foreach (var s in sentences)
        {
            if (!NamesCounty(s.Text)) continue; // no 县 or 旗: nothing below can match (most sentences)
            foreach (var (name, index) in SelfContextCounties(s.Text, township))
            {
                if (own.Contains(name)) continue;
                // inferred from the body: the county named most is the organ's own too (赴某县学习 may come first)
                if (!established && name == (mostNamed ??= MostNamed(sentences))) continue;
                var ownName = string.Join("、", own.Select(o => o + "县"));
                sink.Report(established ? Severity.Error : Severity.Warning,
                    $"报告把“{name}县”作为本机关的平台或自称，而本机关属于{ownName}，疑为套用其他地方报告，请核实。",
                    Prose.Evidence(s, index), s.Section);
                break;
            }
        }
    }

    /// <summary>The county the report names most (the first of equals), not counting places it went to learn from.</summary>
    private static string MostNamed(IReadOnlyList<ProseSentence> sentences)
    {
        var counts = new Dictionary<string, (int Count, int First)>();
        var order = 0;
        foreach (var s in sentences)
            foreach (var m in CountySuffix().EnumerateMatches(s.Text))
                if (CoreBefore(s.Text, m.Index) is { } core && !Elsewhere(s.Text, m.Index - 2))
                    counts[core] = counts.TryGetValue(core, out var c) ? (c.Count + 1, c.First) : (1, order++);
        return counts.OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Value.First).Select(kv => kv.Key).FirstOrDefault() ?? "";
    }

    /// <summary>County cores (开江 for 开江县) named anywhere in the text.</summary>
    internal static IEnumerable<string> CountyNames(string text)
    {
        if (!NamesCounty(text)) return [];
        List<string>? names = null;
        foreach (var m in CountySuffix().EnumerateMatches(text))
            if (CoreBefore(text, m.Index) is { } core) (names ??= []).Add(core);
        return names ?? [];
    }

    /// <summary>The text holds a 县 or 旗, without which none of the county patterns can match.</summary>
    private static bool NamesCounty(string text) => text.AsSpan().IndexOfAny('县', '旗') >= 0;

    /// <summary>Counties named as the organ's own platform (…县人民政府门户网站) or prefixing its own township (…县社梁乡).</summary>
    private static IEnumerable<(string Name, int Index)> SelfContextCounties(string sentence, string? township)
    {
        foreach (Match m in CountySite().Matches(sentence))
        {
            if (CoreBefore(sentence, m.Index) is not { } core) continue;
            // 开江县人民政府门户网站 is a name; 县政府网站 after a verb (公开县政府网站) is the generic "the county's site"
            var formal = m.Value.Contains("人民政府");
            var opener = m.Index < 3 || !IsCjk(sentence[m.Index - 3]) || NotInName.Contains(sentence[m.Index - 3]);
            if ((formal || opener) && !Elsewhere(sentence, m.Index)) yield return (core, m.Index);
        }
        if (township is null || township.Length < 2) yield break;
        for (var i = sentence.IndexOf(township, StringComparison.Ordinal); i > 0; i = sentence.IndexOf(township, i + 1, StringComparison.Ordinal))
            if (sentence[i - 1] is '县' or '旗' && CoreBefore(sentence, i - 1) is { } core) yield return (core, i - 1);
    }

    /// <summary>The clause before <paramref name="index"/> goes elsewhere (学习借鉴某县门户网站的做法, 赴某县考察): not the organ's own.</summary>
    private static bool Elsewhere(string sentence, int index)
    {
        if (index <= 0) return false;
        var start = sentence.LastIndexOfAny(ClauseBreaks, index - 1) + 1;
        return ElsewhereCue().IsMatch(sentence.AsSpan(start, index - start));
    }

    private static readonly char[] ClauseBreaks = ['，', '。', '；', ',', ';', '：'];

    /// <summary>The two characters before a 县/旗 at <paramref name="suffix"/>, when they can be a county name.</summary>
    private static string? CoreBefore(string text, int suffix)
    {
        if (suffix < 2) return null;
        foreach (var ch in text.AsSpan(suffix - 2, 2))
            if (!IsCjk(ch) || NotInName.Contains(ch)) return null; // before making the string
        var core = text.Substring(suffix - 2, 2);
        return NotNames.Contains(core) ? null : core;
    }

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fa5';

    /// <summary>Words that stand before 县 without naming one: 公开县政府网站, 登录县人民政府门户网站 …</summary>
    private static readonly HashSet<string> NotNames =
    [
        "通过", "依托", "利用", "登录", "借助", "报送", "上传", "推送", "发布", "公开", "及时", "按时", "全部", "主动", "统一",
        "通知", "要求", "根据", "按照", "依据", "结合", "配合", "协助", "积极", "全面", "组织", "参加", "上报", "提交", "转发",
        "转载", "链接", "接入", "运用", "使用", "开设", "设置", "更新", "维护", "刊登", "刊发", "张贴", "挂网", "同步", "分别",
        "放在", "置于", "归集", "汇聚", "整合", "迁移", "并入", "纳入", "融入", "开通", "建设", "优化", "完善", "管理", "运营",
        "运维", "保障", "监督", "检查", "考核", "督促", "指导", "支持", "对接", "衔接", "联系", "咨询", "查询", "查看", "浏览",
        "访问", "进入", "点击", "打开", "关注", "搜索", "下载", "填写", "递交", "寄送", "送达", "省级", "上级", "信息", "政务",
        "公众", "群众", "主要", "重点", "专门", "门户", "网站", "平台", "专栏", "均在", "已在", "都在", "同时", "先后", "认真",
        "严格", "落实", "贯彻", "学习", "参照", "对照", "围绕", "服务", "工作", "情况", "事项", "内容", "文件", "公告", "公示",
    ];

    private static string Core(string county) => county.Length >= 3 ? county[^3..^1] : county;

    [GeneratedRegex(@"[县旗](?!城|委|级|域|直|乡|镇|区|内|里|外|长|政府办|政务公开办)")] private static partial Regex CountySuffix();
    [GeneratedRegex(@"学习|借鉴|参观|考察|观摩|对标|赴|前往|交流|兄弟")] private static partial Regex ElsewhereCue();
    [GeneratedRegex(@"[县旗](?:人民政府|政府)?(?:门户网站|门户网|政府网站|政府网|网站|政务网|政务服务网|信息公开平台|信息公开专栏|政务公开专栏|公开专栏)")] private static partial Regex CountySite();
}

/// <summary>name.self-reference: the report calls its organ by another level (我镇 in a 乡's report, 我乡 in a 街道's).</summary>
public sealed partial class SelfReferenceRule : IRule
{
    public string Id => "name.self-reference";
    public Severity Severity => Severity.Error;
    public string Description => "自称与机关层级不符（乡的报告写“我镇”、镇的报告写“我乡”、街道写“我乡/我镇”等）";

    public void Evaluate(ReviewInput input, FindingSink sink)
    {
        var organ = OrganName.Of(input.Report);
        if (organ?.Unit is not ({ } unit and ("乡" or "镇" or "街道" or "县" or "区" or "市"))) return;
        sink.Assessed();
        var township = unit is "乡" or "镇" or "街道";
        foreach (var s in Prose.Of(input.Report))
        {
            // value matches, no Match objects: the prefix is the match's first character, the level the rest
            foreach (var m in SelfWord().EnumerateMatches(s.Text))
            {
                var level = s.Text.AsSpan(m.Index + 1, m.Length - 1);
                if (level.Equals(unit, StringComparison.Ordinal)) continue;
                var prefix = s.Text[m.Index];
                var next = m.Index + m.Length < s.Text.Length ? s.Text[m.Index + m.Length] : '\0';
                if (level is "乡" && next is '镇' or '村' or '亲' or '土') continue;  // 本乡镇, 全乡村, 乡亲, 乡土
                if (s.Text.AsSpan(m.Index).StartsWith("本乡本土")) continue;
                if (level is "镇" && next is '村' or '街') continue;
                var levelIsTownship = level is "乡" or "镇" or "街道";
                bool severe;
                if (township && levelIsTownship) severe = true;                       // 我镇 in a 乡's report
                else if (!township && levelIsTownship && prefix != '全') severe = true; // a county calling itself 我乡
                else if (!township && prefix != '全' && ((unit == "县" && level is "区") || (unit == "区" && level is "县"))) severe = false;
                else continue;                                                         // 全县 / 我市 … may name a superior
                sink.Report(severe ? Severity.Error : Severity.Warning,
                    $"本机关为{organ.Name}（{unit}），报告却自称“{s.Text.Substring(m.Index, m.Length)}”，疑为套用其他单位报告，请改正。",
                    Prose.Evidence(s, m.Index), s.Section == 0 ? null : s.Section);
            }
        }
    }

    [GeneratedRegex(@"(我|本|全)(街道|乡|镇|县|区|市)")] private static partial Regex SelfWord();
}
