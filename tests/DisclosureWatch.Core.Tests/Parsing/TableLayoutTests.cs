using DisclosureWatch.Core.Documents;
using DisclosureWatch.Core.Parsing;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Tests.Parsing;

/// <summary>Table layouts real reports use beyond the seeds, each written as a supervisor receives it.</summary>
public class TableLayoutTests
{
    private static AnnualReport Parse(string text) => ReportParser.Parse(ExtractedDocument.FromText("txt", text));

    private static string Report(string section3, string section4 = "行政复议 行政诉讼\n0 0 0 0 0 0 0 0 0 0 0 0 0 0 0") => $"""
        某某县某某镇人民政府2024年政府信息公开工作年度报告
        一、总体情况
        2024年，我镇认真落实条例。
        二、主动公开政府信息情况
        规章 0 0 0
        三、收到和处理政府信息公开申请情况
        {section3}
        四、政府信息公开行政复议、行政诉讼情况
        {section4}
        五、存在的主要问题及改进情况
        一是公开不够及时。
        六、其他需要报告的事项
        本年度未收取信息处理费。
        """;

    [Fact]
    public void A_garbled_label_is_placed_by_its_neighbours()
    {
        var t3 = Parse(Report("""
            （三）不予公开 3.危及“三安全一稳定” 1 0 0 0 0 0 1
            4.保护第三方法权益 2 0 0 0 0 0 2
            5.属于三类内部事务信息 3 0 0 0 0 0 3
            """)).Applications!;
        Assert.Equal(2m, t3.Value("denied.thirdPartyRights", 0));
        Assert.Equal(3m, t3.Value("denied.internalAffairs", 6));
    }

    [Fact]
    public void A_garbled_label_keeps_its_place_and_never_takes_the_next_rows_label()
    {
        // The 总计 line's numbers are not in the table (cut off or lost): "3.入他" must not take "（七）总计" as the
        // rest of its label and with it 总计's place.
        var t3 = Parse(Report("""
            （六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 1 0 0 0 0 0 1
            2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 2 0 0 0 0 0 2
            3.入他 3 0 0 0 0 0 3
            （七）总计
            """)).Applications!;
        Assert.Null(t3.Value("totalProcessed", 0));
        Assert.True(t3.Value("otherHandling.other", 0) is null or 3m);
    }

    [Fact]
    public void A_fragment_two_rows_share_is_placed_by_its_position_and_alone_is_not_guessed()
    {
        var both = Parse(Report("""
            （六）其他处理
            行政机关不再处理其政府信息公开申请 1 0 0 0 0 0 1
            行政机关不再处理其政府信息公开申请 2 0 0 0 0 0 2
            3.其他 3 0 0 0 0 0 3
            """)).Applications!;
        Assert.Equal(1m, both.Value("otherHandling.overdueCorrection", 0));
        Assert.Equal(2m, both.Value("otherHandling.overdueFee", 0));
        Assert.Equal(3m, both.Value("otherHandling.other", 0));

        var alone = Parse(Report("""
            （六）其他处理
            行政机关不再处理其政府信息公开申请 1 0 0 0 0 0 1
            3.其他 3 0 0 0 0 0 3
            """));
        Assert.Null(alone.Applications!.Row("otherHandling.overdueCorrection"));
        Assert.Null(alone.Applications.Row("otherHandling.overdueFee"));
        Assert.Contains(alone.Notes, n => n is { Kind: "ambiguous", Table: "t3" });
    }

    [Fact]
    public void Ocr_row_tables_with_generic_headers_are_read_by_their_own_labels()
    {
        var t3 = Parse(Report("""
            ### 4.保护第三方法权益

            | 项目 | 列1 | 列2 | 列3 | 列4 | 列5 | 列6 | 合计 |
            | --- | --- | --- | --- | --- | --- | --- | --- |
            | 4.保护第三方法权益 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |

            ### （七）总计

            | 项目 | 列1 | 列2 | 列3 | 列4 | 列5 | 列6 | 合计 |
            | --- | --- | --- | --- | --- | --- | --- | --- |
            | （七）总计 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |
            """)).Applications!;
        Assert.Equal(2m, t3.Value("denied.thirdPartyRights", 0));
        Assert.Equal(5m, t3.Value("totalProcessed", 6));
    }

    [Fact]
    public void Loose_label_lines_name_the_numbers_below_them()
    {
        var t3 = Parse(Report("""
            一、本年新收政府信息公开申请数量
            | 4 | 0 | 0 | 0 | 0 | 0 | 4 |
            二、上年结转政府信息公开申请数量
            | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
            （七）总计
            | 5 | 0 | 0 | 0 | 0 | 0 | 5 |
            """)).Applications!;
        Assert.Equal(4m, t3.Value("newReceived", 0));
        Assert.Equal(1m, t3.Value("carriedOver", 6));
        Assert.Equal(5m, t3.Value("totalProcessed", 0));
    }

