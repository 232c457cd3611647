using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using DisclosureWatch.Core.Reports;
using DisclosureWatch.Storage.Reports;

namespace DisclosureWatch.Storage;

/// <summary>
/// What a report stored in layout 8 (migration 8) keeps only in its compressed analysis JSON, read back for the rows
/// that point into it: a finding's message and evidence (by the row's item), its passages. Rows of reports stored
/// before carry their texts themselves and are left as read.
/// </summary>
internal sealed class StoredTexts
{
    private StoredTexts(List<(string, string)> findings, List<(int, string, string?, string?)> passages) => (Findings, Passages) = (findings, passages);

    /// <summary>Message and evidence of each finding, in the order of the analysis (a finding row's item).</summary>
    public IReadOnlyList<(string Message, string Evidence)> Findings { get; }

    /// <summary>Section, text, context and label of each passage, in the order of the analysis (and of its passage set).</summary>
    public IReadOnlyList<(int Section, string Text, string? Context, string? Label)> Passages { get; }

    public static StoredTexts Parse(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var findings = new List<(string, string)>();
        foreach (var f in root.GetProperty("findings").EnumerateArray())
            findings.Add((f.GetProperty("message").GetString() ?? "", f.GetProperty("evidence").GetString() ?? ""));
        var passages = new List<(int, string, string?, string?)>();
        foreach (var p in root.GetProperty("passages").EnumerateArray())
            passages.Add((p.GetProperty("section").GetInt32(), p.GetProperty("text").GetString() ?? "", p.GetProperty("context").GetString(),
                p.GetProperty("label").GetString()));
        return new StoredTexts(findings, passages);
    }

    /// <summary>
    /// Rows as read, each with its report and item (null: the row carries its texts): those pointing into a report's
    /// JSON get their texts from it. The JSON is read a chunk of reports at a time, so that an export of every finding
    /// never holds every report's texts at once.
    /// </summary>
    public static List<T> Fill<T>(DbConnection c, IReadOnlyList<(T Row, long ReportId, int? Item)> rows, Func<T, StoredTexts, int, T> fill)
    {
        var result = rows.Select(r => r.Row).ToList();
        var pointing = rows.Select((r, i) => (r.ReportId, r.Item, Index: i)).Where(r => r.Item is not null).GroupBy(r => r.ReportId);
        foreach (var chunk in pointing.Chunk(200))
        {
            var texts = Query(c,
                $"SELECT id, analysis FROM reports WHERE layout = {Reports.ReportRepository.TextsInAnalysis} AND id IN ({string.Join(", ", chunk.Select(g => g.Key))})",
                r => (Id: r.GetInt64(0), Texts: Parse(CompressedJson.DecompressUtf8((byte[])r.GetValue(1))))).ToDictionary(t => t.Id, t => t.Texts);
            foreach (var report in chunk)
                if (texts.TryGetValue(report.Key, out var t))
                    foreach (var row in report)
                        result[row.Index] = fill(result[row.Index], t, row.Item!.Value);
        }
        return result;
    }

    /// <summary>A report's cells as the rows of table_values held them: by table, then row by row, cell by cell.</summary>
    public static List<TableValue> Values(AnnualReport report)
    {
        var values = new List<TableValue>();
        var tables = new[] { report.ActiveDisclosure, report.Applications, report.ReviewLitigation }.OfType<StatTable>();
        foreach (var table in tables.OrderBy(t => t.Name, StringComparer.Ordinal))
            foreach (var row in table.Rows)
                for (var col = 0; col < row.Cells.Count; col++)
                {
                    var cell = row.Cells[col];
                    var column = col < table.Columns.Count ? table.Columns[col] : col.ToString(CultureInfo.InvariantCulture);
                    values.Add(new TableValue(table.Name, row.Key, column, cell?.Value, cell?.Raw));
                }
        return values;
    }
}
