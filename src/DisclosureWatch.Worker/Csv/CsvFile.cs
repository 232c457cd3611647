using System.Text;
using CsvHelper;

namespace DisclosureWatch.Worker.Csv;

/// <summary>A CSV read back: the header row and the records after it (a record may be shorter or longer than the header).</summary>
internal sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows)
{
    /// <summary>The index of the column named <paramref name="name"/> (ignoring case and surrounding spaces), or -1.</summary>
    public int Column(string name)
    {
        for (var i = 0; i < Header.Count; i++)
            if (string.Equals(Header[i].Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}

/// <summary>
/// Every CSV the worker writes or reads (dw export, dw labels export/import, dropped label files), on CsvHelper:
/// RFC 4180 — comma, CRLF, a field quoted when it holds a comma, quote or line break, quotes doubled — in UTF-8 with a
/// BOM so Excel and WPS open the Chinese right. Reading is as forgiving as Excel's own files need: a stray quote is
/// kept as text, empty lines count as records (so "row N" is the Nth record of the file), and ragged records are kept.
/// </summary>
internal static class CsvFile
{
    /// <summary>UTF-8 that refuses bytes that are not UTF-8 (a file saved as GBK), instead of reading them as U+FFFD.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Writes a BOM, the header and the rows (null as an empty field). With <paramref name="defuseFormulas"/>, a text
    /// that starts with = + - @, tab or CR gets a leading ' so a spreadsheet shows it instead of running it as a formula;
    /// for files that are only looked at, not for those read back as data.
    /// </summary>
    public static void Write(TextWriter writer, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, bool defuseFormulas = false)
    {
        writer.Write('\uFEFF');
        var options = CsvWriterOptions.Default with { Injection = defuseFormulas ? CsvInjection.Escape : CsvInjection.None };
        using var csv = CsvWriter.Create(writer, options, leaveOpen: true);
        foreach (var name in header) csv.WriteField(name);
        csv.EndRecord();
        foreach (var row in rows)
        {
            foreach (var value in row) csv.WriteField(value);
            csv.EndRecord();
        }
    }

    /// <summary>As <see cref="Write(TextWriter, IReadOnlyList{string}, IEnumerable{IReadOnlyList{string?}}, bool)"/>, to a file.</summary>
    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, bool defuseFormulas = false)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(writer, header, rows, defuseFormulas);
    }

    /// <summary>Reads a UTF-8 CSV file (BOM or not); a file that is not UTF-8 or not CSV is a <see cref="FormatException"/> naming it.</summary>
    public static CsvTable Read(string path)
    {
        string text;
        try { text = StrictUtf8.GetString(File.ReadAllBytes(path)); }
        catch (DecoderFallbackException)
        {
            throw new FormatException($"{path}: not UTF-8 text (in Excel, save it as \"CSV UTF-8\")");
        }
        try { return Parse(text); }
        catch (CsvFormatException e) { throw new FormatException($"{path}: {e.Message}", e); }
    }

    /// <summary>The CSV <paramref name="text"/> as a table (a leading BOM is skipped); empty text has an empty header and no rows.</summary>
    public static CsvTable Parse(string text)
    {
        var options = CsvReaderOptions.Default with { Separator = ',', HasHeader = false, SkipEmptyLines = false };
        using var csv = CsvReader.Create(new StringReader(text.StartsWith('\uFEFF') ? text[1..] : text), options, leaveOpen: false);
        var records = new List<string[]>();
        while (csv.Read())
        {
            var record = new string[csv.FieldCount];
            for (var i = 0; i < record.Length; i++) record[i] = csv.GetString(i);
            records.Add(record);
        }
        return records.Count == 0 ? new CsvTable([], []) : new CsvTable(records[0], records.Skip(1).ToList());
    }
}
