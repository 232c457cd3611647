using System.Text;
using DisclosureWatch.Core.Documents;

namespace DisclosureWatch.Extraction;

/// <summary>A file that could not be read as a report, with the reason.</summary>
public sealed class ExtractionException(string file, string reason, Exception? inner = null)
    : Exception($"{file}: {reason}", inner)
{
    public string File { get; } = file;
    public string Reason { get; } = reason;
}

/// <summary>Reads a report file of any supported format into an <see cref="ExtractedDocument"/>.</summary>
public static class DocumentReader
{
    static DocumentReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static ExtractedDocument Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return ExtractedDocument.FromText("txt", Encoding.UTF8.GetString(bytes));
    }

    public static ExtractedDocument Read(Stream stream, string fileName)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return ExtractedDocument.FromText("txt", Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
