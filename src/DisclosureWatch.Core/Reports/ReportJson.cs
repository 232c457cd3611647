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
        w.WriteString(N.File, file);
        w.WriteString(N.Sha256, sha256);
        w.WriteString(N.Organ, r.Organ);
        if (r.Year is { } y) w.WriteNumber(N.Year, y); else w.WriteNull(N.Year);
        if (r.PublishedOn is { } published)
        {
            Span<char> day = stackalloc char[10];
            published.TryFormat(day, out var length, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            w.WriteString(N.PublishedOn, day[..length]);
        }
        else w.WriteNull(N.PublishedOn);
        w.WriteString(N.Title, r.Title);

        w.WriteStartArray(N.Sections);
        foreach (var s in r.Sections)
        {
            w.WriteStartObject();
            w.WriteNumber(N.Number, s.Number);
            w.WriteString(N.Heading, s.Heading);
            w.WriteString(N.Ordinal, s.Ordinal);
            w.WriteString(N.Text, s.Text);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray(N.MissingSections);
        foreach (var n in r.MissingSections) w.WriteNumberValue(n);
        w.WriteEndArray();

        WriteActiveDisclosure(w, r.ActiveDisclosure);
        WriteApplications(w, r.Applications);
        WriteReviewLitigation(w, r.ReviewLitigation);

        w.WriteStartArray(N.Findings);
        foreach (var f in analysis.Findings) WriteFinding(w, f);
        w.WriteEndArray();

        w.WriteStartArray(N.Passages);
        foreach (var p in analysis.Passages) WritePassage(w, p);
        w.WriteEndArray();

        w.WriteStartArray(N.ParseNotes);
        foreach (var n in r.Notes)
        {
            w.WriteStartObject();
            w.WriteString(N.Kind, n.Kind);
            w.WriteString(N.Table, n.Table);
            w.WriteString(N.Row, n.Row);
            w.WriteString(N.Message, n.Message);
            w.WriteString(N.Raw, n.Raw);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteFinding(Utf8JsonWriter w, Finding f)
    {
        w.WriteStartObject();
        w.WriteString(N.Rule, f.Rule);
        w.WriteString(N.Severity, f.Severity.Name());
        w.WriteString(N.Message, f.Message);
        w.WriteString(N.Evidence, f.Evidence);
        if (f.Section is { } s) w.WriteNumber(N.Section, s); else w.WriteNull(N.Section);
        w.WriteEndObject();
    }

    public static void WritePassage(Utf8JsonWriter w, Passage p)
    {
        w.WriteStartObject();
        w.WriteNumber(N.Section, p.Section);
        w.WriteString(N.Text, p.Text);
        w.WriteString(N.Context, p.Context);
        w.WriteString(N.Label, p.Label);
        if (p.Confidence is { } c) w.WriteNumber(N.Confidence, Math.Round(c, 4)); else w.WriteNull(N.Confidence);
        w.WriteEndObject();
    }

    internal static void WriteValue(Utf8JsonWriter w, TableCell? cell)
    {
        if (cell?.Value is not { } v) w.WriteNullValue();
        // A whole non-negative count (nearly every cell) is written as a long: the same digits as the decimal's
        // (scale 0: no ".0"; not negative: no "-0"), without the decimal formatter.
        else if (v.Scale == 0 && !decimal.IsNegative(v) && v <= long.MaxValue) w.WriteNumberValue((long)v);
        else w.WriteNumberValue(v);
    }

    private static void WriteActiveDisclosure(Utf8JsonWriter w, StatTable? t)
    {
        if (t is null) { w.WriteNull(N.ActiveDisclosure); return; }
        w.WriteStartObject(N.ActiveDisclosure);
        foreach (var (json, key) in N.T2DocumentRows)
        {
            w.WriteStartObject(json);
            for (var c = 0; c < N.T2DocumentColumns.Length; c++)
            {
                w.WritePropertyName(N.T2DocumentColumns[c]);
                WriteValue(w, t.Cell(key, c));
            }
            w.WriteEndObject();
        }
        for (var r = 0; r < Template.T2SingleRows.Count; r++)
        {
            w.WritePropertyName(N.T2SingleRows[r]);
            WriteValue(w, t.Cell(Template.T2SingleRows[r], 0));
        }
        WriteRaw(w, t);
        w.WriteEndObject();
    }

    private static void WriteApplications(Utf8JsonWriter w, StatTable? t)
    {
        if (t is null) { w.WriteNull(N.Applications); return; }
        w.WriteStartObject(N.Applications);
        w.WriteStartArray(N.Columns);
        foreach (var c in N.T3Columns) w.WriteStringValue(c);
        w.WriteEndArray();
        w.WriteStartObject(N.Rows);
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
        if (t is null) { w.WriteNull(N.ReviewLitigation); return; }
        w.WriteStartObject(N.ReviewLitigation);
        for (var b = 0; b < Template.T4Blocks.Count; b++)
        {
            w.WriteStartObject(N.T4Blocks[b]);
            for (var c = 0; c < N.T4Columns.Length; c++)
            {
                w.WritePropertyName(N.T4Columns[c]);
                WriteValue(w, t.Cell(Template.T4Blocks[b], c));
            }
            w.WriteEndObject();
        }
        WriteRaw(w, t);
        w.WriteEndObject();
    }

    /// <summary>The cells as written ("raw"), so a null can be told apart: blank, 无, or unread.</summary>
    private static void WriteRaw(Utf8JsonWriter w, StatTable t)
    {
        w.WriteStartObject(N.Raw);
        foreach (var row in t.Rows)
        {
            w.WriteStartArray(row.Key);
            foreach (var cell in row.Cells)
                if (cell is null) w.WriteNullValue(); else w.WriteStringValue(cell.Raw);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary>The property names encoded once (as the writer would, with its encoder), not at every report.</summary>
    private static class N
    {
        public static readonly JsonEncodedText File = Encode("file");
        public static readonly JsonEncodedText Sha256 = Encode("sha256");
        public static readonly JsonEncodedText Organ = Encode("organ");
        public static readonly JsonEncodedText Year = Encode("year");
        public static readonly JsonEncodedText PublishedOn = Encode("publishedOn");
        public static readonly JsonEncodedText Title = Encode("title");
        public static readonly JsonEncodedText Sections = Encode("sections");
        public static readonly JsonEncodedText Number = Encode("number");
        public static readonly JsonEncodedText Heading = Encode("heading");
        public static readonly JsonEncodedText Ordinal = Encode("ordinal");
        public static readonly JsonEncodedText Text = Encode("text");
        public static readonly JsonEncodedText MissingSections = Encode("missingSections");
        public static readonly JsonEncodedText Findings = Encode("findings");
        public static readonly JsonEncodedText Passages = Encode("passages");
        public static readonly JsonEncodedText ParseNotes = Encode("parseNotes");
        public static readonly JsonEncodedText Kind = Encode("kind");
        public static readonly JsonEncodedText Table = Encode("table");
        public static readonly JsonEncodedText Row = Encode("row");
        public static readonly JsonEncodedText Message = Encode("message");
        public static readonly JsonEncodedText Raw = Encode("raw");
        public static readonly JsonEncodedText Rule = Encode("rule");
        public static readonly JsonEncodedText Severity = Encode("severity");
        public static readonly JsonEncodedText Evidence = Encode("evidence");
        public static readonly JsonEncodedText Section = Encode("section");
        public static readonly JsonEncodedText Context = Encode("context");
        public static readonly JsonEncodedText Label = Encode("label");
        public static readonly JsonEncodedText Confidence = Encode("confidence");
        public static readonly JsonEncodedText ActiveDisclosure = Encode("activeDisclosure");
        public static readonly JsonEncodedText Applications = Encode("applications");
        public static readonly JsonEncodedText ReviewLitigation = Encode("reviewLitigation");
        public static readonly JsonEncodedText Columns = Encode("columns");
        public static readonly JsonEncodedText Rows = Encode("rows");
        public static readonly JsonEncodedText Regulations = Encode("regulations");
        public static readonly JsonEncodedText NormativeDocuments = Encode("normativeDocuments");
        public static readonly JsonEncodedText[] T2DocumentColumns = Encode(Template.T2DocumentColumns);
        public static readonly (JsonEncodedText Json, string Key)[] T2DocumentRows = [(Regulations, "regulations"), (NormativeDocuments, "normativeDocuments")];
        public static readonly JsonEncodedText[] T2SingleRows = Encode(Template.T2SingleRows);
        public static readonly JsonEncodedText[] T3Columns = Encode(Template.T3Columns);
        public static readonly JsonEncodedText[] T4Blocks = Encode(Template.T4Blocks);
        public static readonly JsonEncodedText[] T4Columns = Encode(Template.T4Columns);

        private static JsonEncodedText Encode(string name) => JsonEncodedText.Encode(name, WriterOptions.Encoder);
        private static JsonEncodedText[] Encode(IReadOnlyList<string> names) => [.. names.Select(Encode)];
    }
}
