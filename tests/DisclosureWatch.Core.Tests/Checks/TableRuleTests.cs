using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Tests.Checks;

public class TableRuleTests
{
    private static ReportBuilder Zero() => ReportBuilder.Township().AllSections().ZeroTables();

    [Fact]
    public void Shape_ThreeValuesOnAOneValueRow_IsAWarning()
    {
        var fail = Run.Rule("table.shape", Zero().T2("punishment 0 0 0"));
        Assert.Equal(Outcome.Fail, fail.Outcome);
        var f = Assert.Single(fail.Findings);
        Assert.Equal(Severity.Warning, f.Severity);
        Assert.Contains("行政处罚", f.Message);
        Assert.Contains("3个数值", f.Message);
        Assert.Equal(2, f.Section);

        Assert.Equal(Outcome.Pass, Run.Rule("table.shape", Zero()).Outcome);
        Assert.Equal(Outcome.NotAssessable, Run.Rule("table.shape", ReportBuilder.Township().AllSections()).Outcome);
    }

    [Fact]
    public void Shape_SixValuesOnASevenColumnRow()
    {
        var r = Run.Rule("table.shape", Zero().T3("granted 1 0 0 0 0 1"));
        Assert.Contains(r.Findings, f => f.Message.Contains("少于") && f.Message.Contains("予以公开"));
    }