    [Fact]
    public void A_cell_annotated_in_place_is_its_number_and_the_row_keeps_its_columns()
    {
        var report = ReportParser.Parse(ExtractedDocument.FromText("txt", """
            二、主动公开政府信息情况
            信息内容 本年制发件数 本年废止件数 现行有效件数
            规章 31（其中新制定12件） 2 40（含到期失效 9 件）
            行政规范性文件	5	0	40（含到期失效9件）
            """));
        var t2 = report.ActiveDisclosure!;
        Assert.Equal([31m, 2m, 40m], t2.Row("regulations")!.Cells.Select(c => c!.Value!.Value));
        Assert.Equal("31（其中新制定12件）", t2.Cell("regulations", 0)!.Raw);
        Assert.Equal([5m, 0m, 40m], t2.Row("normativeDocuments")!.Cells.Select(c => c!.Value!.Value));
    }

    [Fact]
    public void Group_given_as_one_line_goes_under_the_group_key()
    {
        var t3 = Parse(Report("""
            一、本年新收政府信息公开申请数量 2 0 0 0 0 0 2
            （六）其他处理 1 0 0 0 0 0 1
            （七）总计 2 0 0 0 0 0 2
            """)).Applications!;
        Assert.Equal(1m, t3.Value("otherHandling", 0));
        Assert.Null(t3.Row("otherHandling.other"));
        Assert.Equal(2m, t3.Value("totalProcessed", Template.T3Total));
    }

    [Fact]
    public void Eight_column_variant_keeps_the_template_columns_and_the_subtotal_apart()
    {
        var t3 = Parse(Report("""
            申请人情况
            自然人 法人或其他组织 总计
            商业企业 科研机构 社会公益组织 法律服务机构 其他 小计
            一、本年新收政府信息公开申请数量 5 1 0 0 2 0 3 8
            （七）总计 5 1 0 0 2 0 3 8
            """)).Applications!;
        Assert.Equal(Template.T3OrganizationsSubtotal, t3.Columns[^1]);
        Assert.Equal([5m, 1m, 0m, 0m, 2m, 0m, 8m, 3m], t3.Row("newReceived")!.Cells.Select(c => c!.Value!.Value));
    }

    [Fact]
    public void A_layout_row_with_a_missing_value_is_left_null_with_the_reason_never_shifted()
    {
        var report = Parse(Report("""
            一、本年新收政府信息公开申请数量 3 1 0 0 4
            二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
            """));
        var row = report.Applications!.Row("newReceived")!;
        Assert.All(row.Cells, c => Assert.Null(c));
        Assert.Equal(5, row.StatedCount);
        Assert.Contains(report.Notes, n => n is { Kind: "ambiguous", Table: "t3", Row: "newReceived" });
        Assert.Equal(0m, report.Applications.Value("carriedOver", 6));
    }

    [Fact]
    public void More_values_than_columns_are_read_only_when_every_alignment_agrees()
    {
        var agree = Parse(Report("二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t\t")).Applications!;
        Assert.Equal(Enumerable.Repeat<decimal?>(0m, 7), agree.Row("carriedOver")!.Cells.Select(c => c?.Value));

        var report = Parse(Report("二、上年结转政府信息公开申请数量\t1\t2\t0\t0\t0\t0\t0\t3"));
        Assert.All(report.Applications!.Row("carriedOver")!.Cells, c => Assert.Null(c));
        Assert.Contains(report.Notes, n => n.Kind == "ambiguous" && n.Row == "carriedOver");
    }

    [Fact]
    public void Placeholders_are_null_and_keep_their_raw_text()
    {
        var t3 = Parse(Report("一、本年新收政府信息公开申请数量 | / | - | 无 | — | 0 | 1 | 1 |")).Applications!;
        var raw = t3.Row("newReceived")!.Cells.Select(c => c!.Raw).ToArray();
        Assert.Equal(["/", "-", "无", "—", "0", "1", "1"], raw);
        Assert.Equal([null, null, null, null, 0m, 1m, 1m], t3.Row("newReceived")!.Cells.Select(c => c!.Value));
    }

    [Fact]
    public void Labels_wrapped_around_the_numbers_and_vertical_labels_are_read_as_pdftotext_lays_them_out()
    {
        var t3 = Parse(Report("""
                  （二）部分公开（区分处理的，只计这一情
                                            447         7        0        0        0    0   454
                  形，不计其他情形）
            三、
            本            2.其他法律行政法规禁止公开     30          1        0        0        0    0    31
                           5.要求行政机关确认或重新出
                                                    1         0        0         0        0         0    1
                           具已获取信息
                           1、申请人无正当理由逾期不补
                           正、行政机关不再处理其政府信           67        3        0         0        1         0    71
                           息公开申请
                 （六）其
                           2、申请人逾期未按收费通知要
                 他处理
                           求缴纳费用、行政机关不再处理           6         0        0         0        0         0    6
                                                      -4-
                           3、其他                  108          2        0         0        0         0    110
            """)).Applications!;
        Assert.Equal(454m, t3.Value("partiallyGranted", 6));
        Assert.Equal(31m, t3.Value("denied.prohibitedByLaw", 6));
        Assert.Equal(1m, t3.Value("notProcessed.confirmation", 0));
        Assert.Equal(71m, t3.Value("otherHandling.overdueCorrection", 6));
        Assert.Equal(6m, t3.Value("otherHandling.overdueFee", 6));
        Assert.Equal(110m, t3.Value("otherHandling.other", 6));
    }

