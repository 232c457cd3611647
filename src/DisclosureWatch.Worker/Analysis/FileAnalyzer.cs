using System.Security.Cryptography;
using DisclosureWatch.Core;
using DisclosureWatch.Core.Classification;
using DisclosureWatch.Core.Reports;
using DisclosureWatch.Extraction;

namespace DisclosureWatch.Worker.Analysis;

/// <summary>The outcome of reading one file: an analysis, or the reason it could not be read.</summary>
internal sealed record FileAnalysis(string File, string Sha256, DisclosureWatch.Core.Analysis? Analysis, string? Error);

/// <summary>Files to analyses: hashing, extraction and the core pipeline, failures turned into a reason.</summary>
internal sealed class FileAnalyzer(ReportAnalyzer analyzer)
{
    /// <summary>With no classifier given, the promoted or shipped passage model (none when neither is found).</summary>
    public static FileAnalyzer CreateDefault(IPassageClassifier? classifier = null) =>
        new(new ReportAnalyzer(classifier ?? Classification.ModelFiles.LoadDefault()));

    /// <summary>
    /// A report file, or every report of an .eml read as the inbox reads it (<see cref="Mail.MessageIntake.ReadEml"/>):
    /// one analysis per attachment or body that is a report, named "mail.eml › attachment.docx". A mail without a
    /// report, or with a report that could not be read, gives the reason.
    /// </summary>
    public IReadOnlyList<FileAnalysis> TryAnalyzeAll(string path, AnnualReport? previous)
    {
        if (!Mail.EmlInbox.IsEml(path)) return [TryAnalyze(path, previous)];
        var work = Directory.CreateTempSubdirectory("dw-eml-");
        try
        {
            IReadOnlyList<Mail.MessageIntake.MessagePart> parts;
            try { parts = Mail.MessageIntake.ReadEml(path, work.FullName, DateTime.UtcNow); }
            catch (ExtractionException e) { return [new FileAnalysis(path, "", null, e.Message)]; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return [new FileAnalysis(path, "", null, $"{path}: {e.Message}")]; }
            var results = new List<FileAnalysis>();
            foreach (var p in parts)
            {
                var name = $"{path} › {p.Row.FileName}";
                if (p.Work is { } w)
                {
                    var r = TryAnalyze(w.Path, previous);
                    results.Add(r with { File = name, Error = r.Error?.Replace(w.Path, name) });
                }
                else if (Mail.MessageIntake.IsReportName(p.Row.FileName)) results.Add(new FileAnalysis(name, "", null, $"{name}: {p.Row.Reason}"));
            }
            if (results.Count == 0)
                results.Add(new FileAnalysis(path, "", null, $"{path}: no report in the message (no attachment of a supported type, no body that is a report)"
                    + (parts.Count > 0 ? $"; {string.Join("; ", parts.Select(p => p.Row.Reason ?? p.Row.FileName))}" : "")));
            return results;
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }

    public FileAnalysis TryAnalyze(string path, AnnualReport? previous)
    {
        string sha = "";
        try
        {
            using (var stream = File.OpenRead(path)) sha = Convert.ToHexStringLower(SHA256.HashData(stream));
            var document = DocumentReader.Read(path);
            return new FileAnalysis(path, sha, analyzer.Analyze(document, previous), null);
        }
        catch (ExtractionException e)
        {
            return new FileAnalysis(path, sha, null, e.Message);
        }
        catch (IOException e)
        {
            return new FileAnalysis(path, sha, null, $"{path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            return new FileAnalysis(path, sha, null, $"{path}: {e.Message}");
        }
    }
}
