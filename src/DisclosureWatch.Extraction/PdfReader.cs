using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using DisclosureWatch.Core.Documents;

namespace DisclosureWatch.Extraction;

/// <summary>
/// PDF to lines through poppler's <c>pdftotext -layout</c>, run as a child process with a time limit and an output cap.
/// Table columns stay as runs of spaces (the parser reads column gaps); pages are separated by line breaks.
/// </summary>
internal static partial class PdfReader
{
    public static ExtractedDocument Read(string pdfPath, string file, ExtractionOptions options) =>
        ToDocument(RunPdftotext(pdfPath, file, options), file, options);

    /// <summary>pdftotext's text of one PDF as the document's lines, once its text layer is checked.</summary>
    private static ExtractedDocument ToDocument(string text, string file, ExtractionOptions options)
    {
        CheckTextLayer(text, file, options);
        var lines = TextDecoding.SplitLines(text.Replace('\f', '\n'));
        for (var i = 0; i < lines.Count; i++)
        {
            var trimmed = lines[i].Text.TrimEnd();
            if (trimmed.Length != lines[i].Text.Length) lines[i] = new DocumentLine(trimmed);
        }
        return new ExtractedDocument("pdf", lines);
    }

    /// <summary>
    /// Several PDFs through one pdfunite and one pdftotext, each followed by a separator page: a pdftotext process
    /// costs 17 ms of CPU before it reads a page (exec, page faults, linking poppler's libraries), 40% of a bench PDF.
    /// pdftotext lays each page out alone, so a PDF's pages come out as they do on their own. Each PDF's text is
    /// checked as <see cref="Read"/> checks it. A null is a PDF to read on its own: all of them when the group fails
    /// (one PDF pdfunite cannot read, an encrypted one, a time-out, pages that do not add up), so every error is still
    /// the one its own pdftotext gives.
    /// </summary>
    public static ExtractedDocument?[] ReadMany(IReadOnlyList<(string Path, string File)> pdfs, ExtractionOptions options)
    {
        var documents = new ExtractedDocument?[pdfs.Count];
        if (pdfs.Count == 0) return documents;
        var merged = Path.Combine(Path.GetTempPath(), $"dw-{Guid.NewGuid():N}.pdf");
        var separator = Path.ChangeExtension(merged, ".separator.pdf");
        try
        {
            File.WriteAllBytes(separator, Separator);
            var arguments = new List<string>(2 * pdfs.Count + 1);
            foreach (var (path, _) in pdfs) arguments.AddRange([path, separator]);
            arguments.Add(merged);
            var group = $"{pdfs.Count} PDFs ({pdfs[0].File} …)";
            if (Run(options.PdfunitePath, arguments, group, 4096, options).ExitCode != 0) return documents;
            var text = RunPdftotext(merged, group, options with { MaxPdfTextChars = (int)Math.Min(int.MaxValue, (long)options.MaxPdfTextChars * pdfs.Count) });
            var parts = SplitAtSeparators(text);
            if (parts.Count != pdfs.Count) return documents;
            for (var i = 0; i < parts.Count; i++)
            {
                if (parts[i].Length > options.MaxPdfTextChars) continue;
                try { documents[i] = ToDocument(parts[i], pdfs[i].File, options); }
                catch (ExtractionException) { } // read on its own, which gives the same reason
            }
            return documents;
        }
        catch (ExtractionException) { return documents; }
        finally
        {
            File.Delete(merged);
            File.Delete(separator);
        }
    }

    /// <summary>The text of the separator page: no report says this.</summary>
    internal const string SeparatorText = "DisclosureWatch-separator-page-7c1e9b52";

    /// <summary>The one-page PDF put after each PDF of a group (written beside the group's merged PDF, removed with it).</summary>
    private static readonly byte[] Separator = SeparatorPdf();