    [Fact]
    public void Glued_zero_cells_are_split_and_a_group_label_beside_its_first_sub_row_is_that_sub_row()
    {
        var t3 = Parse(Report("""
            四、结转下年度继续办理                  0                       0   0     0 000
                                         1.申请人无正当理由逾期不补正、行政机关不再处
            (六)其他处理                                              0   0     0 0002
                                         理其政府信息公开申请
            """)).Applications!;
        Assert.Equal(Enumerable.Repeat<decimal?>(0m, 7), t3.Row("carriedForward")!.Cells.Select(c => c?.Value));
        Assert.Null(t3.Row("otherHandling"));
        Assert.All(t3.Row("otherHandling.overdueCorrection")!.Cells, c => Assert.Null(c)); // "0002" cannot be split: not read
    }

    [Fact]
    public void Table_4_wrapped_over_two_layout_lines_is_joined_only_when_it_makes_fifteen()
    {
        var t4 = Parse(Report("一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0", """
            行政复议 行政诉讼
            2   1    0    0    3    1    0    0    0    1
            0   0    1    0    1
            """)).ReviewLitigation!;
        Assert.Equal([2m, 1m, 0m, 0m, 3m], Enumerable.Range(0, 5).Select(c => t4.Value("review", c)!.Value));
        Assert.Equal(1m, t4.Value("litigationAfterReview", 4));

        var unread = Parse(Report("一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0", """
            行政复议 行政诉讼
            2   1    0    0    3    1    0    0    0    1
            0   0    1    0
            """)).ReviewLitigation;
        Assert.True(unread is null || unread.Rows.All(r => r.Cells.All(c => c is null)));
    }

    [Fact]
    public void Table_4_as_three_labelled_rows()
    {
        var t4 = Parse(Report("一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0", """
            项目 结果维持 结果纠正 其他结果 尚未审结 总计
            行政复议 1 0 0 0 1
            行政诉讼（未经复议直接起诉） 0 1 0 0 1
            行政诉讼（复议后起诉） 0 0 0 2 2
            """)).ReviewLitigation!;
        Assert.Equal(1m, t4.Value("review", 0));
        Assert.Equal(1m, t4.Value("litigationDirect", 4));
        Assert.Equal(2m, t4.Value("litigationAfterReview", 3));
    }

    [Fact]
    public void Cells_given_one_per_line_without_tabs()
    {
        var t2 = Parse("""
            某某局2023年政府信息公开工作年度报告
            二、主动公开政府信息情况
            第二十条第（一）项
            规章
            0
            0
            0
            行政规范性文件
            2
            1
            5
            """).ActiveDisclosure!;
        Assert.Equal([2m, 1m, 5m], Enumerable.Range(0, 3).Select(c => t2.Value("normativeDocuments", c)!.Value));
    }

    [Fact]
    public void Decimal_fees_and_thousands_separators()
    {
        var t2 = Parse(Report("一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0").Replace("规章 0 0 0", "行政许可 1,234\n行政事业性收费 96171.6")).ActiveDisclosure!;
        Assert.Equal(1234m, t2.Value("licensing", 0));
        Assert.Equal(96171.6m, t2.Value("fees", 0));
    }
}

public class LegacyFormTests
{
    [Fact]
    public void The_2019_table_2_columns_are_not_read_as_repealed_and_valid()
    {
        var report = ReportParser.Parse(ExtractedDocument.FromText("txt", """
            某某县2019年政府信息公开工作年度报告
            二、主动公开政府信息情况
            第二十条第（一）项
            信息内容	本年新制作数量	本年新公开数量	对外公开总数量
            规章	2	2	15
            规范性文件	3件	3件	40件
            """));
        var t2 = report.ActiveDisclosure!;
        Assert.Equal(2m, t2.Value("regulations", 0));
        Assert.Null(t2.Cell("regulations", 1));
        Assert.Null(t2.Cell("normativeDocuments", 2));
        Assert.Equal(3m, t2.Value("normativeDocuments", 0));
        Assert.Equal("3件", t2.Cell("normativeDocuments", 0)!.Raw);
        Assert.Contains(report.Notes, n => n is { Kind: "shape", Table: "t2" });
    }
}
