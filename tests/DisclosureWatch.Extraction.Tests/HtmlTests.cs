using System.Text;
using DisclosureWatch.Core.Documents;

namespace DisclosureWatch.Extraction.Tests;

public class HtmlTests
{
    static HtmlTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly Encoding Gbk = Encoding.GetEncoding("GBK");

    private static ExtractedDocument Html(string html, Encoding? encoding = null) =>
        DocumentReader.Read((encoding ?? Encoding.UTF8).GetBytes(html), "report.html");

    private static string[] Texts(ExtractedDocument document) => document.Lines.Select(l => l.Text).ToArray();

    private static string[][] Rows(ExtractedDocument document) =>
        document.Lines.Where(l => l.IsTableRow).Select(l => l.Cells!.ToArray()).ToArray();

    [Fact]
    public void Blocks_and_br_make_lines_and_script_style_are_dropped()
    {
        var document = Html("""
            <html><head><title>标题不算正文</title><style>p { color: red }</style></head>
            <body><script>var x = "脚本";</script>
            <h1>淮安市人民政府</h1><div>一、总体情况</div>
            <p>第一行<br>第二行<br/>  第三行</p><ul><li>甲</li><li>乙 <b>加粗</b> 丙</li></ul>
            <noscript>不显示</noscript></body></html>
            """);

        Assert.Equal("html", document.Format);
        Assert.Equal(["淮安市人民政府", "一、总体情况", "第一行", "第二行", "第三行", "甲", "乙 加粗 丙"], Texts(document));
    }

    [Fact]
    public void A_source_line_break_between_chinese_characters_is_no_space_but_between_words_it_is()
    {
        var document = Html("<p>政府信息\n公开工作\n2024 年\nannual\nreport</p>");

        Assert.Equal(["政府信息公开工作 2024 年 annual report"], Texts(document));
    }

    [Fact]
    public void Rowspan_and_colspan_expand_to_a_rectangular_grid()
    {
        var document = Html("""
            <p>四、政府信息公开行政复议、行政诉讼情况</p>
            <table>
              <tr><td colspan="2">行政复议</td><td rowspan="2">总计</td></tr>
              <tr><td>结果维持</td><td>结果纠正</td></tr>
              <tr><td>1</td><td>2</td><td>3</td></tr>
              <tr><td rowspan="2">合计</td><td colspan="2">4</td></tr>
              <tr><td>5</td></tr>
            </table>
            <p>五、存在的主要问题及改进情况</p>
            """);

        Assert.Equal(
        [
            ["行政复议", "", "总计"],
            ["结果维持", "结果纠正", ""],
            ["1", "2", "3"],
            ["合计", "4", ""],
            ["", "5", ""],
        ], Rows(document));
        var row = document.Lines.First(l => l.IsTableRow);
        Assert.Equal("行政复议\t\t总计", row.Text);
        Assert.Equal("四、政府信息公开行政复议、行政诉讼情况", document.Lines[0].Text);
        Assert.Equal("五、存在的主要问题及改进情况", document.Lines[^1].Text);
    }

    [Fact]
    public void Short_rows_are_padded_and_thead_tbody_rows_keep_their_order()
    {
        var document = Html("""
            <table><thead><tr><th>信息内容</th><th>本年制发件数</th><th>现行有效件数</th></tr></thead>
            <tbody><tr><td>规章</td><td>0</td></tr><tr><td>行政规范性文件</td><td> 1 </td><td><p>2</p></td></tr></tbody></table>
            """);

        Assert.Equal(
        [
            ["信息内容", "本年制发件数", "现行有效件数"],
            ["规章", "0", ""],
            ["行政规范性文件", "1", "2"],
        ], Rows(document));
    }

    [Fact]
    public void A_cell_with_several_paragraphs_is_one_cell_joined_by_spaces()
    {
        var document = Html("<table><tr><td><p>（二）部分公开</p><p>（区分处理的）</p></td><td>0</td></tr></table>");

        Assert.Equal([["（二）部分公开 （区分处理的）", "0"]], Rows(document));
    }

