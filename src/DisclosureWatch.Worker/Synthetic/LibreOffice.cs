using System.Diagnostics;

namespace DisclosureWatch.Worker.Synthetic;

/// <summary>LibreOffice, headless, as the PDF layout's printer.</summary>
internal static class LibreOffice
{
    /// <summary>
    /// Converts documents (.docx; plain text with <paramref name="inputFilter"/>, e.g. "Text (encoded):UTF8,LF,,,") to PDF
    /// with one LibreOffice call (a private profile, so parallel sessions do not clash). Returns the PDF paths in the same order.
    /// </summary>
    public static IReadOnlyList<string> ConvertToPdf(IReadOnlyList<string> docxPaths, string outDir, string? inputFilter = null)
    {
        if (docxPaths.Count == 0) return [];
        Directory.CreateDirectory(outDir);
        var profile = Path.Combine(outDir, "lo-profile");
        var start = new ProcessStartInfo("soffice") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { $"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", outDir })
            start.ArgumentList.Add(a);
        if (inputFilter is not null) start.ArgumentList.Add($"--infilter={inputFilter}");
        foreach (var p in docxPaths) start.ArgumentList.Add(p);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("soffice did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("LibreOffice took longer than 10 minutes");
        }
        var pdfs = docxPaths.Select(p => Path.Combine(outDir, Path.GetFileNameWithoutExtension(p) + ".pdf")).ToList();
        var missing = pdfs.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
#pragma warning disable RS0030 // a synchronous converter around a child process that has exited: its pipes are read to their end
            throw new InvalidOperationException($"LibreOffice made no PDF of {missing.Count} files (exit {process.ExitCode}): {stderr.Result}{stdout.Result}");
#pragma warning restore RS0030
        return pdfs;
    }
}
