using DisclosureWatch.Core.Checks;

namespace DisclosureWatch.Core.Tests.Checks;

public class NameRuleTests
{
    [Theory]
    [InlineData("河曲县社梁乡人民政府", "乡", "河曲县", "社梁乡")]
    [InlineData("延津县司寨乡", "乡", "延津县", "司寨乡")]
    [InlineData("(石咢)嘉镇人民政府", "镇", null, "(石咢)嘉镇")]
    [InlineData("哈拉直沟乡人民政府", "乡", null, "哈拉直沟乡")]
    [InlineData("淮安市人民政府", "市", null, null)]
    [InlineData("西安市雁塔区小寨路街道办事处", "街道", "雁塔区", "小寨路街道")]
    [InlineData("长阳土家族自治县人民政府", "县", "长阳土家族自治县", null)]
    [InlineData("淮安市教育局", null, null, null)]
    public void OrganName_LevelCountyAndTownship(string name, string? unit, string? county, string? township)
    {
        var o = OrganName.Parse(name);
        Assert.NotNull(o);
        Assert.Equal(unit, o.Unit);
        Assert.Equal(county, o.County);
        Assert.Equal(township, o.Township);
    }

    [Fact]
    public void OrganName_FromTheTitleWhenTheOrganIsUnknown()
    {
        var r = new ReportBuilder().Title("延津县司寨乡 2023 年政府信息公开工作年度报告").Year(2023).Build();
        Assert.Equal("乡", OrganName.Of(r)!.Unit);
    }

    [Fact]
    public void ForeignPlace_AnotherCountysPortalAsOwnPlatform()
    {
        var b = ReportBuilder.Township("河曲县社梁乡人民政府").Section(1, "我乡信息公开工作以开江县人民政府门户网站为主阵地。").AllSections();
        var f = Assert.Single(Run.Rule("name.foreign-place", b).Findings);
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Contains("“开江县”", f.Message);
        Assert.Contains("河曲县", f.Message);
    }

    [Fact]
    public void ForeignPlace_OwnCountySuperiorsAndNeighbours_AreFine()
    {
        var b = ReportBuilder.Township("河曲县社梁乡人民政府").Section(1,
            "通过河曲县人民政府门户网站公开信息。依托忻州市人民政府门户网站、山西干部在线学院开展培训。按照省、市、县要求，学习借鉴偏关县经验。通过县政府门户网站发布。").AllSections();
        Assert.Equal(Outcome.Pass, Run.Rule("name.foreign-place", b).Outcome);
    }

    [Fact]
    public void ForeignPlace_UnknownCounty_TakesTheFirstCountyTheReportNames()
    {
        var own = ReportBuilder.Township("(石咢)嘉镇人民政府").Section(1, "通过双柏县人民政府门户网站发布信息共100条。对照双柏县人民政府办公室反馈问题整改。").AllSections();
        Assert.Equal(Outcome.Pass, Run.Rule("name.foreign-place", own).Outcome);

        var other = ReportBuilder.Township("(石咢)嘉镇人民政府").Section(1, "通过双柏县人民政府门户网站发布信息。").Section(4, "本报告在楚雄县政府网站公开。").AllSections();
        Assert.Equal(Severity.Warning, Assert.Single(Run.Rule("name.foreign-place", other).Findings).Severity);

        Assert.Equal(Outcome.NotAssessable, Run.Rule("name.foreign-place", ReportBuilder.Township("(石咢)嘉镇人民政府").AllSections()).Outcome);
    }

    [Fact]
    public void ForeignPlace_AnotherCountyPrefixingTheOwnTownship()
    {
        var b = ReportBuilder.Township("河曲县社梁乡人民政府").Section(6, "如有疑问请与开江县社梁乡人民政府联系。").AllSections();
        Assert.Contains("开江县", Assert.Single(Run.Rule("name.foreign-place", b).Findings).Message);
    }