    [Fact]
    public void A_layout_table_around_the_report_is_read_as_content_and_its_inner_table_as_rows()
    {
        var document = Html("""
            <table width="100%"><tr><td>
              <h2>某县2024年政府信息公开工作年度报告</h2>
              <p>一、总体情况</p>
              <table><tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr></table>
            </td><td>右栏链接</td></tr></table>
            """);

        Assert.Equal(["某县2024年政府信息公开工作年度报告", "一、总体情况", "规章\t0\t0\t0", "右栏链接"], Texts(document));
        Assert.Equal([["规章", "0", "0", "0"]], Rows(document));
    }

    [Fact]
    public void A_layout_table_framing_narrative_without_inner_tables_is_read_as_content()
    {
        var narrative = string.Concat(Enumerable.Repeat("我乡坚持以公开为常态、不公开为例外，", 20));
        var document = Html($"""
            <table><tr><td><h3>五、存在的主要问题及改进情况</h3><p>{narrative}</p><p>下一步改进措施</p></td><td>导航</td></tr></table>
            """);

        Assert.Equal(["五、存在的主要问题及改进情况", narrative, "下一步改进措施", "导航"], Texts(document));
        Assert.Empty(Rows(document));
    }

    [Fact]
    public void Gbk_bytes_declared_by_meta_charset_decode()
    {
        var html = "<html><head><meta charset=\"gbk\"></head><body><p>政府信息公开工作年度报告</p></body></html>";

        Assert.Equal(["政府信息公开工作年度报告"], Texts(Html(html, Gbk)));
    }

    [Fact]
    public void Gbk_bytes_declared_by_http_equiv_content_type_decode()
    {
        var html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>" +
                   "<body><p>收到和处理政府信息公开申请情况</p></body></html>";

        Assert.Equal(["收到和处理政府信息公开申请情况"], Texts(Html(html, Gbk)));
    }

    [Fact]
    public void Gbk_bytes_without_any_declaration_fall_back_to_gb18030()
    {
        Assert.Equal(["主动公开政府信息情况"], Texts(Html("<p>主动公开政府信息情况</p>", Gbk)));
    }

    [Fact]
    public void A_false_utf8_declaration_loses_to_gbk_bytes_and_a_false_gbk_declaration_to_utf8_bytes()
    {
        Assert.Equal(["行政复议"], Texts(Html("<meta charset=\"utf-8\"><p>行政复议</p>", Gbk)));
        Assert.Equal(["行政诉讼"], Texts(Html("<meta charset=\"gbk\"><p>行政诉讼</p>", Encoding.UTF8)));
    }

