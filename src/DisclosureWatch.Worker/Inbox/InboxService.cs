using System.Diagnostics;
using System.Globalization;
using DisclosureWatch.Storage;
using DisclosureWatch.Worker.Hosting;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Inbox;

/// <summary>What one poll did.</summary>
public sealed record PollResult(int Stored, int Duplicates, int Failed, int Waiting, string Outcome)
{
    public int Handled => Stored + Duplicates + Failed;
}

/// <summary>
/// The inbox: an ordinary service the Quartz job calls (and tests call directly). A poll claims settled files
/// by renaming them into this instance's work/ folder (atomic: of several instances exactly one wins), runs
/// them through the pipeline a batch at a time, and only after the batch is committed moves each file to
/// processed/yyyy-MM-dd/, duplicates/ or failed/ (with NAME.error.txt). Files left in work/ by a crash, or
/// by an instance whose heartbeat stopped, are finished first, so nothing is lost and nothing is stored twice.
/// </summary>
public sealed class InboxService
{
    public const string JobName = "inbox";
    private readonly DataPaths _paths;
    private readonly ReportPipeline _pipeline;
    private readonly InboxOptions _options;
    private readonly WorkerOptions _worker;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SettleTracker _settle;

    public InboxService(DataPaths paths, ReportPipeline pipeline, InboxOptions options, WorkerOptions worker, TimeProvider clock, ILogger<InboxService> logger)
    {
        _paths = paths.EnsureCreated();
        _pipeline = pipeline;
        _options = options;
        _worker = worker;
        _clock = clock;
        _logger = logger;
        _settle = new SettleTracker(options.SettleTime);
    }

    /// <summary>Called after each committed batch (the bench reads its figures there).</summary>
    public Action<PollResult>? BatchCommitted { get; set; }

