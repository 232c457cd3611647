using DisclosureWatch.Core.Narrative;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Tests.Narrative;

public class PassageSegmenterTests
{
    private static IReadOnlyList<Passage> Segment(int section, string text) =>
        PassageSegmenter.Segment(new AnnualReport { Sections = [new Section(section, "", null, "", text, 0)] });

    [Fact]
    public void Headings_become_context_and_enumerated_items_become_passages()
    {
        var text = "（一）存在的问题\n一是公开内容不够全面；二是解读形式单一。\n（二）改进措施\n1、强化组织保障。乡党委要将政务公开列入重要议事日程。\n2、抓好教育培训。定期组织业务培训。";
        var p = Segment(5, text);
        Assert.Equal(["一是公开内容不够全面；", "二是解读形式单一。", "1、强化组织保障。乡党委要将政务公开列入重要议事日程。", "2、抓好教育培训。定期组织业务培训。"],
            p.Select(x => x.Text));
        Assert.Equal(["存在的问题", "存在的问题", "改进措施", "改进措施"], p.Select(x => x.Context));
        Assert.Equal([0, 1, 2, 3], p.Select(x => x.Position));
        Assert.All(p, x => Assert.Equal(5, x.Section));
    }

    [Fact]
    public void Inline_heading_before_the_first_stop_is_context_and_the_rest_are_passages()
    {
        var p = Segment(1, "（一）主动公开情况。严格按照条例规定发布信息。全年主动公开信息 100 条。");
        Assert.Equal(["严格按照条例规定发布信息。", "全年主动公开信息 100 条。"], p.Select(x => x.Text));
        Assert.All(p, x => Assert.Equal("主动公开情况", x.Context));
    }

    [Fact]
    public void Spaces_between_cjk_characters_are_collapsed_not_replaced_by_a_placeholder()
    {
        // pdftotext -layout spaces CJK text out; the replacement once wrote a literal "$2" in place of the gap.
        Assert.Equal(["外交部门加强公开工作。"], PassageSegmenter.SegmentText(1, "外交 部门加强公开工作。").Select(x => x.Text));
        Assert.Equal(["全年受理申请，办结率达到百分之百。"], PassageSegmenter.SegmentText(1, "全年受理申请，　  办结率达到百分之百。").Select(x => x.Text));
        Assert.Equal(["全年主动公开信息 100 条。"], PassageSegmenter.SegmentText(1, "全年主动公开信息 100 条。").Select(x => x.Text));
    }

    [Fact]
    public void Table_rows_and_table_headers_are_skipped()
    {
        var p = Segment(2, "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n本机关主动公开情况见上表。");
        Assert.Equal(["本机关主动公开情况见上表。"], p.Select(x => x.Text));
    }

    [Fact]
    public void Wrapped_pdf_lines_are_joined_and_page_numbers_dropped()
    {
        var p = Segment(5, "对照上级新要求和公众新期待，还有一些需要加强和改进的\n                      -5-\n地方。主要表现在：一是政策解读质量仍需提\n升；二是队伍建设还需加强。");
        Assert.Equal(["对照上级新要求和公众新期待，还有一些需要加强和改进的地方。", "主要表现在：", "一是政策解读质量仍需提升；", "二是队伍建设还需加强。"],
            p.Select(x => x.Text));
        // The lead-in "主要表现在：" frames the items after it.
        Assert.Equal([null, null, "存在的问题", "存在的问题"], p.Select(x => x.Context));
    }

    [Fact]
    public void A_next_step_lead_in_frames_the_following_items_until_a_new_heading()
    {
        var p = Segment(5, "下一步，我乡将继续抓好政府信息公开工作。一是提高信息质量。\n二是开展定期自查。\n（三）其他\n本年度无其他事项。");
        Assert.Equal([null, "下一步", "下一步", "其他"], p.Select(x => x.Context));
    }

    [Fact]
    public void Markdown_emphasis_and_headings_are_not_passages()
    {
        var p = Segment(5, "## 改进情况\n**一是**进一步提高政务公开信息的质量和水平；**二是**积极开展自查。");
        Assert.Equal(["一是进一步提高政务公开信息的质量和水平；", "二是积极开展自查。"], p.Select(x => x.Text));
        Assert.All(p, x => Assert.Equal("改进情况", x.Context));
    }

    [Fact]
    public void The_preamble_is_section_0_without_the_title_as_context()
    {
        var report = new AnnualReport
        {
            Preamble = "某县人民政府\n2024年政府信息公开工作年度报告\n本报告根据《条例》编制。统计期限自2024年1月1日至12月31日。",
            Sections = [new Section(6, "六、其他需要报告的事项", "六、", "其他需要报告的事项", "无其他需要报告的事项。", 9)],
        };
        var p = PassageSegmenter.Segment(report);
        Assert.Equal([(0, "本报告根据《条例》编制。", (string?)null), (0, "统计期限自2024年1月1日至12月31日。", null), (6, "无其他需要报告的事项。", null)],
            p.Select(x => (x.Section, x.Text, x.Context)));
    }

    [Fact]
    public void A_paragraph_wrapped_over_many_lines_is_one_passage()
    {
        var line = "政府信息公开工作持续推进相关制度不断完善各项要求全面落实到位";
        var p = Segment(1, string.Join("\n", Enumerable.Repeat(line, 80)) + "\n成效明显。");
        Assert.Equal([string.Concat(Enumerable.Repeat(line, 80)) + "成效明显。"], p.Select(x => x.Text));
    }

    [Fact]
    public void Short_item_titles_stay_with_the_sentences_after_them()
    {
        var p = Segment(5, "1、强化。保障。落实各项工作要求。\n2、抓好培训。定期组织业务培训。");
        Assert.Equal(["1、强化。保障。落实各项工作要求。", "2、抓好培训。定期组织业务培训。"], p.Select(x => x.Text));
    }

    [Fact]
    public void Inner_full_width_spaces_become_spaces_and_a_sentence_in_one_tab_cell_is_kept()
    {
        var p = Segment(1, "全年主动公开信息2024　条。\n\t本年度无行政复议案件。\t\n规章\t0\t0");
        Assert.Equal(["全年主动公开信息2024 条。", "本年度无行政复议案件。"], p.Select(x => x.Text));
    }
}
