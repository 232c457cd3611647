using DisclosureWatch.Core.Digests;
using Xunit.Abstractions;

namespace DisclosureWatch.Core.Tests.Digests;

/// <summary>
/// Thirty problem sentences as county reports write them, from twelve organs, with five underlying problems.
/// The grouping must find exactly those five, whatever the enumerators, organ names and wording.
/// </summary>
public class ProblemThemeTests(ITestOutputHelper output)
{
    // (theme, organ, passage). Themes: A 公开内容不全面, B 更新不及时, C 政策解读形式单一, D 人员变动/业务不熟, E 宣传不到位.
    internal static readonly (char Theme, string Organ, string Text)[] Sentences =
    [
        ('A', "河曲县社梁乡人民政府", "一是公开内容不够全面，部分重点领域信息公开不够深入。"),
        ('A', "河曲县文笔镇人民政府", "主动公开的内容还不够全面，与群众需求仍有差距。"),
        ('A', "灵丘县下关乡", "三是政府信息公开的内容仍不够全面。"),
        ('A', "河曲县楼子营镇人民政府", "（二）重点领域信息公开的内容不够全面，公开的深度和广度还不够。"),
        ('A', "延津县司寨乡", "公开信息不够全面，信息发布多以快讯为主。"),
        ('A', "河曲县巡镇镇人民政府", "2、公开内容不全面，部分应当主动公开的信息未及时公开到位。"),

        ('B', "河曲县文笔镇人民政府", "二是部分栏目更新不及时，存在信息滞后现象。"),
        ('B', "哈拉直沟乡人民政府", "一是信息公开的时效性有待进一步提高；"),
        ('B', "河曲县鹿固乡人民政府", "网站个别栏目信息更新不够及时。"),
        ('B', "河曲县土沟乡人民政府", "部分信息发布不及时，时效性不强。"),
        ('B', "河曲县沙泉镇人民政府", "政务公开专栏更新频率偏低，部分信息更新滞后。"),
        ('B', "灵丘县下关乡", "信息公开更新还不够及时。"),

        ('C', "河曲县社梁乡人民政府", "政策解读形式比较单一，多以文字解读为主。"),
        ('C', "河曲县鹿固乡人民政府", "三是政策解读方式单一，图解、视频等解读形式运用较少。"),
        ('C', "河曲县楼子营镇人民政府", "政策解读质量不高，解读形式单一，群众看不懂。"),
        ('C', "河曲县单寨乡人民政府", "（三）对出台政策的解读不够深入，解读形式较为单一。"),
        ('C', "河曲县土沟乡人民政府", "政策解读多为简单转载，解读材料形式单调。"),
        ('C', "延津县司寨乡", "政策解读的形式不够多样，缺少图文、音视频解读。"),

        ('D', "(石咢)嘉镇人民政府", "人员变动较为频繁,有关工作人员在接手工作时对政府网站系统操作不熟练。"),
        ('D', "河曲县文笔镇人民政府", "工作人员变动频繁，新接手人员业务不熟悉。"),
        ('D', "河曲县巡镇镇人民政府", "信息公开工作人员多为兼职，业务能力有待提高。"),
        ('D', "河曲县单寨乡人民政府", "专业人员不足，工作人员对政府信息公开条例理解不深、业务不熟。"),
        ('D', "河曲县沙泉镇人民政府", "四是工作人员调整后交接不到位，新任人员对业务流程不熟悉。"),
        ('D', "哈拉直沟乡人民政府", "队伍建设相对薄弱，工作人员业务水平参差不齐。"),

        ('E', "(石咢)嘉镇人民政府", "三是政府信息公开工作宣传不到位，社会知晓度还不高。"),
        ('E', "河曲县社梁乡人民政府", "三是宣传和引导工作需要进一步加强。"),
        ('E', "河曲县鹿固乡人民政府", "宣传引导力度不够，群众对依申请公开的知晓率低。"),
        ('E', "河曲县楼子营镇人民政府", "对政府信息公开的宣传还不够，群众参与度不高。"),
        ('E', "延津县司寨乡", "政务公开宣传形式单一，群众知晓度低。"),
        ('E', "河曲县土沟乡人民政府", "社会公众对政府信息公开的知晓度和参与度不高。"),
    ];

    private static IReadOnlyList<ProblemTheme> Group(double threshold = ProblemThemes.DefaultThreshold) =>
        ProblemThemes.Group(Sentences.Select((s, i) => new ThemeSource(s.Organ, "r" + i, s.Text)), threshold);

