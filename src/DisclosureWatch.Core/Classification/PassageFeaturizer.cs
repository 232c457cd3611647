namespace DisclosureWatch.Core.Classification;

/// <summary>How passages become feature indices; stored in the model file so training and inference agree.</summary>
/// <param name="HashBits">Feature space is 2^HashBits (hashed).</param>
/// <param name="NgramMax">Character n-grams 1..NgramMax of the normalized text.</param>
/// <param name="SectionNgramMax">n-grams 1..SectionNgramMax are also emitted conjoined with the section number.</param>
/// <param name="Version">The featurizer's algorithm version (bump when the emitted features change).</param>
public sealed record FeaturizerSettings(int HashBits = 18, int NgramMax = 3, int SectionNgramMax = 2, int Version = 2)
{
    public int Dimension => 1 << HashBits;
}

/// <summary>
/// Hashed features of a passage: character n-grams (1..3) of the normalized text (full-width folded, numbers
/// reduced to one symbol, years to another), the section number, the section conjoined with short n-grams
/// (so 进一步 in section 1 and in section 5 weigh differently), the kind of sub-heading the passage sits under,
/// its position, and a few cue features (future markers, completed-action markers, digits).
/// Every emitted feature has value 1/sqrt(n) where n is the number emitted, so a vector is its index list.
/// No allocation per passage beyond the caller's buffer; no dictionary, so the order is fixed.
/// </summary>
public sealed class PassageFeaturizer(FeaturizerSettings settings)
{
    public FeaturizerSettings Settings { get; } = settings;
    private readonly int _mask = settings.Dimension - 1;

    /// <summary>Index of the always-on bias feature.</summary>
    public static int BiasIndex => 0;

    // Feature-kind salts so that the same characters in different roles hash apart.
    private const uint KText = 0x9E3779B1, KSection = 0x85EBCA77, KSecGram = 0xC2B2AE3D, KContext = 0x27D4EB2F,
        KCtxGram = 0x165667B1, KPosition = 0xD3A2646C, KCue = 0xFD7046C5, KSecCue = 0xB55A4F09, KCtxSection = 0x4CF5AD43;

    /// <summary>Writes the feature indices of a passage into <paramref name="buffer"/> and returns their count.</summary>
    /// <param name="section">1..6, 0 for the preamble, -1 when unknown.</param>
    /// <param name="context">The sub-heading, or null when absent.</param>
    /// <param name="position">0-based position in the section, or -1 when unknown.</param>
    public int Featurize(string text, int section, string? context, int position, ref int[] buffer)
    {
        Span<char> norm = text.Length <= 512 ? stackalloc char[text.Length + 2] : new char[text.Length + 2];
        var len = Normalize(text, norm);
        var needed = len * (Settings.NgramMax + Settings.SectionNgramMax) + 64;
        if (buffer.Length < needed) buffer = new int[Math.Max(needed, buffer.Length * 2)];
        var n = 0;
        buffer[n++] = BiasIndex;
        var sec = (uint)(section + 1);
        buffer[n++] = Index(Mix(KSection, sec));

        for (var i = 0; i < len; i++)
        {
            uint h = KText;
            uint hs = Mix(KSecGram, sec);
            for (var k = 0; k < Settings.NgramMax && i + k < len; k++)
            {
                h = Mix(h, norm[i + k]);
                buffer[n++] = Index(h);
                if (k < Settings.SectionNgramMax && section >= 0)
                {
                    hs = Mix(hs, norm[i + k]);
                    buffer[n++] = Index(hs);
                }
            }
        }

        var ctx = ContextKind(context);
        if (ctx != 0)
        {
            buffer[n++] = Index(Mix(KContext, (uint)ctx));
            buffer[n++] = Index(Mix(Mix(KCtxSection, (uint)ctx), sec));
            if (context is not null)
                for (var i = 0; i + 1 < context.Length && i < 24; i++)
                    buffer[n++] = Index(Mix(Mix(KCtxGram, context[i]), context[i + 1]));
        }
        if (position >= 0) buffer[n++] = Index(Mix(Mix(KPosition, (uint)Math.Min(position, 3)), sec));

        var cues = Cues(norm[..len]);
        // Neither done markers nor figures nor a year: an imperative ("加强业务培训…") — a plan in section 5.
        if ((cues & (2 | 4 | 64)) == 0) cues |= 1 << 9;
        for (var c = 0; c < CueCount; c++)
        {
            if ((cues & (1 << c)) == 0) continue;
            buffer[n++] = Index(Mix(KCue, (uint)c));
            buffer[n++] = Index(Mix(Mix(KSecCue, (uint)c), sec));
        }
        var lengthBucket = (uint)(len < 12 ? 0 : len < 25 ? 1 : len < 50 ? 2 : len < 100 ? 3 : 4);
        buffer[n++] = Index(Mix(Mix(KCue, 100 + lengthBucket), sec));
        return n;
    }

    private int Index(uint h)
    {
        h ^= h >> 16; h *= 0x7FEB352D; h ^= h >> 15;
        var i = (int)(h & (uint)_mask);
        return i == 0 ? 1 : i; // 0 is the bias
    }

