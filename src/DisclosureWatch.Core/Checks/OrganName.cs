using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Checks;

/// <summary>
/// What the organ's name says about it: its level (乡, 镇, 街道, 县, 区, 市, 旗…; null for a department
/// such as 教育局) and the places it belongs to (河曲县社梁乡人民政府 → 河曲县, 社梁乡).
/// </summary>
/// <param name="Name">The organ's name without 人民政府/办事处, e.g. 河曲县社梁乡.</param>
/// <param name="Unit">The organ's own level: 乡 镇 街道 县 区 市 旗 苏木; null for a department or when unknown.</param>
/// <param name="Places">The administrative units its name contains, outermost first, e.g. [河曲县, 社梁乡].</param>
public sealed partial record OrganName(string Name, string? Unit, IReadOnlyList<string> Places)
{
    /// <summary>The county-level place (…县, …旗, …区, or a …市 directly above a 乡/镇/街道), when the name gives one.</summary>
    public string? County
    {
        get
        {
            for (var i = Places.Count - 1; i >= 0; i--)
            {
                var unit = UnitOf(Places[i]);
                if (unit is "县" or "旗" or "区") return Places[i];
                if (unit == "市" && i < Places.Count - 1 && UnitOf(Places[i + 1]) is "乡" or "镇" or "街道" or "苏木") return Places[i];
            }
            return null;
        }
    }

    /// <summary>The township-level place (…乡, …镇, …街道), when the organ is one.</summary>
    public string? Township => Unit is "乡" or "镇" or "街道" or "苏木" ? Places[^1] : null;

    /// <summary>Parses an organ name; null when it names no administrative unit.</summary>
    public static OrganName? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = Spaces().Replace(text, "");
        // places from the shortest that end in a unit (河曲县 社梁乡); a name holding a unit's character (红旗乡, not
        // 红旗 + 乡) is found by backtracking to a split that leaves the organ's own suffix (人民政府) or nothing
        var places = new List<string>();
        if (!FullSplit(t, 0, places, 0))
        {
            places.Clear();
            var pos = 0;
            while (pos < t.Length)
            {
                var m = Place().Match(t, pos);
                if (!m.Success || m.Index != pos) break;
                places.Add(m.Value);
                pos += m.Length;
            }
        }
        if (places.Count == 0) return null;
        var rest = t[places.Sum(p => p.Length)..];
        var own = rest.Length == 0 || GovernmentSuffix().IsMatch(rest);
        var unit = own ? UnitOf(places[^1]) : null;
        return new OrganName(string.Concat(places), unit, places);
    }

    /// <summary>Splits <paramref name="t"/> from <paramref name="pos"/> into places followed by a government suffix or nothing.</summary>
    private static bool FullSplit(string t, int pos, List<string> places, int depth)
    {
        if (places.Count > 0 && (pos == t.Length || GovernmentSuffix().IsMatch(t.AsSpan(pos)))) return true;
        if (depth >= 5) return false;
        for (var end = pos + 2; end <= Math.Min(t.Length, pos + 12); end++)
        {
            if (!EndsInUnit(t.AsSpan(pos, end - pos)) || !NameCharacters(t.AsSpan(pos, end - pos))) continue;
            places.Add(t[pos..end]);
            if (FullSplit(t, end, places, depth + 1)) return true;
            places.RemoveAt(places.Count - 1);
        }
        return false;
    }

    /// <summary>Every character can stand in a place's name (the <see cref="Place"/> pattern's class).</summary>
    private static bool EndsInUnit(ReadOnlySpan<char> candidate)
    {
        foreach (var u in Units)
            if (candidate.EndsWith(u, StringComparison.Ordinal)) return true;
        return false;
    }

    private static bool NameCharacters(ReadOnlySpan<char> candidate)
    {
        foreach (var c in candidate)
            if (!(c is >= '\u4e00' and <= '\u9fa5' or '（' or '）' or '(' or ')')) return false;
        return true;
    }

    /// <summary>The organ as the report names it: <see cref="AnnualReport.Organ"/>, else the title before its year.</summary>
    public static OrganName? Of(AnnualReport report) => OfCache.GetValue(report, static r => new(Read(r))).Value;

    // Four rules ask for the organ of the same report: parse it once (keyed by the report, so nothing is kept alive).
    private static readonly ConditionalWeakTable<AnnualReport, StrongBox<OrganName?>> OfCache = new();

    private static OrganName? Read(AnnualReport report)
    {
        var fromOrgan = Parse(report.Organ);
        if (fromOrgan is not null) return fromOrgan;
        var title = report.Title ?? "";
        foreach (var line in title.Split('\n').Prepend(title).Concat(report.Preamble.Split('\n').Take(6)))
        {
            var head = TitleHead().Match(SpacesAndHashes().Replace(line, ""));
            var parsed = Parse(head.Success ? head.Groups[1].Value : null);
            if (parsed is not null) return parsed;
        }
        return null;
    }

    public static string? UnitOf(string place)
    {
        foreach (var u in Units)
            if (place.EndsWith(u, StringComparison.Ordinal)) return u switch { "自治县" => "县", "自治州" or "地区" or "盟" => "州", _ => u };
        return null;
    }

    public static bool IsCountyLevel(string place) => UnitOf(place) is "县" or "旗" or "区" or "市";

    private static readonly string[] Units = ["自治区", "自治州", "自治县", "街道", "苏木", "地区", "省", "市", "州", "盟", "县", "区", "旗", "乡", "镇"];

    [GeneratedRegex(@"[\u4e00-\u9fa5（）()]{1,9}?(?:自治区|省|自治州|地区|盟|自治县|街道|苏木|市|州|县|区|旗|乡|镇)")]
    private static partial Regex Place();

    [GeneratedRegex(@"^(?:人民政府|政府|办事处|人民政府办公室)?$|^(?:人民政府|政府|办事处)(?:\d|20|关于|政府信息|政务|信息公开|年)")]
    private static partial Regex GovernmentSuffix();

    [GeneratedRegex(@"\s+")] private static partial Regex Spaces();
    [GeneratedRegex(@"[\s#]+")] private static partial Regex SpacesAndHashes();

    [GeneratedRegex(@"^(.{2,30}?)(?:\d{4}|二〇|20|政府信息公开|年度|关于)")]
    private static partial Regex TitleHead();
}
