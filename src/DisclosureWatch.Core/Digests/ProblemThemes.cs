using System.Text;
using System.Text.RegularExpressions;

namespace DisclosureWatch.Core.Digests;

/// <summary>A problem passage to group: which organ and report it comes from, and its text.</summary>
public sealed record ThemeSource(string Organ, string ReportId, string Text);

/// <summary>One sentence of a theme, with where it comes from.</summary>
public sealed record ThemeMember(string Organ, string ReportId, string Sentence);

/// <summary>A recurring problem: the sentences that say it, how many organs and passages, and the most typical sentence.</summary>
/// <param name="Example">The medoid: the sentence most similar to the others of the theme (enumerator removed).</param>
/// <param name="ExampleOrgan">The organ the example comes from.</param>
/// <param name="Organs">The distinct organs that name the problem, in order of appearance.</param>
/// <param name="PassageCount">The distinct passages that name it.</param>
public sealed record ProblemTheme(string Example, string ExampleOrgan, IReadOnlyList<string> Organs, int PassageCount,
    IReadOnlyList<ThemeMember> Members);

/// <summary>
/// Groups problem passages by what they say. Each passage is cut into sentences (a lead-in ending in a colon is
/// dropped); a sentence is normalized — enumerators (一是, （一）, 1、), the organ's own name and self-references
/// (我乡, 本单位), generic words every problem sentence shares (政府信息公开, 工作, 有待, 进一步, 还不够…) and
/// everything but letters removed, a few synonyms of these reports folded (时效→及时, 滞后→不及时, 方式→形式) —
/// and represented by its character bigrams and trigrams weighted by tf-idf over the sentences being grouped.
/// Sentences are merged by average-linkage agglomeration on cosine similarity while the best pair stays at or
/// above the threshold; ties go to the earliest sentences, so the result depends only on the input order.
/// </summary>
public static partial class ProblemThemes
{
    /// <summary>
    /// Tuned on thirty realistic problem sentences with five underlying problems (tests/…/Digests/ProblemThemeTests):
    /// 0.03–0.05 find exactly the five; below, 政策解读形式单一 and 宣传形式单一 merge; above, 人员/业务 splits.
    /// </summary>
    public const double DefaultThreshold = 0.04;

    /// <summary>
    /// The similarity matrix takes O(n²) memory (1500 sentences: 36 MB): sentences past this many (a busy week has
    /// a few hundred) are left out rather than letting one digest grow without bound.
    /// </summary>
    public const int MaxSentences = 1500;

    public static IReadOnlyList<ProblemTheme> Group(IEnumerable<ThemeSource> passages, double threshold = DefaultThreshold)
    {
        var units = new List<(int Passage, ThemeSource Source, string Sentence, string Normal)>();
        var p = 0;
        foreach (var source in passages)
        {
            foreach (var sentence in Sentences(source.Text))
            {
                var normal = Normalize(sentence, source.Organ);
                if (normal.Replace("|", "").Length >= 2) units.Add((p, source, sentence, normal));
            }
            p++;
        }
        if (units.Count == 0) return [];
        if (units.Count > MaxSentences) units = units[..MaxSentences];

        var vectors = Vectorize(units.Select(u => u.Normal).ToList());
        var n = units.Count;
        var sim = new double[n, n];
        for (var i = 0; i < n; i++)
        for (var j = i; j < n; j++)
            sim[i, j] = sim[j, i] = i == j ? 1 : Cosine(vectors[i], vectors[j]);

        var clusters = Cluster(sim, n, threshold);
        var themes = new List<(ProblemTheme Theme, int First)>();
        foreach (var members in clusters)
        {
            var medoid = members
                .Select(i => (i, Score: members.Where(j => j != i).Sum(j => sim[i, j])))
                .OrderByDescending(x => Math.Round(x.Score, 9)).ThenBy(x => units[x.i].Sentence.Length).ThenBy(x => x.i)
                .First().i;
            var organs = members.Select(i => units[i].Source.Organ).Distinct().ToList();
            var theme = new ProblemTheme(units[medoid].Sentence, units[medoid].Source.Organ, organs,
                members.Select(i => units[i].Passage).Distinct().Count(),
                members.Select(i => new ThemeMember(units[i].Source.Organ, units[i].Source.ReportId, units[i].Sentence)).ToList());
            themes.Add((theme, members.Min()));
        }
        return themes
            .OrderByDescending(t => t.Theme.Organs.Count).ThenByDescending(t => t.Theme.PassageCount).ThenBy(t => t.First)
            .Select(t => t.Theme).ToList();
    }

    /// <summary>The similarity of two problem sentences on their own (idf from just the two), for "said last year too".</summary>
    public static double Similarity(string a, string b, string? organ = null)
    {
        var na = Normalize(StripEnumerator(a), organ);
        var nb = Normalize(StripEnumerator(b), organ);
        if (na.Replace("|", "").Length < 2 || nb.Replace("|", "").Length < 2) return 0;
        var v = Vectorize([na, nb], idf: false);
        return Cosine(v[0], v[1]);
    }