    [Fact]
    public void A_utf16_bom_wins()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("<meta charset=\"gbk\"><p>总体情况</p>")).ToArray();

        Assert.Equal(["总体情况"], Texts(DocumentReader.Read(bytes, "report.htm")));
    }

    [Fact]
    public void The_committed_gbk_fixtures_read_exactly_like_the_utf8_ones()
    {
        foreach (var seed in RepoPaths.SeedNames())
        {
            var utf8 = DocumentReader.Read(RepoPaths.Fixture($"{seed}.utf8.html"));
            var gbk = DocumentReader.Read(RepoPaths.Fixture($"{seed}.gbk.html"));

            Assert.Equal(Texts(utf8), Texts(gbk));
            Assert.Equal(Rows(utf8), Rows(gbk));
            Assert.Contains("一、总体情况", Texts(gbk));
        }
    }

    [Fact]
    public void A_table_expanding_past_the_cell_limit_is_an_error()
    {
        var html = new StringBuilder("<table><tr><td colspan=\"1000\">x</td></tr>");
        for (var i = 0; i < 2000; i++) html.Append("<tr><td>1</td></tr>");
        html.Append("</table>");

        var e = Assert.Throws<ExtractionException>(() => Html(html.ToString()));
        Assert.Contains("more than 1,000,000 cells", e.Reason);
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        var html = string.Concat(Enumerable.Repeat("<b>", 2_000)) + "深";

        var e = Assert.Throws<ExtractionException>(() => Html(html));
        Assert.Equal("HTML nested more than 512 elements deep", e.Reason);
    }

    [Fact]
    public void Markup_that_would_take_minutes_to_parse_is_stopped_at_the_time_budget()
    {
        var html = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<div>", 200_000)) + "深");
        var options = new ExtractionOptions { HtmlParseTimeout = TimeSpan.FromSeconds(1) };

        var e = Assert.Throws<ExtractionException>(() => DocumentReader.Read(html, "nested.html", options));
        Assert.Equal("HTML parsing took longer than 1 s (hostile markup?)", e.Reason);
    }

    [Fact]
    public void Random_bytes_named_html_are_not_a_text_file()
    {
        var junk = new byte[16 * 1024];
        new Random(3).NextBytes(junk);

        var e = Assert.Throws<ExtractionException>(() => DocumentReader.Read(junk, "report.html"));
        Assert.StartsWith("not a text file", e.Reason);
    }

    /// <summary>
    /// 三、本年度办理结果 spanning fewer rows than it heads while (一)/(二) span two columns: every row's values are
    /// still its own seven, none shifted a column (issue 19, class 7).
    /// </summary>
    [Fact]
    public void A_short_rowspan_beside_two_column_labels_shifts_no_value()
    {
        string Row(string label, int n, bool sub = false) =>
            $"<tr>{(sub ? "" : "")}<td{(sub ? "" : " colspan=2")}>{label}</td>{string.Concat(Enumerable.Range(0, 7).Select(c => $"<td>{(c == 6 ? n * 7 : n)}</td>"))}</tr>";
        var html = $"""
            <p>三、收到和处理政府信息公开申请情况</p>
            <table>
              <tr><td colspan=3 rowspan=3>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan=7>申请人情况</td></tr>
              <tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>
              <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
              <tr><td colspan=3>一、本年新收政府信息公开申请数量</td>{string.Concat(Enumerable.Repeat("<td>1</td>", 6))}<td>6</td></tr>
              <tr><td rowspan=3>三、本年度办理结果</td>{Row("（一）予以公开", 2)[4..]}
              {Row("（二）部分公开", 3)}
              <tr><td>（三）不予公开</td><td>1.属于国家秘密</td>{string.Concat(Enumerable.Repeat("<td>4</td>", 6))}<td>24</td></tr>
              {Row("（七）总计", 5)}
              <tr><td colspan=3>四、结转下年度继续办理</td>{string.Concat(Enumerable.Repeat("<td>0</td>", 7))}</tr>
            </table>
            """;
        var report = DisclosureWatch.Core.Parsing.ReportParser.Parse(Html(html));
        var t3 = report.Applications!;
        Assert.Equal([1m, 1m, 1m, 1m, 1m, 1m, 6m], t3.Row("newReceived")!.Cells.Select(c => c!.Value!.Value));
        Assert.Equal([2m, 2m, 2m, 2m, 2m, 2m, 14m], t3.Row("granted")!.Cells.Select(c => c!.Value!.Value));
        Assert.Equal([3m, 3m, 3m, 3m, 3m, 3m, 21m], t3.Row("partiallyGranted")!.Cells.Select(c => c!.Value!.Value));
        Assert.Equal([4m, 4m, 4m, 4m, 4m, 4m, 24m], t3.Row("denied.stateSecret")!.Cells.Select(c => c!.Value!.Value));
        Assert.Equal([5m, 5m, 5m, 5m, 5m, 5m, 35m], t3.Row("totalProcessed")!.Cells.Select(c => c!.Value!.Value));
    }
}