    [Fact]
    public void Shape_OffTemplateLabel_ButNotAWrappedOrLongerOne()
    {
        var off = Run.Rule("table.shape", Zero().T2("normativeDocuments 0 0 0", "规范性文件")
            .T3("denied.prohibitedByLaw 0 0 0 0 0 0 0", "2.其他法律法规禁止公开"));
        Assert.Equal(2, off.Findings.Count);
        Assert.Contains(off.Findings, f => f.Evidence.Contains("“规范性文件”应为“行政规范性文件”"));

        var fine = Run.Rule("table.shape", Zero()
            .T3("notProcessed.confirmation 0 0 0 0 0 0 0", "5.要求行政机关确认或重新出")                   // cut by a PDF line wrap
            .T3("otherHandling.overdueCorrection 0 0 0 0 0 0 0", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
            .T3("partiallyGranted 0 0 0 0 0 0 0", "(二) 部分公开(区分处理的,只记这一情形,不计其他情形)")
            .T3("granted 0 0 0 0 0 0 0", "三、本年度办理结果 (一) 予以公开"));
        Assert.Equal(Outcome.Pass, fine.Outcome);
    }

    [Fact]
    public void Shape_ParserNotes_BecomeFindings_OnceEach()
    {
        var r = Run.Rule("table.shape", Zero()
            .Note("shape", "t3", "granted", "8 values where 7 expected", "（一）予以公开 1 0 0 0 0 0 0 1")
            .Note("ambiguous", "t4", null, "columns could not be aligned", "0 0 0")
            .Note("ambiguous", "t3", "newReceived", "columns could not be aligned", "一、本年新收 无")
            .Note("ambiguous", "t3", "carriedOver", "columns could not be aligned", "二、上年结转 无")
            .Note("missing-table", "t2", null, "no table"));
        Assert.Equal(3, r.Findings.Count);
        Assert.Contains(r.Findings, f => f.Severity == Severity.Info && f.Message.Contains("2行") && f.Message.Contains("“本年新收”、“上年结转”"));
        Assert.Contains(r.Findings, f => f.Severity == Severity.Warning && f.Message.Contains("予以公开"));
        Assert.Contains(r.Findings, f => f.Severity == Severity.Info && f.Section == 4);
    }

    [Fact]
    public void T2Value_NegativeFractionalAndBlank()
    {
        var r = Run.Rule("t2.value", Zero().T2("regulations 1 -1 0").T2("licensing 2.5").T2("coercion 无").T2("fees 12.35"));
        Assert.Contains(r.Findings, f => f.Severity == Severity.Error && f.Message.Contains("负数") && f.Message.Contains("规章"));
        Assert.Contains(r.Findings, f => f.Severity == Severity.Error && f.Message.Contains("整数") && f.Message.Contains("行政许可"));
        Assert.Contains(r.Findings, f => f.Severity == Severity.Warning && f.Evidence.Contains("行政强制=“无”"));
        Assert.DoesNotContain(r.Findings, f => f.Message.Contains("行政事业性收费")); // 万元 may have decimals
        Assert.Equal(Outcome.Pass, Run.Rule("t2.value", Zero().T2("fees 96171.6")).Outcome);
    }

    [Fact]
    public void T3Identity_PerColumn()
    {
        var pass = HuaianReport.Builder();
        Assert.Equal(Outcome.Pass, Run.Rule("t3.identity", pass).Outcome);

        var fail = Run.Rule("t3.identity", HuaianReport.Builder().T3("carriedForward 100 0 0 0 0 0 100"));
        var f = Assert.Single(fail.Findings);
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Contains("“总计”列 3119＋34＝3153，而 3050＋100＝3150", f.Message);
        Assert.Contains("“自然人”列", f.Message);
        Assert.Contains("结转下年度/总计=100", f.Evidence);
    }

    [Fact]
    public void T3Identity_BlankOperands_AreNotAssessable()
    {
        var b = ReportBuilder.Township().AllSections().ZeroApplications();
        foreach (var k in new[] { "newReceived", "carriedOver", "totalProcessed", "carriedForward" }) b.T3($"{k} _ _ _ _ _ _ 无");
        Assert.Equal(Outcome.NotAssessable, Run.Rule("t3.identity", b).Outcome);
        Assert.Equal(Outcome.NotAssessable, Run.Rule("t3.identity", ReportBuilder.Township().AllSections()).Outcome);
    }

    [Fact]
    public void T3ResultsTotal_SumsSubRows_OrTakesTheGroupLine()
    {
        Assert.Equal(Outcome.Pass, Run.Rule("t3.results-total", HuaianReport.Builder()).Outcome);

        var wrong = Run.Rule("t3.results-total", HuaianReport.Builder().T3("denied.queryMatters 106 0 0 0 0 0 106"));
        var f = Assert.Single(wrong.Findings);
        Assert.Contains("“总计”列各项之和为3051，总计填3050", f.Message);

        // (六) given as one line under its group key, no sub-rows
        var grouped = HuaianReport.Builder().RemoveT3Row("otherHandling.overdueCorrection").RemoveT3Row("otherHandling.overdueFee")
            .RemoveT3Row("otherHandling.other").T3("otherHandling 181 5 0 0 1 0 187");
        Assert.Equal(Outcome.Pass, Run.Rule("t3.results-total", grouped).Outcome);
        var groupedWrong = Run.Rule("t3.results-total", HuaianReport.Builder().RemoveT3Row("otherHandling.other").T3("otherHandling 181 5 0 0 1 0 180")
            .RemoveT3Row("otherHandling.overdueCorrection").RemoveT3Row("otherHandling.overdueFee"));
        Assert.Equal(Outcome.Fail, groupedWrong.Outcome);

        // a group line that disagrees with its own sub-rows
        var subtotal = Run.Rule("t3.results-total", HuaianReport.Builder().T3("unable 758 12 0 0 10 1 780"));
        Assert.Contains(subtotal.Findings, x => x.Message.Contains("分组合计") && x.Message.Contains("无法提供"));
    }

    [Fact]
    public void T3RowTotal_ApplicantColumnsAddUpToTotal()
    {
        Assert.Equal(Outcome.Pass, Run.Rule("t3.row-total", HuaianReport.Builder()).Outcome);
        var r = Run.Rule("t3.row-total", HuaianReport.Builder().T3("granted 1288 21 0 0 50 3 1363"));
        var f = Assert.Single(r.Findings);
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Contains("“予以公开”行 1288＋21＋0＋0＋50＋3＝1362，总计填1363", f.Message);
    }

    [Fact]
    public void T3RowTotal_ChecksTheOrganisationSubtotalOfTheEightColumnVariant()
    {
        string[] columns = ["naturalPerson", "commercial", "research", "social", "legal", "other", "total", Template.T3OrganizationsSubtotal];
        var ok = ReportBuilder.Township().AllSections().T3Columns(columns).T3("newReceived 3 1 0 0 1 0 5 2");
        Assert.Equal(Outcome.Pass, Run.Rule("t3.row-total", ok).Outcome);
        var bad = ReportBuilder.Township().AllSections().T3Columns(columns).T3("newReceived 3 1 0 0 1 0 5 3");
        Assert.Contains("小计填3", Assert.Single(Run.Rule("t3.row-total", bad).Findings).Message);
    }

    [Fact]
    public void Blank_CellsWrittenAsWuOrLeftEmpty()
    {
        var t3 = Run.Rule("t3.blank", Zero().T3("newReceived _ _ _ _ _ _ 无"));
        var f = Assert.Single(t3.Findings);
        Assert.Contains("7个单元格", f.Message);
        Assert.Contains("本年新收：6格空白、1格填“无”", f.Evidence);
        Assert.Equal(Outcome.Pass, Run.Rule("t3.blank", Zero()).Outcome);

        Assert.Equal(Outcome.Fail, Run.Rule("t4.blank", Zero().T4("review 0 0 0 0 /")).Outcome);
        Assert.Equal(Outcome.Pass, Run.Rule("t4.blank", Zero()).Outcome);
        Assert.Equal(Outcome.NotAssessable, Run.Rule("t4.blank", ReportBuilder.Township().AllSections()).Outcome);
    }

    [Fact]
    public void T4BlockTotal_PerBlock()
    {
        Assert.Equal(Outcome.Pass, Run.Rule("t4.block-total", HuaianReport.Builder()).Outcome);
        var r = Run.Rule("t4.block-total", HuaianReport.Builder().T4("litigationAfterReview 12 1 1 6 21"));
        var f = Assert.Single(r.Findings);
        Assert.Contains("行政诉讼（复议后起诉）", f.Message);
        Assert.Contains("＝20，与总计21不符", f.Message);
        Assert.Equal(Outcome.NotAssessable, Run.Rule("t4.block-total", Zero().T4("review _ _ _ _ 无").T4("litigationDirect _ _ _ _ 无").T4("litigationAfterReview _ _ _ _ 无")).Outcome);
    }
}

public class TableShapeLayoutTests
{
    [Fact]
    public void WrappedPdfLabelPieces_AreNotOffTemplate()
    {
        var b = ReportBuilder.Township().AllSections().ZeroTables()
            .T3("otherHandling.overdueCorrection 0 0 0 0 0 0 0", "正、行政机关不再处理其政府信")
            .T3("otherHandling.overdueFee 0 0 0 0 0 0 0", "求缴纳费用、行政机关不再处理");
        Assert.Equal(Outcome.Pass, Run.Rule("table.shape", b).Outcome);
    }

