using DisclosureWatch.Core.Checks;

namespace DisclosureWatch.Core.Tests.Checks;

public class TextRuleTests
{
    private static RuleResult Section1(string rule, string text) =>
        Run.Rule(rule, ReportBuilder.Township().Section(1, text).AllSections().ZeroTables());

    [Fact]
    public void Enumeration_RepeatedSkippedOrBackwards()
    {
        var repeated = Section1("text.enumeration", "一是强化体系建设。二是优化管理制度。二是坚持源头管理。");
        Assert.Contains("“二是”重复", Assert.Single(repeated.Findings).Message);
        Assert.Contains("跳号", Assert.Single(Section1("text.enumeration", "一是学习;三是宣传。").Findings).Message);
        Assert.Single(Section1("text.enumeration", "一是学习。二是宣传。三是培训。二是整改。").Findings);
    }

    [Fact]
    public void Enumeration_RestartsAcrossParagraphsAndItemsOnTheirOwnLines_AreFine()
    {
        var text = "主要表现为：**一是**时效性有待提高；**二是**监督机制有待健全。**三是**格式不统一。\n下一步，一是提高质量。二是开展自查。\n\n一是对条例学习不够深入。\n\n二是形式不够丰富。\n\n三是内容不够全面。\n标准统一是基础，唯一是要求。";
        Assert.Equal(Outcome.Pass, Section1("text.enumeration", text).Outcome);
    }

    [Fact]
    public void DuplicatedWord_FunctionWordsAndRepeatedPhrases()
    {
        var r = Section1("text.duplicated-word", "我乡的的工作。要进一步进一步加强公开，取得了了成效。");
        Assert.Equal(["的的", "进一步进一步", "了了"], r.Findings.Select(f => f.Message.Split('“')[1].Split('”')[0]));
    }

    [Fact]
    public void DuplicatedWord_Reduplication_IsFine()
    {
        var r = Section1("text.duplicated-word",
            "确保群众诉求件件有落实、事事有回应，人人参与，天天更新，常常自查，看看效果，方方面面，的的确确，地地道道，绝不不了了之，一件一件抓落实，等等。\n哈拉直沟乡人民政府\n政府信息公开工作年度报告");
        Assert.Equal(Outcome.Pass, r.Outcome);
    }

    [Fact]
    public void Punctuation_DoubledOrClashing()
    {
        var r = Section1("text.punctuation", "形成工作格局，，切实落实。公开信息。。加强审核，。完善制度；；");
        Assert.Equal(4, r.Findings.Count);
        Assert.Contains("“，，”", r.Findings[0].Message);
        Assert.Equal(Outcome.Pass, Section1("text.punctuation", "形成“主要领导亲自抓、分管领导具体抓”的格局……切实落实。").Outcome);
    }

    [Fact]
    public void Contradiction_AllConcludedButCarriedForward()
    {
        ReportBuilder b(string text) => ReportBuilder.Township().Section(1, text).AllSections().ZeroTables().T3("newReceived 5 0 0 0 0 0 5")
            .T3("granted 3 0 0 0 0 0 3").T3("totalProcessed 3 0 0 0 0 0 3").T3("carriedForward 2 0 0 0 0 0 2");
        var fail = Run.Rule("text.contradiction", b("本年度共收到政府信息公开申请5件，均已办结。"));
        var f = Assert.Single(fail.Findings);
        Assert.Contains("结转下年度继续办理”为2件", f.Message);

        Assert.Equal(Outcome.Pass, Run.Rule("text.contradiction", b("本年度收到申请5件，均在法定期限内予以答复。上年结转的申请已全部办结。")).Outcome);
        Assert.Equal(Outcome.Pass, Run.Rule("text.contradiction", ReportBuilder.Township().Section(1, "申请均已办结。").AllSections().ZeroTables()).Outcome);
    }
}

public class TextRuleVoiceTests
{
    [Fact]
    public void An_organ_ending_in_政府_before_政府信息_is_not_a_doubled_word()
    {
        var b = ReportBuilder.Township().Preamble("淮安市清江浦区人民政府政府信息公开工作年度报告").AllSections();
        Assert.Empty(Run.Rule("text.duplicated-word", b).Findings);
        Assert.Single(Run.Rule("text.duplicated-word", ReportBuilder.Township().AllSections().Section(1, "进一步规范政府政府信息公开工作。")).Findings);
    }

    [Fact]
    public void Concluding_the_rest_or_last_years_is_no_contradiction()
    {
        ReportBuilder B(string text) => ReportBuilder.Township().AllSections().ZeroTables().T3("carriedForward 1 0 0 0 0 0 1").Section(1, text);
        Assert.Equal(Outcome.Pass, Run.Rule("text.contradiction", B("收到申请5件，结转下年度继续办理1件，其余均已按期办结。")).Outcome);
        Assert.Equal(Outcome.Pass, Run.Rule("text.contradiction", B("上年结转的2件申请均已办结。")).Outcome);
        Assert.Equal(Outcome.Fail, Run.Rule("text.contradiction", B("本年度收到申请5件，均已办结。")).Outcome);
    }

    [Fact]
    public void A_year_in_numerals_is_not_a_placeholder()
    {
        Assert.Empty(Run.Rule("text.placeholder", ReportBuilder.Township().AllSections().Section(1, "自二〇〇八年五月一日《条例》施行以来。")).Findings);
        Assert.Single(Run.Rule("text.placeholder", ReportBuilder.Township().AllSections().Section(1, "〇〇乡认真落实条例。")).Findings);
    }
}