    private static uint Mix(uint h, uint v)
    {
        h ^= v;
        h *= 0x01000193;
        h ^= h >> 13;
        return h * 0x5BD1E995;
    }

    /// <summary>Folds full-width forms, drops spaces and markup, turns years into 'Y' and other numbers into '0'; adds ^ and $.</summary>
    public static int Normalize(string text, Span<char> dest)
    {
        var n = 0;
        dest[n++] = '^';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '！' and <= '～') c = (char)(c - 0xFEE0);
            if (c == '\u3000' || WhiteSpace.Is(c) || c == '*' || c == '#') continue;
            if (char.IsAsciiDigit(c))
            {
                var j = i;
                while (j < text.Length && (char.IsAsciiDigit(text[j]) || text[j] is >= '０' and <= '９' || text[j] is '.' or ',' && j + 1 < text.Length && char.IsAsciiDigit(text[j + 1]))) j++;
                var digits = j - i;
                var first = Fold(text[i]);
                var isYear = digits == 4 && (first == '2' || first == '1' && Fold(text[i + 1]) == '9');
                dest[n++] = isYear ? 'Y' : '0';
                i = j - 1;
                continue;
            }
            if (c is >= 'A' and <= 'Z') c = (char)(c + 32);
            dest[n++] = c;
        }
        dest[n++] = '$';
        return n;
    }

    private static char Fold(char c) => c is >= '０' and <= '９' ? (char)(c - 0xFEE0) : c;

    /// <summary>Sub-heading kinds: 1 problems, 2 improvements / next steps, 3 a work heading (情况/工作/建设…), 4 other.</summary>
    public static int ContextKind(string? context)
    {
        if (string.IsNullOrWhiteSpace(context)) return 0;
        var c = context;
        // With a lead-in ("改进情况/下一步") the last part decides.
        var slash = c.LastIndexOf('/');
        var last = slash >= 0 ? c[(slash + 1)..] : c;
        if (IsImprovementHeading(last)) return 2;
        if (IsProblemHeading(last)) return 1;
        if (slash >= 0) return ContextKind(c[..slash]);
        if (last.Contains("情况") || last.Contains("工作") || last.Contains("建设") || last.Contains("管理") || last.Contains("方面")
            || last.Contains("公开") || last.Contains("保障")) return 3;
        return 4;
    }

    private static bool IsImprovementHeading(string s) =>
        s.Contains("改进") || s.Contains("措施") || s.Contains("下一步") || s.Contains("今后") || s.Contains("打算")
        || s.Contains("计划") || s.Contains("思路") || s.Contains("方向") || s.Contains("整改") || s.Contains("举措");

    private static bool IsProblemHeading(string s) =>
        s.Contains("问题") || s.Contains("不足") || s.Contains("差距") || s.Contains("短板");

    private const int CueCount = 10;

    /// <summary>Cue bits: 0 future (将/下一步/今后/计划/拟/力争/明年), 1 done (了/已/完成/共/累计), 2 digits,
    /// 3 problem words (不够/不足/有待/仍需/欠缺/薄弱/偏低/滞后), 4 "进一步", 5 contact/period, 6 year mentioned,
    /// 7 ought (要/应/须/务必), 8 negated-nothing (无/未/没有), 9 none of done/digits/year.</summary>
    private static int Cues(ReadOnlySpan<char> s)
    {
        var bits = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var next = i + 1 < s.Length ? s[i + 1] : '\0';
            switch (c)
            {
                case '将': if (next is not '军' and not '近' and not '其' and not '来') bits |= 1; break;
                case '拟': bits |= 1; break;
                case '下': if (next == '一' && i + 2 < s.Length && s[i + 2] == '步') bits |= 1; if (next == '年') bits |= 1; break;
                case '今': if (next == '后') bits |= 1; break;
                case '明': if (next == '年') bits |= 1; break;
                case '计': if (next == '划') bits |= 1; break;
                case '力': if (next == '争') bits |= 1; break;
                case '了': case '已': bits |= 2; break;
                case '完': if (next == '成') bits |= 2; break;
                case '共': if (i + 1 < s.Length && (next is '计' or '0' || next is '发' or '受' or '处' or '公' or '开')) bits |= 2; break;
                case '累': if (next == '计') bits |= 2; break;
                case '0': bits |= 4; break;
                case 'Y': bits |= 64; break;
                case '不': if (next is '够' or '足' or '高' or '强' or '深' or '全' or '及' or '到' or '规' or '完' or '丰' or '平' or '明' or '充' or '熟' or '细') bits |= 8; break;
                case '有': if (next == '待') bits |= 8; break;
                case '仍': case '尚': bits |= 8; break;
                case '欠': case '薄': case '滞': case '偏': bits |= 8; break;
                case '进': if (next == '一' && i + 2 < s.Length && s[i + 2] == '步') bits |= 16; break;
                case '电': if (next == '话') bits |= 32; break;
                case '邮': if (next is '编' or '箱') bits |= 32; break;
                case '统': if (next == '计' && i + 2 < s.Length && s[i + 2] is '期' or '时') bits |= 32; break;
                case '要': case '应': case '须': bits |= 128; break;
                case '无': case '未': bits |= 256; break;
                case '没': if (next == '有') bits |= 256; break;
            }
        }
        return bits;
    }
}
