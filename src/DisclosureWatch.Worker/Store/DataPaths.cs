namespace DisclosureWatch.Worker.Store;

/// <summary>The data directory's layout.</summary>
internal sealed record DataPaths(string Root, string InstanceId)
{
    /// <summary>The layout of the configured data directory (Store:DataDirectory, relative to the working directory) for this instance.</summary>
    public static DataPaths For(StoreOptions store, WorkerOptions worker) => new(Path.GetFullPath(store.DataDirectory), worker.InstanceId);

    public string Database => Path.Combine(Root, "dw.db");
    public string Inbox => Path.Combine(Root, "inbox");
    public string Processed => Path.Combine(Root, "processed");
    public string Failed => Path.Combine(Root, "failed");
    public string Duplicates => Path.Combine(Root, "duplicates");
    public string Outbox => Path.Combine(Root, "outbox");
    public string Models => Path.Combine(Root, "models");
    public string Labels => Path.Combine(Root, "labels");
    /// <summary>Claimed files in flight, one folder per instance.</summary>
    public string Work => Path.Combine(Root, "work");
    public string Claims => Path.Combine(Work, InstanceId);

    public DataPaths EnsureCreated()
    {
        foreach (var d in new[] { Root, Inbox, Processed, Failed, Duplicates, Outbox, Work, Claims }) Directory.CreateDirectory(d);
        return this;
    }
}
