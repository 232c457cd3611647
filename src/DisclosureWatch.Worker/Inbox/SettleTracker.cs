namespace DisclosureWatch.Worker.Inbox;

/// <summary>
/// Tells when a file has finished arriving: its size and modification time have not changed for the settle
/// time. A file first seen counts as stable since its mtime (so files already there at start-up are ready
/// at once, and are never remembered); any change seen between scans restarts the clock. Only files still
/// settling are remembered, each by a 64-bit hash of its name (about 70 bytes a file, not the name itself), so a
/// full inbox of settled files costs nothing here and 100,000 still arriving cost a few MB.
/// </summary>
internal sealed class SettleTracker(TimeSpan settle)
{
    private readonly Dictionary<ulong, (long Size, DateTime Mtime, DateTime Since, int Pass)> _seen = [];
    private int _pass;

    /// <summary>Starts a pass over the inbox; <see cref="EndPass"/> then forgets files not seen in it.</summary>
    public void BeginPass() => _pass++;

    public void EndPass()
    {
        foreach (var gone in _seen.Where(s => s.Value.Pass != _pass).Select(s => s.Key).ToList()) _seen.Remove(gone);
    }

    /// <summary>Whether the file <paramref name="key"/> with this size and mtime has settled at <paramref name="nowUtc"/>.</summary>
    public bool IsSettled(string name, long size, DateTime mtimeUtc, DateTime nowUtc)
    {
        var key = Key(name);
        DateTime since;
        if (!_seen.TryGetValue(key, out var seen)) since = mtimeUtc;
        else if (seen.Size != size || seen.Mtime != mtimeUtc) since = nowUtc;
        else since = seen.Since;
        if (nowUtc - since >= settle)
        {
            _seen.Remove(key);
            return true;
        }
        _seen[key] = (size, mtimeUtc, since, _pass);
        return false;
    }

    /// <summary>One whole pass over these files: those that have settled.</summary>
    public IReadOnlyList<FileInfo> Ready(IEnumerable<FileInfo> files, DateTime nowUtc)
    {
        BeginPass();
        var ready = new List<FileInfo>();
        foreach (var f in files)
        {
            f.Refresh();
            if (f.Exists && IsSettled(f.FullName, f.Length, f.LastWriteTimeUtc, nowUtc)) ready.Add(f);
        }
        EndPass();
        return ready;
    }

    public void Forget(string name) => _seen.Remove(Key(name));

    /// <summary>FNV-1a, 64 bits: among 100,000 names a collision has odds of about 1 in 3 billion.</summary>
    private static ulong Key(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash = (hash ^ (byte)c) * 1099511628211UL;
            hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
        }
        return hash;
    }

    /// <summary>Files still settling.</summary>
    public int Tracked => _seen.Count;
}
