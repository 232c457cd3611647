using DisclosureWatch.Core.Documents;

namespace DisclosureWatch.Extraction;

/// <summary>A file that could not be read as a report, with the reason.</summary>
public sealed class ExtractionException(string file, string reason, Exception? inner = null)
    : Exception($"{file}: {reason}", inner)
{
    public string File { get; } = file;
    public string Reason { get; } = reason;
}

/// <summary>
/// Reads a report file of any supported format (.txt, .md, .html/.htm, .docx, .pdf) into an <see cref="ExtractedDocument"/>.
/// Every failure — unsupported format, oversized or hostile input, a PDF without text — is an <see cref="ExtractionException"/>
/// naming the file and the reason.
/// </summary>
public static class DocumentReader
{
    public static IReadOnlyList<string> SupportedExtensions { get; } = [".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".docx", ".pdf"];

    public static ExtractedDocument Read(string path) => Read(path, ExtractionOptions.Default);

    public static ExtractedDocument Read(string path, ExtractionOptions options)
    {
        var format = FormatOf(path);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new ExtractionException(path, "file not found");
            CheckSize(info.Length, path, options);
            if (info.Length == 0) throw new ExtractionException(path, "the file is empty");
            if (format == "pdf") return PdfReader.Read(info.FullName, path, options);
            return Extract(File.ReadAllBytes(path), format, path, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExtractionException(path, $"cannot read the file: {e.Message}", e);
        }
    }

    /// <summary>
    /// PDF files read together, with one pdfunite and one pdftotext run for all of them (PdfReader.ReadMany): a document
    /// for each PDF read so, a null for each to read on its own with <see cref="Read(string, ExtractionOptions)"/>, which
    /// then gives its error (a file missing, empty, too large, not a PDF, or one the group could not read).
    /// </summary>
    public static IReadOnlyList<ExtractedDocument?> ReadPdfs(IReadOnlyList<string> paths, ExtractionOptions? options = null)
    {
        options ??= ExtractionOptions.Default;
        var documents = new ExtractedDocument?[paths.Count];
        var group = new List<(int Index, string Path, string File)>();
        for (var i = 0; i < paths.Count; i++)
        {
            if (!paths[i].EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)) continue;
            var info = new FileInfo(paths[i]);
            if (info.Exists && info.Length > 0 && info.Length <= options.MaxInputBytes) group.Add((i, info.FullName, paths[i]));
        }
        if (group.Count < 2) return documents; // one PDF alone gains nothing from a group
        var read = PdfReader.ReadMany([.. group.Select(g => (g.Path, g.File))], options);
        for (var k = 0; k < group.Count; k++) documents[group[k].Index] = read[k];
        return documents;
    }

    /// <summary>Reads a report held in memory (a mail attachment); <paramref name="fileName"/> gives the format and names errors.</summary>
    public static ExtractedDocument Read(ReadOnlyMemory<byte> bytes, string fileName, ExtractionOptions? options = null)
    {
        options ??= ExtractionOptions.Default;
        var format = FormatOf(fileName);
        CheckSize(bytes.Length, fileName, options);
        return format == "pdf" ? ReadPdfBytes(bytes.Span, fileName, options) : Extract(bytes, format, fileName, options);
    }

