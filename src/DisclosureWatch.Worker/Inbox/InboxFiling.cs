using System.Diagnostics;
using System.Globalization;
using DisclosureWatch.Worker.Store;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Inbox;

/// <summary>
/// Where a handled file goes: processed/yyyy-MM-dd/, duplicates/, failed/ (with NAME.error.txt) or, when a tool it
/// needs is missing, back to the inbox. Each move is a rename under a free name.
/// </summary>
internal sealed class InboxFiling(DataPaths paths, string instance, TimeProvider clock, ILogger logger)
{
    /// <summary>The file moved (its new path in the result), or <see cref="Outcome.TakenOver"/> when it is gone: another instance took it over.</summary>
    public FileResult Move(FileResult w)
    {
        try
        {
            switch (w.Outcome)
            {
                case Outcome.Stored:
                    return MoveTo(w, Path.Combine(paths.Processed, clock.GetLocalNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                case Outcome.Duplicate:
                    return MoveTo(w, paths.Duplicates);
                case Outcome.Deferred:
                    logger.LogWarning("{File}: back to the inbox until the tool is there: {Reason}", w.Name, w.Error);
                    return MoveTo(w, paths.Inbox);
                case Outcome.Failed:
                    var target = Unique(paths.Failed, w.Name, ErrorFile.Suffix.Length);
                    ErrorFile.Write(target, ErrorLines(w));
                    try { File.Move(w.Path, target); }
                    catch (FileNotFoundException) { File.Delete(target + ErrorFile.Suffix); throw; }
                    return w with { File = w.File with { Path = target } };
                case Outcome.TakenOver:
                    logger.LogInformation("{File}: taken over by another instance", w.Name);
                    return w;
                default:
                    throw new UnreachableException($"{w.Name} left the pipeline without an outcome");
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException && !File.Exists(w.Path))
        {
            logger.LogInformation("{File}: taken over by another instance before it was moved", w.Name);
            return w with { Outcome = Outcome.TakenOver };
        }
    }

    /// <summary>NAME.error.txt's lines: the file, its raw name bytes when not UTF-8, the reason, time, attempts, sha256, instance.</summary>
    private List<(string, string?)> ErrorLines(FileResult w)
    {
        var lines = new List<(string, string?)>
        {
            ("file", w.Name), ("reason", w.Error), ("time", ErrorFile.Time(clock.GetUtcNow())),
            ("attempts", w.Attempts.ToString(CultureInfo.InvariantCulture)), ("sha256", w.Sha256), ("instance", instance),
        };
        if (w.File.RawName is { } raw) lines.Insert(1, ("name-bytes", Convert.ToHexStringLower(raw)));
        return lines;
    }

    /// <summary>The folder last created (processed/ has one a day): not created again for every file.</summary>
    private string? _created;

    /// <summary>Moves a file into <paramref name="folder"/> under its name, or a free one when that is taken (one rename, never replacing a file).</summary>
    private FileResult MoveTo(FileResult w, string folder)
    {
        if (_created != folder) Directory.CreateDirectory(_created = folder);
        var target = Path.Combine(folder, InboxListing.Fit(w.Name));
        for (var attempt = 1; ; attempt++)
        {
            InboxListing.MoveResult moved;
            try { moved = InboxListing.Move(w.Path, target); }
            catch (DirectoryNotFoundException) when (attempt < 5) // removed since: made again
            {
                Directory.CreateDirectory(folder);
                continue;
            }
            switch (moved)
            {
                case InboxListing.MoveResult.Moved: return w with { File = w.File with { Path = target } };
                case InboxListing.MoveResult.SourceGone: throw new FileNotFoundException($"{w.Name}: gone from {w.Path}", w.Path);
                case InboxListing.MoveResult.TargetExists when attempt < 5: target = Unique(folder, w.Name); break;
                default: throw new IOException($"{w.Name}: no free name for it in {folder}");
            }
        }
    }

    /// <summary>NAME, or NAME-1, NAME-2 … (before the extension) when NAME is taken; always short enough for the file system,
    /// with <paramref name="reserve"/> bytes left for a suffix such as .error.txt.</summary>
    internal static string Unique(string folder, string name, int reserve = 0)
    {
        name = InboxListing.Fit(name, reserve);
        var path = Path.Combine(folder, name);
        if (!File.Exists(path)) return path;
        name = InboxListing.Fit(name, reserve + 8);
        var stem = Path.GetFileNameWithoutExtension(name);
        var ext = Path.GetExtension(name);
        for (var i = 1; ; i++)
        {
            path = Path.Combine(folder, $"{stem}-{i}{ext}");
            if (!File.Exists(path)) return path;
        }
    }
}
