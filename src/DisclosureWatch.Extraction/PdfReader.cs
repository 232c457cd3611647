using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using DisclosureWatch.Core.Documents;

namespace DisclosureWatch.Extraction;

/// <summary>
/// PDF to lines through poppler's <c>pdftotext -layout</c>, run as a child process with a time limit and an output cap.
/// Table columns stay as runs of spaces (the parser reads column gaps); pages are separated by line breaks.
/// </summary>
internal static partial class PdfReader
{
    public static ExtractedDocument Read(string pdfPath, string file, ExtractionOptions options)
    {
        var text = RunPdftotext(pdfPath, file, options);
        CheckTextLayer(text, file, options);
        var lines = TextDecoding.SplitLines(text.Replace('\f', '\n'));
        for (var i = 0; i < lines.Count; i++)
        {
            var trimmed = lines[i].Text.TrimEnd();
            if (trimmed.Length != lines[i].Text.Length) lines[i] = new DocumentLine(trimmed);
        }
        return new ExtractedDocument("pdf", lines);
    }

    private static string RunPdftotext(string pdfPath, string file, ExtractionOptions options)
    {
        var start = new ProcessStartInfo(options.PdftotextPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in (string[])["-layout", "-enc", "UTF-8", pdfPath, "-"]) start.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ExtractionException(file, "pdftotext did not start");
        }
        catch (Win32Exception e)
        {
            throw new ExtractionException(file, $"pdftotext not found: install poppler-utils ({e.Message})", e);
        }

        using (process)
        {
            var overflow = false;
            var stdout = ReadCapped(process.StandardOutput, options.MaxPdfTextChars, () =>
            {
                overflow = true;
                Kill(process);
            });
            var stderr = ReadCapped(process.StandardError, 4096, null);
            // A synchronous reader (DocumentReader.Read) around a child process: the pipes drain on the pool, this thread
            // waits for them with a time limit, and .Result reads tasks that WaitAll saw finish.
#pragma warning disable RS0030
            var finished = process.WaitForExit(options.PdfTimeout)
                           && Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(5)); // a leftover child may hold the pipes
            if (!finished)
            {
                Kill(process);
                throw new ExtractionException(file, $"pdftotext timed out after {options.PdfTimeout.TotalSeconds:0.#} s (process tree killed)");
            }
            if (overflow)
                throw new ExtractionException(file, $"pdftotext output exceeds {options.MaxPdfTextChars:N0} characters");
            if (process.ExitCode != 0)
            {
                var reason = stderr.Result.Trim();
                if (reason.Length == 0) reason = "no message";
                // What the sender has to fix, in Chinese; pdftotext's own words (without paths) stay as the detail.
                if (reason.Contains("password", StringComparison.OrdinalIgnoreCase))
                    throw new ExtractionException(file, $"PDF已加密（设有密码），无法读取，请提供未加密的文件（pdftotext: {Detail(reason, pdfPath)}）");
                throw new ExtractionException(file, $"PDF文件已损坏或不是PDF，无法读取（pdftotext 退出码 {process.ExitCode}: {Detail(reason, pdfPath)}）");
            }
            return stdout.Result;
#pragma warning restore RS0030
        }
    }

    /// <summary>Reads a stream to its end, keeping at most <paramref name="cap"/> characters; beyond that calls <paramref name="onOverflow"/>.</summary>
    private static Task<string> ReadCapped(StreamReader reader, int cap, Action? onOverflow) => Task.Run(async () =>
    {
        var text = new StringBuilder();
        var buffer = new char[16 * 1024];
        int n;
        while ((n = await reader.ReadAsync(buffer)) > 0)
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
    });

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
