using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Tests.Checks;

/// <summary>淮安市人民政府 2024 annual report (real-reports/huaian-city-2024.pdf), transcribed: pdftotext -layout lines, tables by hand.</summary>
internal static class HuaianReport
{
    public const string Section1 = """
          2024 年，我市坚持以习近平新时代中国特色社会主义思想为
       指导，认真学习宣传贯彻党的二十大和二十届二中、三中全会精
       神，按照党中央国务院、省委省政府决策部署和市委工作要求，
       严格落实《中华人民共和国政府信息公开条例》各项规定，圆满
       完成了各项任务。
          （一）主动公开情况。2024 年，市政府网站主动公开各类政
       府信息 5500 余条，全年新增公开市政府规章 1 件、市政府及市
       政府办政策性文件 11 件，通过文字、图片等形式制作政策解读
       21 个，制作《淮安市人民政府公报》6 期。
                                                 -1-
             （二）依申请公开情况。定期对政府信息公开申请集中的领
       域和热点问题进行研判，探索从源头上解决实际问题。着力强化
       与申请人的直接沟通，准确了解申请人诉求，提高答复的及时性
       和针对性。2024 年，全市共受理政府信息公开申请 3119 件，答
       复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度
       答复），均在法定期限内予以答复。政府信息公开行政复议 351
       件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚
       未审结 37 件；政府信息公开行政诉讼 46 件，其中结果维持 25
       件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。
             （四）政府信息公开平台建设情况。截至目前，全市在运维政务新媒体共计 95
       个，在省办 2024 年四个季度政务新媒体检查抽查中，合格率均
       为 100%。
       """;

    public const string Section5 = """
              对照上级新要求和公众新期待，还有一些需要加强和改进的
       地方。主要表现在：一是政策解读质量仍需提升，个别单位政策
       解读内容简单、形式单一；二是政务公开队伍建设还需进一步加
       强，个别单位存在人员配备不足、兼职多、流动性过快的问题。
             针对存在问题，下一步，我市将着力加强政策解读质效，重
       点提升解读的针对性和通俗化；建立健全“传帮带”机制，对
       新上岗人员开展“面对面、手把手”指导，定期组织业务培训。
       """;

    public const string Section6 = """
             2024 年，市政府严格落实《政府信息公开信息处理费管理
       办法》，全年收取政府信息公开信息处理费 3940 元。
       """;

    public static readonly string[] Applications =
    [
        "newReceived 3001 53 0 0 61 4 3119", "carriedOver 34 0 0 0 0 0 34",
        "granted 1288 21 0 0 50 3 1362", "partiallyGranted 447 7 0 0 0 0 454",
        "denied.stateSecret 2 0 0 0 0 0 2", "denied.prohibitedByLaw 30 1 0 0 0 0 31", "denied.threeSecurities 5 0 0 0 0 0 5",
        "denied.thirdPartyRights 6 0 0 0 0 0 6", "denied.internalAffairs 7 1 0 0 0 0 8", "denied.processInformation 12 0 0 0 0 0 12",
        "denied.enforcementFiles 9 0 0 0 0 0 9", "denied.queryMatters 105 0 0 0 0 0 105",
        "unable.notHeld 746 12 0 0 10 1 769", "unable.needsCreation 11 0 0 0 0 0 11", "unable.unclear 1 0 0 0 0 0 1",
        "notProcessed.complaint 56 6 0 0 0 0 62", "notProcessed.repeated 25 0 0 0 0 0 25", "notProcessed.publication 0 0 0 0 0 0 0",
        "notProcessed.massive 0 0 0 0 0 0 0", "notProcessed.confirmation 1 0 0 0 0 0 1",
        "otherHandling.overdueCorrection 67 3 0 0 1 0 71", "otherHandling.overdueFee 6 0 0 0 0 0 6", "otherHandling.other 108 2 0 0 0 0 110",
        "totalProcessed 2932 53 0 0 61 4 3050", "carriedForward 103 0 0 0 0 0 103",
    ];

    public static ReportBuilder Builder()
    {
        var b = new ReportBuilder().Organ("淮安市人民政府").Year(2024).PeriodYear(2024)
            .Preamble("淮安市人民政府\n2024 年政府信息公开工作年度报告\n本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第 711 号）（以下简称《条例》）规定编\n制。报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。")
            .Section(1, Section1).Section(2, "").Section(3, "").Section(4, "").Section(5, Section5).Section(6, Section6)
            .T2("regulations 1 0 11").T2("normativeDocuments 8 26 66").T2("licensing 447228").T2("punishment 3985758")
            .T2("coercion 88283").T2("fees 96171.6")
            .T4("review 72 64 178 37 351").T4("litigationDirect 13 4 8 1 26").T4("litigationAfterReview 12 1 1 6 20");
        foreach (var row in Applications) b.T3(row);
        return b;
    }

    public static AnnualReport Build() => Builder().Build();
}
