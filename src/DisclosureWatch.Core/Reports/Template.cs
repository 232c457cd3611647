namespace DisclosureWatch.Core.Reports;

/// <summary>The national template (国办公开办函〔2021〕30号): section titles, table row keys and columns.</summary>
public static class Template
{
    public static readonly IReadOnlyList<string> SectionTitles =
    [
        "总体情况",
        "主动公开政府信息情况",
        "收到和处理政府信息公开申请情况",
        "政府信息公开行政复议、行政诉讼情况",
        "存在的主要问题及改进情况",
        "其他需要报告的事项",
    ];

    // Table 2 ----------------------------------------------------------------------------------
    public static readonly IReadOnlyList<string> T2DocumentColumns = ["made", "repealed", "valid"];
    public static readonly IReadOnlyList<string> T2DocumentRows = ["regulations", "normativeDocuments"];
    public static readonly IReadOnlyList<string> T2SingleRows = ["licensing", "punishment", "coercion", "fees"];

    // Table 3 ----------------------------------------------------------------------------------
    public static readonly IReadOnlyList<string> T3Columns =
        ["naturalPerson", "commercial", "research", "social", "legal", "other", "total"];
    /// <summary>Column index of 总计.</summary>
    public const int T3Total = 6;
    /// <summary>Name of the extra column kept when a report adds a 法人或其他组织 subtotal (8-column variant).</summary>
    public const string T3OrganizationsSubtotal = "organizationsSubtotal";

    public static readonly IReadOnlyList<string> T3Rows =
    [
        "newReceived", "carriedOver", "granted", "partiallyGranted",
        "denied.stateSecret", "denied.prohibitedByLaw", "denied.threeSecurities", "denied.thirdPartyRights",
        "denied.internalAffairs", "denied.processInformation", "denied.enforcementFiles", "denied.queryMatters",
        "unable.notHeld", "unable.needsCreation", "unable.unclear",
        "notProcessed.complaint", "notProcessed.repeated", "notProcessed.publication", "notProcessed.massive",
        "notProcessed.confirmation",
        "otherHandling.overdueCorrection", "otherHandling.overdueFee", "otherHandling.other",
        "totalProcessed", "carriedForward",
    ];

    /// <summary>The result groups (三(三)…(六)) whose sub-rows may be given as one line under the group key.</summary>
    public static readonly IReadOnlyList<string> T3Groups = ["denied", "unable", "notProcessed", "otherHandling"];

    /// <summary>The rows that are results (一)…(六) — sub-rows of a group count through the group.</summary>
    public static readonly IReadOnlyList<string> T3ResultTopRows = ["granted", "partiallyGranted", "denied", "unable", "notProcessed", "otherHandling"];

    public static string GroupOf(string rowKey) => rowKey.Contains('.') ? rowKey[..rowKey.IndexOf('.')] : rowKey;

    // Table 4 ----------------------------------------------------------------------------------
    public static readonly IReadOnlyList<string> T4Columns = ["maintained", "corrected", "other", "pending", "total"];
    public static readonly IReadOnlyList<string> T4Blocks = ["review", "litigationDirect", "litigationAfterReview"];

    /// <summary>Chinese labels for messages.</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["regulations"] = "规章", ["normativeDocuments"] = "行政规范性文件", ["licensing"] = "行政许可",
        ["punishment"] = "行政处罚", ["coercion"] = "行政强制", ["fees"] = "行政事业性收费",
        ["made"] = "本年制发件数", ["repealed"] = "本年废止件数", ["valid"] = "现行有效件数",
        ["newReceived"] = "一、本年新收政府信息公开申请数量", ["carriedOver"] = "二、上年结转政府信息公开申请数量",
        ["granted"] = "（一）予以公开", ["partiallyGranted"] = "（二）部分公开", ["denied"] = "（三）不予公开",
        ["denied.stateSecret"] = "（三）1.属于国家秘密", ["denied.prohibitedByLaw"] = "（三）2.其他法律行政法规禁止公开",
        ["denied.threeSecurities"] = "（三）3.危及“三安全一稳定”", ["denied.thirdPartyRights"] = "（三）4.保护第三方合法权益",
        ["denied.internalAffairs"] = "（三）5.属于三类内部事务信息", ["denied.processInformation"] = "（三）6.属于四类过程性信息",
        ["denied.enforcementFiles"] = "（三）7.属于行政执法案卷", ["denied.queryMatters"] = "（三）8.属于行政查询事项",
        ["unable"] = "（四）无法提供", ["unable.notHeld"] = "（四）1.本机关不掌握相关政府信息",
        ["unable.needsCreation"] = "（四）2.没有现成信息需要另行制作", ["unable.unclear"] = "（四）3.补正后申请内容仍不明确",
        ["notProcessed"] = "（五）不予处理", ["notProcessed.complaint"] = "（五）1.信访举报投诉类申请",
        ["notProcessed.repeated"] = "（五）2.重复申请", ["notProcessed.publication"] = "（五）3.要求提供公开出版物",
        ["notProcessed.massive"] = "（五）4.无正当理由大量反复申请", ["notProcessed.confirmation"] = "（五）5.要求行政机关确认或重新出具已获取信息",
        ["otherHandling"] = "（六）其他处理", ["otherHandling.overdueCorrection"] = "（六）1.申请人无正当理由逾期不补正",
        ["otherHandling.overdueFee"] = "（六）2.申请人逾期未按收费通知要求缴纳费用", ["otherHandling.other"] = "（六）3.其他",
        ["totalProcessed"] = "（七）总计", ["carriedForward"] = "四、结转下年度继续办理",
        ["naturalPerson"] = "自然人", ["commercial"] = "商业企业", ["research"] = "科研机构", ["social"] = "社会公益组织",
        ["legal"] = "法律服务机构", ["other"] = "其他", ["total"] = "总计",
        ["review"] = "行政复议", ["litigationDirect"] = "行政诉讼（未经复议直接起诉）", ["litigationAfterReview"] = "行政诉讼（复议后起诉）",
        ["maintained"] = "结果维持", ["corrected"] = "结果纠正", ["pending"] = "尚未审结",
    };

    public static string Label(string key) => Labels.TryGetValue(key, out var l) ? l : key;
}