    [Fact]
    public void SelfReference_TownAndTownshipMixedUp()
    {
        var r = Run.Rule("name.self-reference", ReportBuilder.Township("延津县司寨乡", 2023).Section(5, "努力推进我镇政务公开工作再上新台阶。").AllSections());
        var f = Assert.Single(r.Findings);
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Contains("“我镇”", f.Message);

        var street = Run.Rule("name.self-reference", ReportBuilder.Township("雁塔区小寨路街道办事处").Section(1, "本街道共公开信息。我乡加强培训。").AllSections());
        Assert.Contains("“我乡”", Assert.Single(street.Findings).Message);
    }

    [Fact]
    public void SelfReference_OwnLevelCompoundsAndTheCounty_AreFine()
    {
        var town = ReportBuilder.Township("(石咢)嘉镇人民政府").Section(1, "我镇发布本乡镇财政预决算情况，围绕全县总体要求，全乡村民积极参与。本乡本土人才。").AllSections();
        Assert.Equal(Outcome.Pass, Run.Rule("name.self-reference", town).Outcome);
        var dept = ReportBuilder.Township("淮安市教育局").Section(1, "我局、我市、我镇").AllSections();
        Assert.Equal(Outcome.NotAssessable, Run.Rule("name.self-reference", dept).Outcome);
        var county = ReportBuilder.Township("河曲县人民政府").Section(1, "我县认真落实，全县各乡镇，按照我市要求。我区加强。").AllSections();
        Assert.Equal(Severity.Warning, Assert.Single(Run.Rule("name.self-reference", county).Findings).Severity);
    }
}

public class ForeignPlaceGenericCountyTests
{
    [Theory]
    [InlineData("信息均主动公开县政府门户网站。")]
    [InlineData("及时登录县人民政府门户网站更新信息。")]
    [InlineData("所有信息统一上传县政府网站。")]
    [InlineData("通过县政府门户网站主动公开政府信息16条。")]
    public void GenericCountySite_AfterAVerb_IsNoName(string sentence)
    {
        var b = ReportBuilder.Township("河曲县社梁乡人民政府").Section(1, sentence).AllSections();
        Assert.Equal(Outcome.Pass, Run.Rule("name.foreign-place", b).Outcome);
    }
}

/// <summary>Names that hold a unit's character, and other counties named where the organ learnt from them.</summary>
public class NameRuleVoiceTests
{
    [Fact]
    public void A_township_named_红旗乡_is_not_a_county_named_红旗()
    {
        var organ = OrganName.Parse("红旗乡人民政府")!;
        Assert.Equal("乡", organ.Unit);
        Assert.Equal(["红旗乡"], organ.Places);
        Assert.Equal(["河曲县", "社梁乡"], OrganName.Parse("河曲县社梁乡人民政府")!.Places);
        Assert.Null(OrganName.Parse("河曲县教育局")!.Unit);
        var b = ReportBuilder.Township("红旗乡人民政府").AllSections().Section(1, "红旗乡以河曲县人民政府门户网站为第一平台发布信息。");
        Assert.Empty(Run.Rule("name.foreign-place", b).Findings);
    }

    [Fact]
    public void Another_countys_site_learnt_from_is_not_a_claim_and_a_claim_still_is()
    {
        var learnt = ReportBuilder.Township().AllSections().Section(1, "学习借鉴开江县人民政府门户网站的专栏设置经验，优化本乡信息公开专栏。");
        Assert.Empty(Run.Rule("name.foreign-place", learnt).Findings);
        var claimed = ReportBuilder.Township().AllSections().Section(1, "我乡以开江县人民政府门户网站为主阵地。");
        Assert.Equal(Severity.Error, Assert.Single(Run.Rule("name.foreign-place", claimed).Findings).Severity);
    }

    [Fact]
    public void Without_a_county_in_its_name_the_county_named_most_is_the_organs_own()
    {
        var b = ReportBuilder.Township("红旗乡人民政府").AllSections()
            .Section(1, "赴宣汉县学习经验。依托河曲县人民政府门户网站发布信息。红旗乡以河曲县人民政府门户网站为第一平台。");
        Assert.Empty(Run.Rule("name.foreign-place", b).Findings);
    }
}
