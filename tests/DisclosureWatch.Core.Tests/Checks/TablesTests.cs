using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Tests.Checks;

public class TablesTests
{
    private static StatTable Table() => new("t3", ["naturalPerson", "total"],
    [
        new TableRow("newReceived", "本年新收", [TableCell.Parse("3119"), TableCell.Parse("2.5")], 2, 0),
        new TableRow("carriedOver", "上年结转", [TableCell.Parse(""), TableCell.Parse("无")], 2, 1),
        new TableRow("carriedForward", "结转下年度", [TableCell.Parse("-4")], 1, 2),
    ]);

    [Fact]
    public void Cells_WritesEachCellAsCellDoes()
    {
        var t = Table();
        (string, int)[] cells = [("newReceived", 0), ("newReceived", 1), ("carriedOver", 0), ("carriedOver", 1), ("carriedForward", 0), ("carriedForward", 1), ("granted", 0), ("newReceived", 5)];

        var text = Tables.Cells(t, cells);

        Assert.Equal("第三部分表格：" + string.Join("，", cells.Select(c => Tables.Cell(t, c.Item1, c.Item2))), text);
        Assert.Equal("第三部分表格：本年新收/自然人=3119，本年新收/总计=2.5，上年结转/自然人=空白，上年结转/总计=“无”，" +
            "结转下年度/自然人=-4，结转下年度/总计=?，予以公开/自然人=?，本年新收/第6列=?", text);
    }

    [Fact]
    public void Cells_OfNoCells_IsTheTableName() => Assert.Equal("第三部分表格：", Tables.Cells(Table(), []));
}
