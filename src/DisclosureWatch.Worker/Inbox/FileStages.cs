using System.Security.Cryptography;
using DisclosureWatch.Core;
using DisclosureWatch.Extraction;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Inbox;

/// <summary>The per-file stages of the pipeline: each takes a result and returns the next one, touching no store.</summary>
internal sealed class FileStages(ReportAnalyzer analyzer, Retry retry, ILogger logger)
{
    /// <summary>Files up to this size (not PDFs: pdftotext reads those itself) are kept in memory from the hash to the analysis.</summary>
    private const long KeptBytes = 1 << 20;

    /// <summary>The file's sha256 (a locked file is retried); a file that cannot be read fails with the reason.</summary>
    public FileResult Hash(FileWork file, CancellationToken ct)
    {
        var result = new FileResult(file);
        try
        {
            var ((sha, content), attempts) = retry.Run(() =>
            {
                using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0); // HashData reads in its own chunks
                var length = stream.Length;
                if (length is 0 or > KeptBytes || file.Path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
                    return (Convert.ToHexStringLower(SHA256.HashData(stream)), (byte[]?)null);
                var bytes = new byte[length];
                stream.ReadExactly(bytes);
                return (Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes);
            }, Retry.IsTransientIo, ct);
            return result with { Sha256 = sha, Content = content, Attempts = attempts };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var failed = result.Fail($"{file.Name}: cannot be read: {e.Message}");
            return failed.Outcome == Outcome.Failed ? failed with { Attempts = retry.MaxAttempts } : failed;
        }
    }

    /// <summary>
    /// Most PDFs extracted by one pdfunite and one pdftotext run. poppler's CPU a bench PDF (3 pages, perf stat): 43 ms one
    /// by one, 25.9 in groups of 6, 22.5 of 10, 20.9 of 13 to 25, 26 of 100.
    /// </summary>
    public const int PdfGroup = 25;

    /// <summary>Whether the file is a PDF read from disk (the PDFs <see cref="Analyze(IReadOnlyList{FileResult})"/> extracts together).</summary>
    public static bool IsPdfOnDisk(FileResult w) => w.Content is null && w.Path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Files analysed together: their PDFs are extracted by one pdfunite and one pdftotext run
    /// (<see cref="DocumentReader.ReadPdfs"/>), then each file is analysed as <see cref="Analyze(FileResult)"/> does. A PDF
    /// the group could not read is read on its own, so its outcome and its reason are those it has alone.
    /// </summary>
    public FileResult[] Analyze(IReadOnlyList<FileResult> group)
    {
        if (group.Count == 1) return [Analyze(group[0])];
        var pdfs = group.Where(IsPdfOnDisk).ToList();
        var extracted = new Dictionary<FileResult, Core.Documents.ExtractedDocument>(ReferenceEqualityComparer.Instance);
        if (pdfs.Count > 1)
        {
            try
            {
                var read = DocumentReader.ReadPdfs([.. pdfs.Select(w => w.Path)]);
                for (var i = 0; i < pdfs.Count; i++)
                    if (read[i] is { } document) extracted[pdfs[i]] = document;
            }
            catch (Exception e)
            {
                // The group only saves CPU: whatever stops it (a full temp folder, a bug), each PDF is read on its own.
                logger.Log(e is IOException or UnauthorizedAccessException ? LogLevel.Warning : LogLevel.Error, e,
                    "{Count} PDFs from {File} on could not be extracted together ({Reason}); each is read on its own", pdfs.Count, pdfs[0].Name, e.Message);
            }
        }
        return [.. group.Select(w => Analyze(w, extracted.GetValueOrDefault(w)))];
    }

    /// <summary>Extracts and analyzes the file (pdftotext for a PDF); a file that is no report, or cannot be read, fails with the reason.</summary>
    public FileResult Analyze(FileResult w) => Analyze(w, null);

    private FileResult Analyze(FileResult w, Core.Documents.ExtractedDocument? extracted)
    {
        try
        {
            var analysis = analyzer.Analyze(extracted ?? (w.Content is { } bytes ? DocumentReader.Read(bytes, w.Path) : DocumentReader.Read(w.Path)));
            var r = analysis.Report;
            if (r.Sections.Count == 0 && r.ActiveDisclosure is null && r.Applications is null && r.ReviewLitigation is null)
                return w.Fail($"{w.Name}: {ReportPipeline.NotAReport}");
            return w with { Analysis = analysis, TextSha256 = analysis.TextSha256, Content = null };
        }
        catch (ExtractionException e) when (e.InnerException is System.ComponentModel.Win32Exception)
        {
            // The external tool (pdftotext) could not be started: the file is fine, the machine is not. It waits.
            return w with { Outcome = Outcome.Deferred, Error = $"{w.Name}: {e.Reason}" };
        }
        catch (ExtractionException e)
        {
            return w.Fail($"{w.Name}: {e.Reason}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return w.Fail($"{w.Name}: cannot be read: {e.Message}");
        }
        catch (Exception e)
        {
            // A bug in a parser or rule must not stop the worker: the file is set aside with the reason.
            logger.LogError(e, "{File}: analysis crashed", w.Name);
            return w.Fail($"{w.Name}: analysis failed ({e.GetType().Name}: {e.Message})");
        }
    }
}