    /// <summary>Hidden and temporary files: .*, ~$*, *.tmp, *.part.</summary>
    public static bool IsIgnored(string name) =>
        name.StartsWith('.') || name.StartsWith("~$", StringComparison.Ordinal) ||
        name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".part", StringComparison.OrdinalIgnoreCase);

    /// <summary>One poll: recover, claim, process, move. When <paramref name="ct"/> fires no further batch is claimed; those in hand are finished.</summary>
    public PollResult Poll(CancellationToken ct = default)
    {
        var store = _pipeline.Store;
        var started = _clock.GetUtcNow().UtcDateTime;
        long? runId = null;
        int stored = 0, duplicates = 0, failed = 0, waiting = 0;
        var outcome = "ok";
        string? message = null;
        try
        {
            runId = _pipeline.StoreCall(() =>
            {
                store.Heartbeat(_worker.InstanceId, started);
                return store.StartRun(JobName, _worker.InstanceId, started);
            });
            _pipeline.StoreCall(() => AdoptClaimsOfSilentInstances(started));

            void Count(IReadOnlyList<FileWork> batch)
            {
                stored += batch.Count(w => w.Outcome == Outcome.Stored);
                duplicates += batch.Count(w => w.Outcome == Outcome.Duplicate);
                failed += batch.Count(w => w.Outcome == Outcome.Failed);
                BatchCommitted?.Invoke(new PollResult(stored, duplicates, failed, 0, "running"));
            }

            // Files this instance claimed before (a crash, a stop between batches, a busy database).
            var leftOver = Directory.EnumerateFiles(_paths.Claims).Order(StringComparer.Ordinal)
                .Select(p => FileWork.At(p, File.GetLastWriteTimeUtc(p))).ToList();
            RunBatches(leftOver.Chunk(_options.BatchSize), recovered: true, Count, ct);

            // .eml files are messages, read by the mail intake (Mail/EmlInbox), not by this pipeline.
            var inbox = new DirectoryInfo(_paths.Inbox).EnumerateFiles().Where(f => !IsIgnored(f.Name) && !Mail.EmlInbox.IsEml(f.Name));
            var ready = _settle.Ready(inbox, started).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
            waiting = _settle.Tracked - ready.Count;
            RunBatches(ready.Chunk(_options.BatchSize).Select(Claim).Where(b => b.Count > 0), recovered: false, Count, ct);
            if (outcome != "stopped" && ct.IsCancellationRequested) outcome = "stopped";
        }
        catch (StoreUnavailableException e)
        {
            outcome = "store-unavailable";
            message = e.Message;
            _logger.LogWarning("Inbox poll stopped, claimed files stay in {Work} for the next poll: {Reason}", _paths.Claims, e.Message);
        }
        finally
        {
            if (runId is { } id)
                try { store.FinishRun(id, _clock.GetUtcNow().UtcDateTime, outcome, stored, duplicates, failed, message); }
                catch (Exception e) when (store.Dialect.IsTransient(e)) { _logger.LogWarning("Run history not updated: {Reason}", e.Message); }
        }
        var result = new PollResult(stored, duplicates, failed, waiting, outcome);
        if (result.Handled > 0 || outcome != "ok")
            _logger.LogInformation("Inbox: {Stored} stored, {Duplicates} duplicates, {Failed} failed, {Waiting} settling ({Outcome}) in {Seconds:0.0} s",
                stored, duplicates, failed, waiting, outcome, (_clock.GetUtcNow().UtcDateTime - started).TotalSeconds);
        return result;
    }

    /// <summary>Renames settled inbox files into work/INSTANCE/; a file another instance took first is skipped.</summary>
    private List<FileWork> Claim(IEnumerable<FileInfo> files)
    {
        var claimed = new List<FileWork>();
        var now = _clock.GetUtcNow().UtcDateTime;
        foreach (var f in files)
        {
            _settle.Forget(f.FullName);
            var target = Path.Combine(_paths.Claims, f.Name);
            if (File.Exists(target)) target = Unique(_paths.Claims, f.Name);
            try
            {
                // rename(2) is atomic: of several instances renaming the same file exactly one succeeds, the others
                // get "not found". The target is in this instance's own folder and was checked free above.
                File.Move(f.FullName, target, overwrite: true);
                claimed.Add(new FileWork(target, f.Name, now));
            }
            catch (FileNotFoundException) { } // another instance claimed it first
            catch (DirectoryNotFoundException) { }
            catch (IOException e) when (!File.Exists(f.FullName)) { _logger.LogDebug("{File} claimed elsewhere: {Reason}", f.Name, e.Message); }
        }
        return claimed;
    }

    /// <summary>
    /// The batches through the pipeline's stream (analysis on every core, one writer); after each commit the
    /// files are moved and the heartbeat renewed. A stop request claims no further batch; the batches in hand
    /// are still committed and moved.
    /// </summary>
    private void RunBatches(IEnumerable<IReadOnlyList<FileWork>> batches, bool recovered, Action<IReadOnlyList<FileWork>> count, CancellationToken ct) =>
        _pipeline.Run(batches, recovered, "inbox", batch =>
        {
            Move(batch);
            count(batch);
            _pipeline.StoreCall(() => { _pipeline.Store.Heartbeat(_worker.InstanceId, _clock.GetUtcNow().UtcDateTime); return 0; });
        }, ct);

    /// <summary>Each file of a committed batch to processed/yyyy-MM-dd/, duplicates/ or failed/ (with NAME.error.txt).</summary>
    private void Move(IReadOnlyList<FileWork> batch)
    {
        var processed = Path.Combine(_paths.Processed, _clock.GetLocalNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (batch.Any(w => w.Outcome == Outcome.Stored)) Directory.CreateDirectory(processed);
        if (batch.Any(w => w.Outcome == Outcome.Duplicate)) Directory.CreateDirectory(_paths.Duplicates);
        foreach (var w in batch)
        {
            switch (w.Outcome)
            {
                case Outcome.Stored:
                    Move(w, processed);
                    break;
                case Outcome.Duplicate:
                    Move(w, _paths.Duplicates);
                    break;
                case Outcome.Failed:
                    var target = Unique(_paths.Failed, w.Name);
                    File.WriteAllText(target + ".error.txt", string.Join('\n',
                        $"file: {w.Name}",
                        $"reason: {w.Error}",
                        $"time: {_clock.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ}",
                        $"attempts: {w.Attempts}",
                        $"sha256: {w.Sha256}",
                        $"instance: {_worker.InstanceId}") + "\n");
                    File.Move(w.Path, target);
                    break;
                default:
                    throw new UnreachableException($"{w.Name} left the pipeline without an outcome");
            }
        }
    }

    private static void Move(FileWork w, string folder) => File.Move(w.Path, Unique(folder, w.Name));

    /// <summary>NAME, or NAME-1, NAME-2 … (before the extension) when NAME is taken.</summary>
    internal static string Unique(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        if (!File.Exists(path)) return path;
        var stem = Path.GetFileNameWithoutExtension(name);
        var ext = Path.GetExtension(name);
        for (var i = 1; ; i++)
        {
            path = Path.Combine(folder, $"{stem}-{i}{ext}");
            if (!File.Exists(path)) return path;
        }
    }

    /// <summary>An instance silent for longer than the lease is dead: its claimed files become ours.</summary>
    private int AdoptClaimsOfSilentInstances(DateTime now)
    {
        var total = 0;
        var store = _pipeline.Store;
        foreach (var dead in store.SilentInstances(now - _worker.ClaimLease))
        {
            if (dead == _worker.InstanceId) continue;
            var folder = Path.Combine(_paths.Work, dead);
            var adopted = 0;
            if (Directory.Exists(folder))
                foreach (var file in Directory.EnumerateFiles(folder))
                {
                    var name = Path.GetFileName(file);
                    try { File.Move(file, Unique(_paths.Claims, name), overwrite: true); adopted++; } // rename(2): one survivor wins
                    catch (FileNotFoundException) { } // another survivor adopted it
                }
            store.ForgetInstance(dead);
            if (adopted > 0) _logger.LogWarning("Instance {Instance} is silent: adopted its {Count} claimed files", dead, adopted);
            total += adopted;
        }
        return total;
    }
}
