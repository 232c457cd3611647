using System.Text.Json;

namespace DisclosureWatch.Core.Reports;

/// <summary>
/// Reads back the report part of <see cref="ReportJson"/> — what a store keeps — so that a stored report can serve
/// as last year's report for the cross-year rules. Cells come from their raw text, which re-reads to the same values.
/// </summary>
public static class ReportJsonReader
{
    public static AnnualReport Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new AnnualReport
        {
            Organ = String(root, "organ"),
            Year = root.TryGetProperty("year", out var y) && y.ValueKind == JsonValueKind.Number ? y.GetInt32() : null,
            PublishedOn = String(root, "publishedOn") is { } d ? DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture) : null,
            Title = String(root, "title"),
            Sections = root.TryGetProperty("sections", out var sections)
                ? sections.EnumerateArray().Select(s => new Section(s.GetProperty("number").GetInt32(), String(s, "heading") ?? "",
                    String(s, "ordinal"), TitleOf(String(s, "heading") ?? "", String(s, "ordinal")), String(s, "text") ?? "", -1)).ToArray()
                : [],
            MissingSections = root.TryGetProperty("missingSections", out var missing) ? missing.EnumerateArray().Select(m => m.GetInt32()).ToArray() : [],
            ActiveDisclosure = Table(root, "activeDisclosure", "t2", Template.T2DocumentColumns),
            Applications = Table(root, "applications", "t3", Template.T3Columns),
            ReviewLitigation = Table(root, "reviewLitigation", "t4", Template.T4Columns),
        };
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string TitleOf(string heading, string? ordinal) =>
        ordinal is not null && heading.StartsWith(ordinal, StringComparison.Ordinal) ? heading[ordinal.Length..].Trim() : heading;

    private static StatTable? Table(JsonElement root, string name, string table, IReadOnlyList<string> columns)
    {
        if (!root.TryGetProperty(name, out var t) || t.ValueKind != JsonValueKind.Object || !t.TryGetProperty("raw", out var raw)) return null;
        var rows = raw.EnumerateObject().Select(r => new TableRow(r.Name, Template.Label(r.Name),
            r.Value.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? TableCell.Parse(c.GetString()) : null).ToArray(),
            r.Value.GetArrayLength(), -1)).ToList();
        var cols = table == "t3" && t.TryGetProperty(Template.T3OrganizationsSubtotal, out _)
            ? [.. columns, Template.T3OrganizationsSubtotal] : columns;
        return new StatTable(table, cols, rows);
    }
}
