using System.Text;
using DisclosureWatch.Core;
using DisclosureWatch.Worker.Classification;
using DisclosureWatch.Worker.Csv;

namespace DisclosureWatch.Worker.Tests.Csv;

public sealed class CsvFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dw-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Header = ["source", "section", "context", "position", "text", "predicted", "confidence", "label"];

    /// <summary>The rows the fixtures below were written from (null: an empty cell).</summary>
    private static readonly string?[][] Rows =
    [
        ["甲乡.pdf", "5", "主要问题", "0", "一是公开不够及时, 二是\"解读\"形式单一", "problem", "0.5123", ""],
        ["乙镇.docx", "5", "", "1", "两行\r\n文本，含逗号,和引号\"", "measure", "0.4000", "improvement"],
        ["丙.txt", "6", "其他", "2", "=SUM(A1:A3)", "other", "0.3000", ""],
        ["丁.txt", "2", null, "3", "-1+2", "@x", "+y", ""],
        [" 前导空格", "", "", "", "末尾空格 ", "\t制表", "单行\n换行", ""],
    ];

    /// <summary>`dw labels export` before CsvHelper (Classification/Csv.cs, UncertainPassages.WriteCsv) wrote <see cref="Rows"/> as this.</summary>
    private const string PreviousLabelsFile =
        "\uFEFFsource,section,context,position,text,predicted,confidence,label\r\n甲乡.pdf,5,主要问题,0,\"一是公开不够及时, 二是\"\"解读\"\"形式单一\",problem,0.5123,\r\n乙镇.docx,5,,1,\"两行\r\n文本，含逗号,和引号\"\"\",measure,0.4000,improvement\r\n丙.txt,6,其他,2,=SUM(A1:A3),other,0.3000,\r\n丁.txt,2,,3,-1+2,@x,+y,\r\n 前导空格,,,,末尾空格 ,\t制表,\"单行\n换行\",\r\n";

    /// <summary>The digest's findings CSV before this change (Core/Digests/FindingsCsv.cs): formulas defused with a bare leading '.</summary>
    private const string PreviousFindingsFile =
        "\uFEFF报告编号,单位,报告年度,收到时间(+08:00),报送类型,严重程度,规则,问题,依据,章节\r\n7,河曲县文笔镇人民政府,2024,2025-01-14 08:55,重新报送,错误,t3.identity,\"表三：合计不一致, 见\"\"总计\"\"\",'=1+2,3\r\n7,河曲县文笔镇人民政府,2024,2025-01-14 08:55,重新报送,警告,t2.sum,'-5 ≠ 3,'@cmd,\r\n7,河曲县文笔镇人民政府,2024,2025-01-14 08:55,重新报送,提示,t4.x,\"两行\n说明\",'+8,4\r\n";

    private static string[] Cells(string?[] row) => row.Select(c => c ?? "").ToArray();

    private static string Written(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, bool defuse = false)
    {
        var w = new StringWriter();
        CsvFile.Write(w, header, rows, defuse);
        return w.ToString();
    }

    [Fact]
    public void Commas_quotes_line_breaks_chinese_formulas_spaces_and_empty_cells_read_back_as_written()
    {
        string?[][] rows = [.. Rows, ["回车\r单独", "", "", "", "", "", "", ""], ["", "", "", "", "", "", "", ""]];
        var path = Path.Combine(_dir, "round.csv");
        CsvFile.Write(path, Header, rows);

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.EndsWith("\r\n", Encoding.UTF8.GetString(bytes));
        var table = CsvFile.Read(path);
        Assert.Equal(Header, table.Header);
        Assert.Equal(rows.Select(Cells), table.Rows);
    }

    [Fact]
    public void Defused_formulas_read_back_with_a_leading_apostrophe_and_nothing_else_changes()
    {
        string?[][] rows = [["=SUM(A1)", "+1", "-1+2", "@x", "\t=y", "a=b", "", "区-县"]];
        var table = CsvFile.Parse(Written(Header, rows, defuse: true));
        Assert.Equal(["'=SUM(A1)", "'+1", "'-1+2", "'@x", "'\t=y", "a=b", "", "区-县"], table.Rows.Single());
        Assert.Equal(Header, table.Header); // a header is never defused (none starts with a formula character anyway)
    }

    [Fact]
    public void A_labels_file_written_by_the_previous_code_reads_back_and_is_written_byte_for_byte_the_same()
    {
        var table = CsvFile.Parse(PreviousLabelsFile);
        Assert.Equal(UncertainPassages.Header, table.Header);
        Assert.Equal(Rows.Select(Cells), table.Rows);
        Assert.Equal(PreviousLabelsFile, Written(UncertainPassages.Header, Rows));
    }

    [Fact]
    public void The_previous_findings_csv_reads_back_cell_for_cell_as_the_new_writer_writes_the_same_findings()
    {
        var previous = CsvFile.Parse(PreviousFindingsFile);
        var china = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        Assert.Equal(Vocabulary.FindingColumns(china), previous.Header);
        string?[][] findings =
        [
            ["7", "河曲县文笔镇人民政府", "2024", "2025-01-14 08:55", "重新报送", "错误", "t3.identity", "表三：合计不一致, 见\"总计\"", "=1+2", "3"],
            ["7", "河曲县文笔镇人民政府", "2024", "2025-01-14 08:55", "重新报送", "警告", "t2.sum", "-5 ≠ 3", "@cmd", null],
            ["7", "河曲县文笔镇人民政府", "2024", "2025-01-14 08:55", "重新报送", "提示", "t4.x", "两行\n说明", "+8", "4"],
        ];
        var now = CsvFile.Parse(Written(Vocabulary.FindingColumns(china), findings, defuse: true));
        Assert.Equal(previous.Header, now.Header);
        Assert.Equal(previous.Rows, now.Rows);
        Assert.Equal("'=1+2", now.Rows[0][8]);
    }

    [Fact]
    public void Hand_edited_files_are_read_as_excel_would_keep_them()
    {
        // LF line endings, a stray quote inside a field, text after a closing quote, an empty line (still a record, so
        // row numbers match the file's), a short record, and a quote never closed running to the end.
        var table = CsvFile.Parse("text,label\n他说\"是\"吧,problem\n\"引\"文,other\n\nshort\n\"未闭合,引号\n下一行");
        Assert.Equal(["text", "label"], table.Header);
        Assert.Equal(["他说\"是\"吧", "problem"], table.Rows[0]);
        Assert.Equal(["引文", "other"], table.Rows[1]);
        Assert.Equal("", string.Concat(table.Rows[2]));
        Assert.Equal(["short"], table.Rows[3]);
        Assert.Equal("未闭合,引号\n下一行", table.Rows[4][0]);
        Assert.Equal(-1, table.Column("section"));
        Assert.Equal(1, table.Column(" LABEL "));
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_refused_with_its_name_and_what_to_do()
    {
        var path = Path.Combine(_dir, "excel-gbk.csv");
        // "text,label" then 文本 in GBK, as Excel on a Chinese Windows saves "CSV (comma delimited)"
        File.WriteAllBytes(path, [.. "text,label\r\n"u8, 0xCE, 0xC4, 0xB1, 0xBE, .. ",problem\r\n"u8]);
        var e = Assert.Throws<FormatException>(() => CsvFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void An_empty_file_has_no_header()
    {
        var path = Path.Combine(_dir, "empty.csv");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF]);
        Assert.Empty(CsvFile.Read(path).Header);
    }
}