    [Fact]
    public void TableFour_OneDataLineForThreeBlocks_IsOneFinding()
    {
        var cells = Enumerable.Repeat((TableCell?)TableCell.Parse("0"), 5).ToArray();
        var t4 = new StatTable("t4", Template.T4Columns, Template.T4Blocks.Select(k => new TableRow(k, Template.Label(k), cells, 16, 40)).ToArray());
        var report = new AnnualReport
        {
            ReviewLitigation = t4,
            Notes = [new ParseNote("shape", "t4", null, "表四一行给出 16 个数值，模板为 15 栏", "0 0 0")],
        };
        var f = Assert.Single(Run.Rule("table.shape", new ReviewInput(report, [])).Findings);
        Assert.Contains("16个数值，多于模板规定的15个", f.Message);

        // Seed 003: the line's 16 cells are all blank or 无 — nothing to count (t4.blank reports the blanks).
        var blanks = Enumerable.Repeat((TableCell?)TableCell.Parse("无"), 5).ToArray();
        var empty = new StatTable("t4", Template.T4Columns, Template.T4Blocks.Select(k => new TableRow(k, Template.Label(k), blanks, 16, 40)).ToArray());
        Assert.Empty(Run.Rule("table.shape", new ReviewInput(new AnnualReport { ReviewLitigation = empty, Notes = report.Notes }, [])).Findings);

        var fine = new StatTable("t4", Template.T4Columns, Template.T4Blocks.Select(k => new TableRow(k, Template.Label(k), cells, 5, 40)).ToArray());
        Assert.Equal(Outcome.Pass, Run.Rule("table.shape", new ReviewInput(new AnnualReport { ReviewLitigation = fine }, [])).Outcome);
    }
}

public class TableShapePdfLabelTests
{
    [Theory]
    [InlineData("otherHandling.overdueCorrection", "(六)其他处理")]
    [InlineData("unable.notHeld", "(四)无法提供")]
    [InlineData("partiallyGranted", "的，只计这一情形，不计")]
    public void PdfLabelPieces_AreOnTemplate(string key, string label)
    {
        var b = ReportBuilder.Township().AllSections().ZeroTables().T3($"{key} 0 0 0 0 0 0 0", label);
        Assert.Equal(Outcome.Pass, Run.Rule("table.shape", b).Outcome);
    }
}

public class TableMissingTests
{
    [Fact]
    public void SectionWithProseOnly_HasNoTable()
    {
        var b = ReportBuilder.Township().Section(4, "本年度未发生政府信息公开行政复议、行政诉讼。").AllSections().ZeroActiveDisclosure().ZeroApplications();
        var f = Assert.Single(Run.Rule("table.missing", b).Findings);
        Assert.Equal(4, f.Section);
        Assert.Equal(Outcome.Pass, Run.Rule("table.missing", ReportBuilder.Township().AllSections().ZeroTables()).Outcome);
    }

    [Fact]
    public void AnUnreadableTable_IsNotAMissingOne()
    {
        var b = ReportBuilder.Township().Section(4, "行政复议\t行政诉讼\n0\t0\t0\t0\t0\t0\t0\t0").AllSections().ZeroActiveDisclosure().ZeroApplications();
        Assert.Equal(Outcome.Pass, Run.Rule("table.missing", b).Outcome);
    }
}