    /// <summary>The sentences of a passage, enumerators removed; a lead-in ending in a colon is dropped.</summary>
    internal static IEnumerable<string> Sentences(string text)
    {
        var clean = text.Replace("**", "").Replace("__", "");
        // An enumerator in the middle of a passage starts a new sentence: "…不足之处：一是…；二是…".
        clean = InnerEnumerator().Replace(clean, "\n$1");
        foreach (Match m in SentencePattern().Matches(clean))
        {
            var s = m.Groups["s"].Value.Trim();
            var end = m.Groups["end"].Value;
            if (end is "：" or ":") continue;
            s = StripEnumerator(s).Trim().TrimEnd('，', ',', '、').Trim();
            if (s.Length > 0) yield return s + (end is "。" or "；" or ";" ? "。" : "");
        }
    }

    /// <summary>The text without its leading enumerators (一是, （一）, 1、, 首先…) and markdown bold.</summary>
    public static string StripEnumerator(string s)
    {
        s = s.Replace("**", "").Replace("__", "");
        var prev = "";
        while (prev != s) { prev = s; s = LeadingEnumerator().Replace(s.TrimStart(), ""); }
        return s;
    }

    /// <summary>What is compared: the sentence without enumerators, names, generic words, punctuation or digits.</summary>
    internal static string Normalize(string sentence, string? organ)
    {
        var s = OrganNames.Flat(sentence);
        if (!string.IsNullOrWhiteSpace(organ))
            foreach (var name in OrganForms(organ))
                s = s.Replace(name, "");
        foreach (var (from, to) in Synonyms) s = s.Replace(from, to);
        s = SelfReference().Replace(s, "");
        foreach (var w in Generic) s = s.Replace(w, "");
        var sb = new StringBuilder(s.Length);
        var head = false;
        foreach (var c in s)
        {
            if (c is >= '\u4e00' and <= '\u9fff' || char.IsAsciiLetter(c)) sb.Append(char.ToLowerInvariant(c));
            else if (c is '，' or ',' && !head && sb.Length > 0) { sb.Append(HeadMark); head = true; }
        }
        return sb.ToString();
    }

    /// <summary>The organ's name, without 人民政府, and its last level (社梁乡 of 河曲县社梁乡人民政府).</summary>
    private static IEnumerable<string> OrganForms(string organ)
    {
        var flat = OrganNames.Flat(organ);
        var key = OrganNames.Key(organ);
        yield return flat;
        yield return key;
        var cut = key.LastIndexOfAny(['省', '市', '县', '区', '旗', '州']);
        if (cut >= 0 && key.Length - cut - 1 >= 2) yield return key[(cut + 1)..];
    }

    private static readonly (string From, string To)[] Synonyms =
    [
        ("时效性", "及时性"), ("时效", "及时"), ("滞后", "不及时"), ("迟缓", "不及时"),
        ("知晓率", "知晓度"), ("知晓面", "知晓度"), ("熟练", "熟"), ("熟悉", "熟"), ("单调", "单一"), ("不够多样", "单一"),
        ("队伍", "人员"), ("干部", "人员"), ("业务水平", "业务能力"),
        ("方式", "形式"), ("政务公开", "信息公开"), ("政府信息公开", "信息公开"), ("政务信息", "信息"), ("政府信息", "信息"),
    ];

    /// <summary>Words every problem sentence of these reports shares; they say nothing about which problem.</summary>
    private static readonly string[] Generic =
    [
        "信息公开", "信息", "公开", "工作", "存在", "问题", "主要", "方面", "进一步", "有待", "需要", "仍然", "仍", "还",
        "一些", "一定", "个别", "部分", "较为", "比较", "相对", "不够", "不足", "不到位", "到位", "不高", "不强", "较少",
        "偏低", "较低", "深入", "力度", "群众", "社会", "加强", "提高", "提升", "有关", "相关",
        "的", "了", "和",
    ];

    private static Dictionary<string, double>[] Vectorize(List<string> texts, bool idf = true)
    {
        var grams = texts.Select(Grams).ToArray();
        var df = new Dictionary<string, int>();
        foreach (var g in grams)
            foreach (var k in g.Keys) df[k] = df.GetValueOrDefault(k) + 1;
        var n = texts.Count;
        var vectors = new Dictionary<string, double>[n];
        for (var i = 0; i < n; i++)
        {
            var v = new Dictionary<string, double>(grams[i].Count);
            foreach (var (k, tf) in grams[i])
                v[k] = tf * (idf ? Math.Log((n + 1.0) / (df[k] + 1.0)) + 1 : 1) * (k.Length == 3 ? 1.5 : 1);
            vectors[i] = v;
        }
        return vectors;
    }

