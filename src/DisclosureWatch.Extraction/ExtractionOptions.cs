namespace DisclosureWatch.Extraction;

/// <summary>
/// Limits that keep extraction bounded on hostile input (huge files, zip bombs, hanging pdftotext).
/// The defaults suit annual reports, which are a few hundred KB; every limit ends in an <see cref="ExtractionException"/>.
/// </summary>
public sealed record ExtractionOptions
{
    public static ExtractionOptions Default { get; } = new();

    /// <summary>Largest input file accepted, in bytes (default 50 MB).</summary>
    public long MaxInputBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>The pdftotext executable: a name looked up on PATH, or a full path.</summary>
    public string PdftotextPath { get; init; } = "pdftotext";

    /// <summary>poppler's pdfunite, which joins a group of PDFs for one pdftotext run: a name on PATH, or a full path.</summary>
    public string PdfunitePath { get; init; } = "pdfunite";

    /// <summary>How long pdftotext may run before its process tree is killed (default 30 s).</summary>
    public TimeSpan PdfTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most characters of pdftotext output kept; more is an error, not a silent cut (default 16 M).</summary>
    public int MaxPdfTextChars { get; init; } = 16 * 1024 * 1024;

    /// <summary>A PDF with fewer non-blank characters per page than this has no usable text layer (default 20).</summary>
    public int MinPdfCharsPerPage { get; init; } = 20;

    /// <summary>How long parsing one HTML page may take (default 10 s; a report page takes milliseconds).</summary>
    public TimeSpan HtmlParseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most entries a .docx archive may hold (default 5,000).</summary>
    public int MaxZipEntries { get; init; } = 5_000;

    /// <summary>Most bytes all .docx entries may inflate to, together (default 200 MB).</summary>
    public long MaxZipUncompressedBytes { get; init; } = 200L * 1024 * 1024;

    /// <summary>Largest word/document.xml accepted, uncompressed (default 50 MB).</summary>
    public long MaxDocumentXmlBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Most cells one table may expand to once row/column spans are laid out (default 1 M).</summary>
    public int MaxTableCells { get; init; } = 1_000_000;
}