    /// <summary>A minimal PDF: one page, <see cref="SeparatorText"/> in Helvetica (a standard font, nothing embedded).</summary>
    internal static byte[] SeparatorPdf()
    {
        var content = $"BT /F1 12 Tf 72 720 Td ({SeparatorText}) Tj ET";
        return MinimalPdf(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
        ]);
    }

    /// <summary>A PDF of these objects (numbered from 1, the first the catalog), with a correct cross-reference table.</summary>
    internal static byte[] MinimalPdf(IReadOnlyList<string> objects)
    {
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>
    /// A group's text cut at its separator pages: each part is what pdftotext writes for that PDF alone (every page
    /// ended by a form feed). Text after the last separator is one part more, so a group that does not add up shows.
    /// </summary>
    internal static List<string> SplitAtSeparators(string text)
    {
        var parts = new List<string>();
        var part = new StringBuilder();
        var pages = text.Split('\f');
        for (var i = 0; i < pages.Length - 1; i++) // the text ends with a form feed: nothing after the last one
        {
            if (pages[i].AsSpan().Trim().SequenceEqual(SeparatorText))
            {
                parts.Add(part.ToString());
                part.Clear();
            }
            else part.Append(pages[i]).Append('\f');
        }
        if (part.Length > 0 || pages[^1].Length > 0) parts.Add(part.Append(pages[^1]).ToString());
        return parts;
    }

    private static string RunPdftotext(string pdfPath, string file, ExtractionOptions options)
    {
        var (exitCode, stdout, stderr) = Run(options.PdftotextPath, ["-layout", "-enc", "UTF-8", pdfPath, "-"], file, options.MaxPdfTextChars, options);
        if (exitCode != 0)
        {
            var reason = stderr.Trim();
            if (reason.Length == 0) reason = "no message";
            // What the sender has to fix, in Chinese; pdftotext's own words (without paths) stay as the detail.
            if (reason.Contains("password", StringComparison.OrdinalIgnoreCase))
                throw new ExtractionException(file, $"PDF已加密（设有密码），无法读取，请提供未加密的文件（pdftotext: {Detail(reason, pdfPath)}）");
            throw new ExtractionException(file, $"PDF文件已损坏或不是PDF，无法读取（pdftotext 退出码 {exitCode}: {Detail(reason, pdfPath)}）");
        }
        return stdout;
    }

    /// <summary>
    /// A poppler tool run as a child process with a time limit and a cap on its output: its exit code, output and error
    /// output. A tool that cannot be started, runs too long (its process tree is killed) or writes too much throws.
    /// </summary>
    private static (int ExitCode, string Stdout, string Stderr) Run(string tool, IReadOnlyList<string> arguments, string file, int maxChars, ExtractionOptions options)
    {
        var name = Path.GetFileName(tool);
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ExtractionException(file, $"{name} did not start");
        }
        catch (Win32Exception e)
        {
            throw new ExtractionException(file, $"{name} not found: install poppler-utils ({e.Message})", e);
        }

        using (process)
        {
            var overflow = false;
            var stdout = ReadCapped(process.StandardOutput, maxChars, () =>
            {
                overflow = true;
                Kill(process);
            });
            var stderr = ReadCapped(process.StandardError, 4096, null);
            // A synchronous reader (DocumentReader.Read) around a child process: the pipes drain on threads of their own,
            // this thread waits for them with a time limit, and .Result reads tasks that WaitAll saw finish.
#pragma warning disable RS0030
            if (!process.WaitForExit(options.PdfTimeout))
            {
                Kill(process);
                throw new ExtractionException(file, $"{name} timed out after {options.PdfTimeout.TotalSeconds:0.#} s (process tree killed)");
            }
            if (!Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(5))) // a leftover child may hold the pipes
            {
                Kill(process);
                throw new ExtractionException(file, $"{name} exited, but its output was still open 5 s later (process tree killed)");
            }
            if (overflow)
                throw new ExtractionException(file, $"{name} output exceeds {maxChars:N0} characters");
            return (process.ExitCode, stdout.Result, stderr.Result);
#pragma warning restore RS0030
        }
    }

    /// <summary>
    /// Reads a stream to its end on a thread of its own, keeping at most <paramref name="cap"/> characters; beyond that calls
    /// <paramref name="onOverflow"/>. Not on the pool: the caller blocks a pool thread until the pipes are drained, and a
    /// pool busy with such waits (the analysis workers, tests running side by side) may not start a pooled reader within
    /// the 5 s the pipes are given once the tool has exited.
    /// </summary>
    private static Task<string> ReadCapped(StreamReader reader, int cap, Action? onOverflow) => Task.Factory.StartNew(() =>
    {
        var text = new StringBuilder();
        var buffer = new char[16 * 1024];
        int n;
        while ((n = reader.Read(buffer)) > 0)
        {
            if (text.Length + n > cap)
            {
                text.Append(buffer, 0, cap - text.Length);
                if (onOverflow is not null)
                {
                    onOverflow();
                    return text.ToString();
                }
                continue; // keep draining so the child never blocks on a full pipe
            }
            text.Append(buffer, 0, n);
        }
        return text.ToString();
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>A scanned PDF has pages but (almost) no characters: fewer non-blank characters than the per-page minimum.</summary>
    private static void CheckTextLayer(string text, string file, ExtractionOptions options)
    {
        var pages = Math.Max(1, text.AsSpan().Count('\f'));
        var visible = 0L;
        foreach (var c in text)
            if (!char.IsWhiteSpace(c)) visible++;
        if (visible < (long)options.MinPdfCharsPerPage * pages)
            throw new ExtractionException(file, $"PDF没有文字层（可能是扫描件）: {pages}页共{visible}个字符，请提供可复制文字的PDF或Word文件");
    }

    /// <summary>poppler's "Syntax Error (137): ", "Internal Error: ", "Syntax Warning: ".</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z/ ]*(Error|Warning)( \(\d+\))?: ")]
    private static partial System.Text.RegularExpressions.Regex Prefix();

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it has already exited
        }
    }

    /// <summary>
    /// pdftotext's complaint in short: its error lines (warnings only when there is no error), each once, without the
    /// "Syntax Error:" prefixes and without the file's path (the reason is shown after the file's name already).
    /// </summary>
    internal static string Detail(string stderr, string path)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Replace($"'{path}'", "").Replace(path, "").Trim()).ToList();
        var errors = lines.Where(l => l.Contains("Error", StringComparison.Ordinal)).ToList();
        var chosen = (errors.Count > 0 ? errors : lines).Select(l => Prefix().Replace(l, "")).Distinct().Take(2);
        var detail = string.Join("; ", chosen);
        return detail.Length == 0 ? "no message" : detail;
    }
}
