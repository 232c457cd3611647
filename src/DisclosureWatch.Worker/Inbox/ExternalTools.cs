using DisclosureWatch.Extraction;

namespace DisclosureWatch.Worker.Inbox;

/// <summary>The external programs some formats need (pdftotext for .pdf), looked up as the extraction will start them.</summary>
internal static class ExternalTools
{
    public static string Pdftotext => ExtractionOptions.Default.PdftotextPath;

    /// <summary>Whether <paramref name="tool"/> (a name looked up on PATH, or a path) is an executable file now.</summary>
    public static bool Available(string tool)
    {
        if (tool.Contains('/')) return IsExecutable(tool);
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (IsExecutable(Path.Combine(dir, tool))) return true;
        return false;
    }

    private static bool IsExecutable(string path)
    {
        try
        {
            return File.Exists(path) &&
                   (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>Files that wait while pdftotext is missing: PDFs, and messages (which may carry PDFs).</summary>
    public static bool NeedsPdftotext(string name) =>
        name.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) || Mail.EmlInbox.IsEml(name);
}
