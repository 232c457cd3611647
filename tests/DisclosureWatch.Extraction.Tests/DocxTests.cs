using System.IO.Compression;
using System.Text;
using DisclosureWatch.Core.Documents;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace DisclosureWatch.Extraction.Tests;

public class DocxTests
{
    private static string[][] Rows(ExtractedDocument document) =>
        document.Lines.Where(l => l.IsTableRow).Select(l => l.Cells!.ToArray()).ToArray();

    private static string[] Texts(ExtractedDocument document) => document.Lines.Select(l => l.Text).ToArray();

    /// <summary>A Word document written with the Open XML SDK: the body given, everything else Word needs.</summary>
    private static byte[] Docx(params OpenXmlElement[] body)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(body));
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static Paragraph P(params OpenXmlElement[] runContent) => new(new Run(runContent));
    private static Paragraph P(string text) => P(new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    private static TableCell Cell(string text, int gridSpan = 1, MergedCellValues? vMerge = null, bool continueWithoutVal = false)
    {
        var properties = new TableCellProperties();
        if (gridSpan > 1) properties.Append(new GridSpan { Val = gridSpan });
        if (vMerge is { } v) properties.Append(new VerticalMerge { Val = v });
        if (continueWithoutVal) properties.Append(new VerticalMerge()); // <w:vMerge/> means continue
        return new TableCell(properties, P(text));
    }

    private static Table Table(int columns, params TableRow[] rows)
    {
        var grid = new TableGrid(Enumerable.Range(0, columns).Select(_ => new GridColumn { Width = "1000" }));
        return new Table([new TableProperties(), grid, .. rows]);
    }

    [Fact]
    public void Paragraphs_and_tables_come_in_body_order_with_merged_cells_on_the_grid()
    {
        var bytes = Docx(
            P("四、政府信息公开行政复议、行政诉讼情况"),
            Table(4,
                new TableRow(Cell("行政复议", gridSpan: 2), Cell("行政诉讼", vMerge: MergedCellValues.Restart), Cell("总计")),
                new TableRow(Cell("结果维持"), Cell("结果纠正"), Cell("不该出现", vMerge: MergedCellValues.Continue), Cell("")),
                new TableRow(Cell("1"), Cell("2"), Cell("", continueWithoutVal: true), Cell("3"))),
            P("五、存在的主要问题及改进情况"));

        var document = DocumentReader.Read(bytes, "report.docx");

        Assert.Equal("docx", document.Format);
        Assert.Equal(
        [
            "四、政府信息公开行政复议、行政诉讼情况",
            "行政复议\t\t行政诉讼\t总计",
            "结果维持\t结果纠正\t\t",
            "1\t2\t\t3",
            "五、存在的主要问题及改进情况",
        ], Texts(document));
        Assert.Equal(["行政复议", "", "行政诉讼", "总计"], document.Lines[1].Cells);
    }

    [Fact]
    public void GridBefore_and_a_row_shorter_than_the_grid_leave_empty_positions()
    {
        var shifted = new TableRow(new TableRowProperties(new GridBefore { Val = 1 }), Cell("0"), Cell("0"));
        var bytes = Docx(Table(4, new TableRow(Cell("规章"), Cell("0"), Cell("0"), Cell("0")), shifted, new TableRow(Cell("行政许可"), Cell("5"))));

        Assert.Equal([["规章", "0", "0", "0"], ["", "0", "0", ""], ["行政许可", "5", "", ""]], Rows(DocumentReader.Read(bytes, "t.docx")));
    }

    [Fact]
    public void Cell_paragraphs_join_with_spaces_and_body_line_breaks_split_lines()
    {
        var cell = new TableCell(P("（二）部分公开"), P(new Text("（区分处理的，"), new Break(), new Text("只计这一情形）")));
        var bytes = Docx(
            P(new Text("灵丘县下关乡2022年度政府信息"), new Break(), new Text("公开工作报告")),
            P(new Text("规章"), new TabChar(), new Text("0")),
            Table(2, new TableRow(cell, Cell("0"))));

        var document = DocumentReader.Read(bytes, "report.docx");

        Assert.Equal(["灵丘县下关乡2022年度政府信息", "公开工作报告", "规章\t0"], Texts(document).Take(3));
        Assert.Equal([["（二）部分公开 （区分处理的， 只计这一情形）", "0"]], Rows(document));
    }

    [Fact]
    public void A_box_around_narrative_and_a_table_of_tables_are_read_as_content()
    {
        var narrative = string.Concat(Enumerable.Repeat("政府信息公开工作仍存在一些不足，", 25));
        var box = Table(2, new TableRow(new TableCell(P("五、存在的主要问题及改进情况"), P(narrative)), Cell("备注")));
        var inner = Table(4, new TableRow(Cell("规章"), Cell("0"), Cell("1"), Cell("2")));
        var frame = Table(1, new TableRow(new TableCell(P("二、主动公开政府信息情况"), inner, P("说明"))), new TableRow(Cell("落款")));

        var document = DocumentReader.Read(Docx(box, frame), "framed.docx");

        Assert.Equal(["五、存在的主要问题及改进情况", narrative, "备注", "二、主动公开政府信息情况", "规章\t0\t1\t2", "说明", "落款"], Texts(document));
        Assert.Equal([["规章", "0", "1", "2"]], Rows(document));
    }

    [Fact]
    public void Body_level_content_controls_are_read_through()
    {
        var sdt = new SdtBlock(new SdtContentBlock(P("一、总体情况"), Table(2, new TableRow(Cell("行政许可"), Cell("7")))));

        var document = DocumentReader.Read(Docx(P("标题"), sdt, P("二、主动公开政府信息情况")), "sdt.docx");

        Assert.Equal(["标题", "一、总体情况", "行政许可\t7", "二、主动公开政府信息情况"], Texts(document));
    }

    [Fact]
    public void Deleted_text_and_field_codes_are_not_text()
    {
        var paragraph = new Paragraph(
            new Run(new Text("本年新收申请")),
            new DeletedRun(new Run(new DeletedText("12"))),
            new InsertedRun(new Run(new Text("3119"))),
            new Run(new FieldCode(" PAGE ")),
            new Run(new Text("件")));

        Assert.Equal(["本年新收申请3119件"], Texts(DocumentReader.Read(Docx(paragraph), "r.docx")));
    }

    [Fact]
    public void The_national_template_yields_its_three_tables_as_cell_rows()
    {
        var document = DocumentReader.Read(Path.Combine(RepoPaths.RealReports, "national-template-2021.docx"));
        var rows = Rows(document);

        Assert.Contains("一、总体情况", Texts(document));
        Assert.Contains("六、其他需要报告的事项", Texts(document));

        // Table 2: four columns; every row has them all.
        Assert.Contains(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], rows);
        Assert.Contains(["规章", "", "", ""], rows);
        Assert.Contains(["行政事业性收费", "", "", ""], rows);

        // Table 3: the result groups are vertically merged, so their continuation rows start with "".
        var denied = rows.Single(r => r.Contains("1.属于国家秘密"));
        var secondDenied = rows.Single(r => r.Contains("2.其他法律行政法规禁止公开"));
        Assert.Equal("（三）不予公开", denied[1]);
        Assert.Equal("", secondDenied[1]);
        Assert.Equal(denied.Length, secondDenied.Length);
        Assert.Contains(rows, r => r.Contains("四、结转下年度继续办理"));

        // Table 4: 15 value columns under the three header rows.
        Assert.Contains(rows, r => r.Length == 15 && r[0] == "行政复议" && r.Contains("行政诉讼"));
        Assert.Contains(rows, r => r.Length == 15 && r.Count(c => c.Replace(" ", "") == "结果维持") == 2);

        Assert.All(document.Lines.Where(l => l.IsTableRow), l => Assert.Equal(string.Join('\t', l.Cells!), l.Text));
    }

    [Fact]
    public void A_zip_bomb_document_xml_is_refused_before_it_is_inflated()
    {
        // 60 MB of XML whitespace inflating from ~60 KB: over the default 50 MB cap for word/document.xml.
        using var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
                types.Write("""<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>""");
            using var document = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            var spaces = new byte[1024 * 1024];
            spaces.AsSpan().Fill((byte)' ');
            for (var i = 0; i < 60; i++) document.Write(spaces);
        }
        var bytes = bomb.ToArray();
        Assert.True(bytes.Length < 1024 * 1024, $"the bomb should be small: {bytes.Length}");

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ExtractionException>(() => DocumentReader.Read(bytes, "bomb.docx"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Contains("word/document.xml is 60 MB uncompressed", e.Reason);
        Assert.True(allocated < 8 * 1024 * 1024, $"refusing the bomb allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Too_many_entries_or_too_many_inflated_bytes_are_refused()
    {
        byte[] Zip(int entries, int bytesEach)
        {
            using var stream = new MemoryStream();
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
                for (var i = 0; i < entries; i++)
                    using (var entry = zip.CreateEntry($"word/media/image{i}.bin").Open())
                        entry.Write(new byte[bytesEach]);
            return stream.ToArray();
        }

        var many = Assert.Throws<ExtractionException>(() => DocumentReader.Read(Zip(5_001, 1), "many.docx"));
        Assert.Contains("5,001 entries", many.Reason);

        var options = new ExtractionOptions { MaxZipUncompressedBytes = 1024 * 1024 };
        var big = Assert.Throws<ExtractionException>(() => DocumentReader.Read(Zip(3, 512 * 1024), "big.docx", options));
        Assert.Contains("inflates to more than 1 MB", big.Reason);
    }

    [Fact]
    public void Hostile_nesting_is_refused_before_the_sdk_loads_it()
    {
        const string w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
        var nested = string.Concat(Enumerable.Repeat("<w:tbl><w:tr><w:tc>", 100_000));
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        using (var document = new StreamWriter(zip.CreateEntry("word/document.xml").Open()))
            document.Write($"<w:document xmlns:w=\"{w}\"><w:body>{nested}");

        var e = Assert.Throws<ExtractionException>(() => DocumentReader.Read(stream.ToArray(), "deep.docx"));
        Assert.Equal("word/document.xml is nested more than 256 elements deep", e.Reason);
    }

    [Fact]
    public void Files_that_are_not_docx_say_what_they_are()
    {
        var junk = new byte[4096];
        new Random(5).NextBytes(junk);
        Assert.Contains("not a zip archive", Assert.Throws<ExtractionException>(() => DocumentReader.Read(junk, "junk.docx")).Reason);

        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]];
        Assert.Contains("legacy Word .doc or a password-protected document",
            Assert.Throws<ExtractionException>(() => DocumentReader.Read(ole, "renamed.docx")).Reason);

        byte[] truncated = Docx(P("一、总体情况"))[..200];
        Assert.Throws<ExtractionException>(() => DocumentReader.Read(truncated, "truncated.docx"));
    }

    [Fact]
    public void A_zip_without_a_word_document_is_an_error()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = new StreamWriter(zip.CreateEntry("readme.txt").Open(), Encoding.UTF8))
            entry.Write("not a report");

        var e = Assert.Throws<ExtractionException>(() => DocumentReader.Read(stream.ToArray(), "archive.docx"));
        Assert.Contains("without Word content", e.Reason);
    }
}
