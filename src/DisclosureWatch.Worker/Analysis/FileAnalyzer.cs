using System.Security.Cryptography;
using DisclosureWatch.Core;
using DisclosureWatch.Core.Classification;
using DisclosureWatch.Core.Reports;
using DisclosureWatch.Extraction;

namespace DisclosureWatch.Worker.Analysis;

/// <summary>The outcome of reading one file: an analysis, or the reason it could not be read.</summary>
public sealed record FileAnalysis(string File, string Sha256, DisclosureWatch.Core.Analysis? Analysis, string? Error);

/// <summary>Files to analyses: hashing, extraction and the core pipeline, failures turned into a reason.</summary>
public sealed class FileAnalyzer(ReportAnalyzer analyzer)
{
    /// <summary>With no classifier given, the promoted or shipped passage model (none when neither is found).</summary>
    public static FileAnalyzer CreateDefault(IPassageClassifier? classifier = null) =>
        new(new ReportAnalyzer(classifier ?? Classification.ModelFiles.LoadDefault()));

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