    /// <summary>Reads a report from a stream, taking no more than the size limit from it.</summary>
    public static ExtractedDocument Read(Stream stream, string fileName, ExtractionOptions? options = null)
    {
        options ??= ExtractionOptions.Default;
        FormatOf(fileName);
        try
        {
            if (stream.CanSeek)
            {
                // The length is known: one pooled array of that size, no copying chunk and no growing buffer (every
                // reader is done with the bytes when it returns: the document holds strings).
                var length = (int)Math.Clamp(stream.Length - stream.Position, 0, int.MaxValue);
                CheckSize(stream.Length - stream.Position, fileName, options);
                var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    var read = stream.ReadAtLeast(bytes.AsSpan(0, length), length, throwOnEndOfStream: false);
                    if (read == length && stream.ReadByte() < 0) return Read(bytes.AsMemory(0, length), fileName, options);
                    // the stream was shorter or longer than it said: read what it gives, as an unseekable stream
                    var rest = new MemoryStream();
                    rest.Write(bytes, 0, read);
                    return ReadRest(stream, rest, fileName, options);
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
                }
            }
            return ReadRest(stream, new MemoryStream(), fileName, options);
        }
        catch (IOException e)
        {
            throw new ExtractionException(fileName, $"cannot read the stream: {e.Message}", e);
        }
    }

    /// <summary>The rest of a stream of unknown length, in chunks, stopping at the size limit.</summary>
    private static ExtractedDocument ReadRest(Stream stream, MemoryStream buffer, string fileName, ExtractionOptions options)
    {
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int n;
            while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, n);
                if (buffer.Length > options.MaxInputBytes) CheckSize(buffer.Length, fileName, options);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }
        return Read(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), fileName, options);
    }

    /// <summary>txt, md, html, docx or pdf for a supported file name; otherwise an <see cref="ExtractionException"/>.</summary>
    public static string FormatOf(string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension switch
        {
            ".txt" => "txt",
            ".md" or ".markdown" => "md",
            ".html" or ".htm" or ".xhtml" => "html",
            ".docx" => "docx",
            ".pdf" => "pdf",
            ".doc" => throw new ExtractionException(fileName, "unsupported format: legacy Word .doc; save it as .docx"),
            "" => throw new ExtractionException(fileName, $"unsupported format: the file has no extension (supported: {string.Join(", ", SupportedExtensions)})"),
            _ => throw new ExtractionException(fileName, $"unsupported format '{extension}' (supported: {string.Join(", ", SupportedExtensions)})"),
        };
    }

    private static ExtractedDocument Extract(ReadOnlyMemory<byte> bytes, string format, string file, ExtractionOptions options)
    {
        if (bytes.IsEmpty) throw new ExtractionException(file, "the file is empty");
        try
        {
            return format switch
            {
                "txt" or "md" => PlainText(bytes.Span, format, file),
                "html" => HtmlReader.Read(bytes.Span, file, options),
                "docx" => DocxReader.Read(AsStream(bytes), file, options),
                _ => throw new ExtractionException(file, $"unsupported format '{format}'"),
            };
        }
        catch (Exception e) when (e is not ExtractionException and not OutOfMemoryException)
        {
            // The libraries' own complaints about malformed input (OpenXmlPackageException, XmlException, …).
            throw new ExtractionException(file, $"cannot read the {format}: {e.Message}", e);
        }
    }

    private static ExtractedDocument PlainText(ReadOnlySpan<byte> bytes, string format, string file)
    {
        var (encoding, bom) = TextDecoding.Detect(bytes);
        var body = bytes[bom..];
        if (encoding.CodePage != 65001) // UTF-16 and GB18030: decode whole (the code-page decoder is costly per call), check, split
        {
            var text = encoding.GetString(body);
            TextDecoding.EnsureText(text, file);
            return new ExtractedDocument(format, TextDecoding.SplitLines(text));
        }
        TextDecoding.EnsureTextBytes(body, file);
        return new ExtractedDocument(format, TextDecoding.DecodeUtf8Lines(body));
    }

    private static ExtractedDocument ReadPdfBytes(ReadOnlySpan<byte> bytes, string file, ExtractionOptions options)
    {
        if (bytes.IsEmpty) throw new ExtractionException(file, "the file is empty");
        var temp = Path.Combine(Path.GetTempPath(), $"dw-{Guid.NewGuid():N}.pdf");
        try
        {
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
                output.Write(bytes);
            return PdfReader.Read(temp, file, options);
        }
        catch (IOException e)
        {
            throw new ExtractionException(file, $"cannot stage the PDF for pdftotext: {e.Message}", e);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    private static void CheckSize(long length, string file, ExtractionOptions options)
    {
        if (length > options.MaxInputBytes)
            throw new ExtractionException(file, $"the file is {length / (1024.0 * 1024):0.#} MB, over the {options.MaxInputBytes / (1024.0 * 1024):0.#} MB limit");
    }
}
