namespace DisclosureWatch.Worker.Inbox;

/// <summary>
/// Tells when a file has finished arriving: its size and modification time have not changed for the settle
/// time. A file first seen counts as stable since its mtime (so files already there at start-up are ready
/// at once); any change seen between scans restarts the clock.
/// </summary>
public sealed class SettleTracker(TimeSpan settle)
{
    private readonly Dictionary<string, (long Size, DateTime Mtime, DateTime Since)> _seen = new(StringComparer.Ordinal);

    public IReadOnlyList<FileInfo> Ready(IEnumerable<FileInfo> files, DateTime nowUtc)
    {
        var ready = new List<FileInfo>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            f.Refresh();
            if (!f.Exists) continue;
            present.Add(f.FullName);
            var size = f.Length;
            var mtime = f.LastWriteTimeUtc;
            DateTime since;
            if (!_seen.TryGetValue(f.FullName, out var seen)) since = mtime;
            else if (seen.Size != size || seen.Mtime != mtime) since = nowUtc;
            else since = seen.Since;
            _seen[f.FullName] = (size, mtime, since);
            if (nowUtc - since >= settle) ready.Add(f);
        }
        foreach (var gone in _seen.Keys.Where(k => !present.Contains(k)).ToList()) _seen.Remove(gone);
        return ready;
    }

    public void Forget(string path) => _seen.Remove(path);

    public int Tracked => _seen.Count;
}