    /// <summary>
    /// Bigrams and trigrams of the normalized sentence; those of its head clause (up to the first comma, marked by
    /// <see cref="HeadMark"/>) count <see cref="HeadWeight"/> more times: a problem sentence names its problem
    /// first and elaborates after (公开信息不够全面，信息发布多以快讯为主).
    /// </summary>
    private static Dictionary<string, int> Grams(string s)
    {
        var g = new Dictionary<string, int>();
        var mark = s.IndexOf(HeadMark);
        var head = mark < 0 ? "" : s[..mark];
        var all = mark < 0 ? s : head + s[(mark + 1)..];
        Add(g, all, 1);
        if (head.Length >= 2) Add(g, head, HeadWeight);
        return g;

        static void Add(Dictionary<string, int> g, string s, int weight)
        {
            for (var len = 2; len <= 3; len++)
                for (var i = 0; i + len <= s.Length; i++)
                {
                    var k = s.Substring(i, len);
                    g[k] = g.GetValueOrDefault(k) + weight;
                }
        }
    }

    private const char HeadMark = '|';
    private const int HeadWeight = 2;

    private static double Cosine(Dictionary<string, double> a, Dictionary<string, double> b)
    {
        if (a.Count == 0 || b.Count == 0) return 0;
        if (a.Count > b.Count) (a, b) = (b, a);
        double dot = 0;
        foreach (var (k, w) in a)
            if (b.TryGetValue(k, out var x)) dot += w * x;
        if (dot == 0) return 0;
        return dot / (Norm(a) * Norm(b));
    }

    private static double Norm(Dictionary<string, double> v)
    {
        double s = 0;
        foreach (var w in v.Values) s += w * w;
        return Math.Sqrt(s);
    }

    private const double Eps = 1e-12;

    /// <summary>
    /// Average-linkage agglomeration: merge the most similar pair of clusters while their average similarity is at
    /// least the threshold. Each cluster keeps its nearest partner, so a merge costs O(n) and the whole O(n²);
    /// ties go to the lowest indices, so the result depends only on the input order.
    /// </summary>
    private static List<List<int>> Cluster(double[,] sim, int n, double threshold)
    {
        var members = Enumerable.Range(0, n).Select(i => new List<int> { i }).ToList();
        var link = (double[,])sim.Clone(); // link[a, b] = sum of the similarities between the members of a and b
        var alive = Enumerable.Repeat(true, n).ToArray();
        var bestOf = new int[n];
        var bestAvg = new double[n];

        double Avg(int a, int b) => link[a, b] / (members[a].Count * members[b].Count);

        void Refresh(int a)
        {
            bestOf[a] = -1;
            bestAvg[a] = double.NegativeInfinity;
            for (var b = 0; b < n; b++)
            {
                if (b == a || !alive[b]) continue;
                var v = Avg(a, b);
                if (v > bestAvg[a] + Eps) { bestAvg[a] = v; bestOf[a] = b; }
            }
        }

        for (var a = 0; a < n; a++) Refresh(a);
        while (true)
        {
            var top = -1;
            for (var a = 0; a < n; a++)
                if (alive[a] && bestOf[a] >= 0 && (top < 0 || bestAvg[a] > bestAvg[top] + Eps)) top = a;
            if (top < 0 || bestAvg[top] < threshold - Eps) break;
            var (lo, hi) = top < bestOf[top] ? (top, bestOf[top]) : (bestOf[top], top);

            members[lo].AddRange(members[hi]);
            alive[hi] = false;
            for (var c = 0; c < n; c++)
                if (alive[c] && c != lo) link[lo, c] = link[c, lo] = link[lo, c] + link[hi, c];
            Refresh(lo);
            for (var c = 0; c < n; c++)
            {
                if (!alive[c] || c == lo) continue;
                if (bestOf[c] == lo || bestOf[c] == hi) { Refresh(c); continue; }
                // The merged cluster's average with c lies between its parts', so it can at most tie c's best.
                var v = Avg(c, lo);
                if (Math.Abs(v - bestAvg[c]) <= Eps && lo < bestOf[c]) bestOf[c] = lo;
            }
        }
        return Enumerable.Range(0, n).Where(a => alive[a]).Select(a => members[a].OrderBy(i => i).ToList()).ToList();
    }

    [GeneratedRegex(@"(?<s>[^。；;！？!?\n：:]+)(?<end>[。；;！？!?\n：:]|$)")]
    private static partial Regex SentencePattern();

    [GeneratedRegex(@"(?<=[，,：:。；;])\s*((?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]|[（(][一二三四五六七八九十\d]{1,3}[）)])\s*)")]
    private static partial Regex InnerEnumerator();

    [GeneratedRegex(@"^(?:[一二三四五六七八九十]+是[，,：:]?|其[一二三四五六七八九十][，,：:]?|首先[，,]?|其次[，,]?|再次[，,]?|最后[，,]?|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)][、.．]?|\d{1,2}\s*[、.．](?!\d)|[一二三四五六七八九十]{1,3}[、.．]|[•·\-—*]\s*)")]
    private static partial Regex LeadingEnumerator();

    [GeneratedRegex(@"[我本](?:乡|镇|县|区|市|局|委|办|街道|单位|机关|部门|院|中心)|我们")]
    private static partial Regex SelfReference();
}
