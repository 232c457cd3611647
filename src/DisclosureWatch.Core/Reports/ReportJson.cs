using System.Text.Encodings.Web;
using System.Text.Json;
using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Narrative;

namespace DisclosureWatch.Core.Reports;

/// <summary>Writes an analysis as the JSON contract of `dw analyze --json` (one object per report).</summary>
public static class ReportJson
{
    /// <summary>Chinese kept as written (not \uXXXX): readable, and smaller.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep Chinese readable
    };

    public static string Write(string file, string sha256, Analysis analysis, bool indented = false)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(16 * 1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions with { Indented = indented }))
            Write(w, file, sha256, analysis);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Write(Utf8JsonWriter w, string file, string sha256, Analysis analysis)
    {
        var r = analysis.Report;
        w.WriteStartObject();
        w.WriteString("file", file);
        w.WriteString("sha256", sha256);
        w.WriteString("organ", r.Organ);
        if (r.Year is { } y) w.WriteNumber("year", y); else w.WriteNull("year");
        w.WriteString("publishedOn", r.PublishedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("title", r.Title);

        w.WriteStartArray("sections");
        foreach (var s in r.Sections)
        {
            w.WriteStartObject();
            w.WriteNumber("number", s.Number);
            w.WriteString("heading", s.Heading);
            w.WriteString("ordinal", s.Ordinal);
            w.WriteString("text", s.Text);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("missingSections");
        foreach (var n in r.MissingSections) w.WriteNumberValue(n);
        w.WriteEndArray();

        WriteActiveDisclosure(w, r.ActiveDisclosure);
        WriteApplications(w, r.Applications);
        WriteReviewLitigation(w, r.ReviewLitigation);

        w.WriteStartArray("findings");
        foreach (var f in analysis.Findings) WriteFinding(w, f);
        w.WriteEndArray();

        w.WriteStartArray("passages");
        foreach (var p in analysis.Passages) WritePassage(w, p);
        w.WriteEndArray();

        w.WriteStartArray("parseNotes");
        foreach (var n in r.Notes)
        {
            w.WriteStartObject();
            w.WriteString("kind", n.Kind);
            w.WriteString("table", n.Table);
            w.WriteString("row", n.Row);
            w.WriteString("message", n.Message);
            w.WriteString("raw", n.Raw);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteFinding(Utf8JsonWriter w, Finding f)
    {
        w.WriteStartObject();
        w.WriteString("rule", f.Rule);
        w.WriteString("severity", f.Severity.Name());
        w.WriteString("message", f.Message);
        w.WriteString("evidence", f.Evidence);
        if (f.Section is { } s) w.WriteNumber("section", s); else w.WriteNull("section");
        w.WriteEndObject();
    }

    public static void WritePassage(Utf8JsonWriter w, Passage p)
    {
        w.WriteStartObject();
        w.WriteNumber("section", p.Section);
        w.WriteString("text", p.Text);
        w.WriteString("context", p.Context);
        w.WriteString("label", p.Label);
        if (p.Confidence is { } c) w.WriteNumber("confidence", Math.Round(c, 4)); else w.WriteNull("confidence");
        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, TableCell? cell)
    {
        if (cell?.Value is { } v) w.WriteNumberValue(v); else w.WriteNullValue();
    }

    private static void WriteActiveDisclosure(Utf8JsonWriter w, StatTable? t)
    {
        if (t is null) { w.WriteNull("activeDisclosure"); return; }
        w.WriteStartObject("activeDisclosure");
        foreach (var (json, key) in new[] { ("regulations", "regulations"), ("normativeDocuments", "normativeDocuments") })
        {
            w.WriteStartObject(json);
            for (var c = 0; c < Template.T2DocumentColumns.Count; c++)
            {
                w.WritePropertyName(Template.T2DocumentColumns[c]);
                WriteValue(w, t.Cell(key, c));
            }
            w.WriteEndObject();
        }
        foreach (var key in Template.T2SingleRows)
        {
            w.WritePropertyName(key);
            WriteValue(w, t.Cell(key, 0));
        }
        WriteRaw(w, t);
        w.WriteEndObject();
    }

    private static void WriteApplications(Utf8JsonWriter w, StatTable? t)
    {
        if (t is null) { w.WriteNull("applications"); return; }
        w.WriteStartObject("applications");
        w.WriteStartArray("columns");
        foreach (var c in Template.T3Columns) w.WriteStringValue(c);
        w.WriteEndArray();
        w.WriteStartObject("rows");
        foreach (var row in t.Rows)
        {
            w.WriteStartArray(row.Key);
            for (var c = 0; c < Template.T3Columns.Count; c++) WriteValue(w, c < row.Cells.Count ? row.Cells[c] : null);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        var sub = t.ColumnIndex(Template.T3OrganizationsSubtotal);
        if (sub >= 0)
        {
            w.WriteStartObject(Template.T3OrganizationsSubtotal);
            foreach (var row in t.Rows)
            {
                w.WritePropertyName(row.Key);
                WriteValue(w, sub < row.Cells.Count ? row.Cells[sub] : null);
            }
            w.WriteEndObject();
        }
        WriteRaw(w, t);
        w.WriteEndObject();
    }

    private static void WriteReviewLitigation(Utf8JsonWriter w, StatTable? t)
    {
        if (t is null) { w.WriteNull("reviewLitigation"); return; }
        w.WriteStartObject("reviewLitigation");
        foreach (var block in Template.T4Blocks)
        {
            w.WriteStartObject(block);
            for (var c = 0; c < Template.T4Columns.Count; c++)
            {
                w.WritePropertyName(Template.T4Columns[c]);
                WriteValue(w, t.Cell(block, c));
            }
            w.WriteEndObject();
        }
        WriteRaw(w, t);
        w.WriteEndObject();
    }

    /// <summary>The cells as written ("raw"), so a null can be told apart: blank, 无, or unread.</summary>
    private static void WriteRaw(Utf8JsonWriter w, StatTable t)
    {
        w.WriteStartObject("raw");
        foreach (var row in t.Rows)
        {
            w.WriteStartArray(row.Key);
            foreach (var cell in row.Cells)
                if (cell is null) w.WriteNullValue(); else w.WriteStringValue(cell.Raw);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}