    private static char ThemeOf(ThemeMember m) =>
        Sentences.Single(s => s.Organ == m.Organ && ProblemThemes.StripEnumerator(s.Text).TrimEnd('；', '。') == m.Sentence.TrimEnd('。')).Theme;

    private void Print(IReadOnlyList<ProblemTheme> themes)
    {
        foreach (var t in themes)
        {
            output.WriteLine($"{t.Organs.Count} organs, {t.PassageCount} passages — {t.Example}");
            foreach (var m in t.Members) output.WriteLine($"    {ThemeOf(m)} {m.Sentence}");
        }
    }

    [Fact]
    public void Finds_the_five_problems_behind_thirty_sentences()
    {
        var themes = Group();
        Print(themes);
        Assert.Equal(5, themes.Count);
        foreach (var t in themes)
        {
            Assert.Single(t.Members.Select(ThemeOf).Distinct());
            Assert.Equal(6, t.PassageCount);
        }
        Assert.Equal("ABCDE", string.Concat(themes.Select(t => ThemeOf(t.Members[0])).Order()));
    }

    [Theory]
    [InlineData(0.03)]
    [InlineData(0.05)]
    public void The_grouping_does_not_hang_on_the_exact_threshold(double threshold)
    {
        var themes = Group(threshold);
        Print(themes);
        Assert.Equal(5, themes.Count);
        Assert.All(themes, t => Assert.Single(t.Members.Select(ThemeOf).Distinct()));
    }

    [Fact]
    public void Example_is_a_typical_sentence_without_its_enumerator_and_counts_distinct_organs()
    {
        var themes = Group();
        var update = themes.Single(t => ThemeOf(t.Members[0]) == 'B');
        Assert.Equal(6, update.Organs.Count);
        Assert.DoesNotContain("是", update.Example[..1]);
        Assert.Contains(update.Members, m => m.Sentence == update.Example);
        // Themes are sorted by organs, then passages: every theme here has six of each, so by first appearance.
        Assert.Equal('A', ThemeOf(themes[0].Members[0]));
    }

    [Fact]
    public void A_passage_with_several_enumerated_problems_is_cut_into_them()
    {
        var seed000 = "我乡政府信息公开工作虽然取得了一点成绩，但工作中还存在薄弱环节和不足之处：一是公开内容需要进一步深化。" +
                      "主动公开的政务信息与公众的需求还存在一些距离；二是公开形式的便民性需要进一步提高；三是宣传和引导工作需要进一步加强。";
        var sentences = ProblemThemes.Sentences(seed000).ToList();
        Assert.Equal(["公开内容需要进一步深化。", "主动公开的政务信息与公众的需求还存在一些距离。", "公开形式的便民性需要进一步提高。", "宣传和引导工作需要进一步加强。"], sentences);
    }

    [Fact]
    public void Organ_names_and_self_references_do_not_make_sentences_similar()
    {
        var a = ProblemThemes.Normalize("河曲县社梁乡信息公开更新不及时，社梁乡将整改。", "河曲县社梁乡人民政府");
        Assert.DoesNotContain("社梁", a);
        Assert.Equal(0, ProblemThemes.Similarity("我乡公开内容不够全面。", "我乡宣传不到位。"));
        Assert.True(ProblemThemes.Similarity("信息更新不及时。", "部分栏目更新滞后。") > 0.3);
    }

    [Fact]
    public void A_problem_no_other_organ_names_stays_on_its_own()
    {
        var extra = Sentences.Select((s, i) => new ThemeSource(s.Organ, "r" + i, s.Text))
            .Append(new ThemeSource("河曲县单寨乡人民政府", "x", "保密审查机制不健全，审查记录留存不规范。"));
        var themes = ProblemThemes.Group(extra);
        Assert.Equal(6, themes.Count);
        var alone = themes[^1];
        Assert.Equal("保密审查机制不健全，审查记录留存不规范。", alone.Example);
        Assert.Single(alone.Organs);
    }

    [Fact]
    public void Is_deterministic_and_handles_nothing()
    {
        Assert.Empty(ProblemThemes.Group([]));
        var once = Group().Select(t => t.Example).ToList();
        var twice = Group().Select(t => t.Example).ToList();
        Assert.Equal(once, twice);
    }
}
