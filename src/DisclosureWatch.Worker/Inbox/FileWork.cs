namespace DisclosureWatch.Worker.Inbox;

/// <summary>
/// What became of a file. <see cref="Pending"/>: still on its way (hashed, analyzed, not yet stored).
/// <see cref="TakenOver"/>: another instance took the claimed file over (it is theirs now, neither recorded nor
/// moved here). <see cref="Deferred"/>: an external tool its format needs is missing; the file goes back to wait,
/// unrecorded, and is read once the tool is there.
/// </summary>
internal enum Outcome { Pending, Stored, Duplicate, Failed, TakenOver, Deferred }

/// <summary>A file handed to the pipeline: where it is, what it was called when it arrived, when.</summary>
internal sealed record FileWork(string Path, string Name, DateTime ReceivedAt)
{
    /// <summary>Claimed from the inbox into work/INSTANCE/: if it vanishes, another instance took it over (not a failure).</summary>
    public bool Claimed { get; init; }

    /// <summary>The name's bytes on disk when they were not UTF-8 (<see cref="Name"/> is then their readable form).</summary>
    public byte[]? RawName { get; init; }

    public static FileWork At(string path, DateTime receivedAt) => new(path, System.IO.Path.GetFileName(path), receivedAt);
}

/// <summary>
/// What the pipeline made of a file so far. Each stage returns a new value (hashed, analyzed, stored, moved):
/// nothing is changed in place, so a result can cross from one thread to the next without a lock.
/// </summary>
internal sealed record FileResult(FileWork File, Outcome Outcome = Outcome.Pending)
{
    public string Path => File.Path;
    public string Name => File.Name;
    public string Sha256 { get; init; } = "";
    /// <summary>The file's bytes as hashed, for the analysis to read (small text, html and docx files: read once, not twice).</summary>
    public byte[]? Content { get; init; }
    /// <summary>The analysis, until the report is stored (then let go: a batch's memory is freed at its commit).</summary>
    public DisclosureWatch.Core.Analysis? Analysis { get; init; }
    /// <summary>The hash of the report's normalised text, once analyzed (the same content re-encoded is a duplicate).</summary>
    public string? TextSha256 { get; init; }
    /// <summary>Why it failed: readable, names the file.</summary>
    public string? Error { get; init; }
    /// <summary>Tries it took (transient errors are retried).</summary>
    public int Attempts { get; init; } = 1;
    /// <summary>The stored report (for a duplicate: the original).</summary>
    public long? ReportId { get; init; }

    /// <summary>Failed with the reason; but a claimed file that is no longer there was taken over by another instance.</summary>
    public FileResult Fail(string reason) =>
        this with { Outcome = File.Claimed && !System.IO.File.Exists(File.Path) ? Outcome.TakenOver : Outcome.Failed, Error = reason };
}
