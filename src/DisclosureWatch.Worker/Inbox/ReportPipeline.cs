using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using DisclosureWatch.Core;
using DisclosureWatch.Core.Reports;
using DisclosureWatch.Extraction;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Storage.Runs;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Inbox;

/// <summary>
/// What became of a file. <see cref="TakenOver"/>: another instance took the claimed file over (it is theirs now,
/// neither recorded nor moved here). <see cref="Deferred"/>: an external tool its format needs is missing; the file
/// goes back to wait, unrecorded, and is read once the tool is there.
/// </summary>
internal enum Outcome { Pending, Stored, Duplicate, Failed, TakenOver, Deferred }

/// <summary>One file going through the pipeline, and what became of it.</summary>
internal sealed class FileWork(string path, string name, DateTime receivedAt)
{
    /// <summary>Where the file is now.</summary>
    public string Path { get; set; } = path;
    /// <summary>The file name as received.</summary>
    public string Name { get; } = name;
    public DateTime ReceivedAt { get; } = receivedAt;
    public string Sha256 { get; set; } = "";
    public DisclosureWatch.Core.Analysis? Analysis { get; set; }
    public Outcome Outcome { get; set; }
    /// <summary>Why it failed: readable, names the file.</summary>
    public string? Error { get; set; }
    /// <summary>Tries it took (transient errors are retried).</summary>
    public int Attempts { get; set; } = 1;
    /// <summary>The hash of the report's normalised text, once analyzed (the same content re-encoded is a duplicate).</summary>
    public string? TextSha256 { get; set; }
    /// <summary>The stored report (for a duplicate: the original).</summary>
    public long? ReportId { get; set; }
    /// <summary>Claimed from the inbox into work/INSTANCE/: if it vanishes, another instance took it over (not a failure).</summary>
    public bool Claimed { get; init; }
    /// <summary>The name's bytes on disk when they were not UTF-8 (<see cref="Name"/> is then their readable form).</summary>
    public byte[]? RawName { get; init; }

    public static FileWork At(string path, DateTime receivedAt) => new(path, System.IO.Path.GetFileName(path), receivedAt);
}

/// <summary>The database stayed busy or unreachable through every retry: nothing was stored, try the batch later.</summary>
internal sealed class StoreUnavailableException(Exception inner)
    : Exception($"the store is unavailable: {inner.Message}", inner);

/// <summary>
/// Files to stored reports, a batch at a time: hash, set aside what is already stored (never re-analyzed),
/// analyze the rest in parallel, store them all in one transaction. Shared by the inbox job, `dw ingest`
/// and `dw bench ingest`; it never moves files (the inbox does that once the batch is committed).
/// </summary>
internal sealed class ReportPipeline(ReportAnalyzer analyzer, ReportRepository store, RunStore runs, Retry retry, TimeProvider clock, ILogger logger, string? modelVersion = null)
{
    public const string NotAReport = "not a government information disclosure annual report: no sections or tables found";

    public ReportRepository Store => store;

    /// <param name="recovered">The files were claimed before a crash: a sha already stored under the same file name is that file's own commit.</param>
    public void Process(IReadOnlyList<FileWork> batch, string source, bool recovered, CancellationToken ct)
    {
        Prepare(batch, recovered, ct);
        Commit(batch, source);
    }

    /// <summary>
    /// Batches through the pipeline as a stream: this thread hashes and admits batches (at most
    /// <see cref="BatchesAhead"/> ahead of the commit), one analysis worker per core takes files as they come,
    /// and one writer commits each batch, in order, once its files are analyzed, then calls
    /// <paramref name="committed"/> (the inbox moves the files there). No core waits for a batch's slowest file.
    /// A stop request admits no further batch (<paramref name="batches"/> is not read on: nothing more is
    /// claimed); the batches admitted are still committed, so a stop never leaves half a batch. A failed commit
    /// stops the run: later batches stay uncommitted (the inbox finds their files in work/ on its next poll)
    /// and the error is thrown here.
    /// </summary>
    /// <param name="beforeCommit">Called by the writer before each commit (the inbox checks there that the files are still its own);
    /// an exception from it stops the run like a failed commit.</param>
    public void Run(IEnumerable<IReadOnlyList<FileWork>> batches, bool recovered, string source, Action<IReadOnlyList<FileWork>> committed, CancellationToken ct,
        Action<IReadOnlyList<FileWork>>? beforeCommit = null)
    {
        using var slots = new SemaphoreSlim(BatchesAhead + 1);
        using var files = new BlockingCollection<(FileWork Work, CountdownEvent Batch)>();
        using var commits = new BlockingCollection<(IReadOnlyList<FileWork> Files, CountdownEvent Analyzed)>();
        using var failed = new CancellationTokenSource();
        ExceptionDispatchInfo? error = null;

        var workers = Enumerable.Range(0, Environment.ProcessorCount).Select(i => Start($"dw analyze {i}", () =>
        {
            foreach (var (w, batch) in files.GetConsumingEnumerable())
                try { Analyze(w); }
                finally { batch.Signal(); }
        })).ToArray();
        var writer = Start("dw writer", () =>
        {
            foreach (var (batch, analyzed) in commits.GetConsumingEnumerable())
            {
                analyzed.Wait();
                analyzed.Dispose();
                if (error is null)
                    try
                    {
                        ReviewAgainstLastYear(batch);
                        beforeCommit?.Invoke(batch);
                        Commit(batch, source);
                        committed(batch);
                    }
                    catch (Exception e)
                    {
                        error = ExceptionDispatchInfo.Capture(e);
                        failed.Cancel();
                    }
                slots.Release();
            }
        });

        try
        {
            using var next = batches.GetEnumerator();
            while (WaitForSlot(slots, failed.Token) && !ct.IsCancellationRequested && next.MoveNext())
            {
                var batch = next.Current;
                Admit(batch, recovered, ct);
                var pending = batch.Where(w => w.Outcome == Outcome.Pending).ToList();
                var analyzed = new CountdownEvent(pending.Count);
                commits.Add((batch, analyzed));
                foreach (var w in pending) files.Add((w, analyzed));
            }
        }
        finally
        {
            // Never leave a worker or the writer running behind our back, even when admitting failed.
            files.CompleteAdding();
            commits.CompleteAdding();
            foreach (var worker in workers) worker.Join();
            writer.Join();
        }
        error?.Throw();
    }

    /// <summary>Batches admitted beyond the one being committed: enough that no worker runs dry, few enough to keep memory flat.</summary>
    public const int BatchesAhead = 2;

    /// <summary>A named thread (top -H and the profilers show what it is).</summary>
    private static Thread Start(string name, Action body)
    {
        var thread = new Thread(() => body()) { Name = name, IsBackground = true };
        thread.Start();
        return thread;
    }

    private static bool WaitForSlot(SemaphoreSlim slots, CancellationToken failed)
    {
        try { slots.Wait(failed); return true; }
        catch (OperationCanceledException) { return false; }
    }

    private static readonly ParallelOptions PerCore = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    /// <summary>Hashes, sets aside what is stored already, analyzes the rest (in parallel). Touches no file and writes nothing.</summary>
    public void Prepare(IReadOnlyList<FileWork> batch, bool recovered, CancellationToken ct)
    {
        Admit(batch, recovered, ct);
        Parallel.ForEach(batch.Where(w => w.Outcome == Outcome.Pending), PerCore, Analyze);
        ReviewAgainstLastYear(batch);
    }

    /// <summary>Hashes the files and sets aside those whose content is stored already (never re-analyzed).</summary>
    private void Admit(IReadOnlyList<FileWork> batch, bool recovered, CancellationToken ct)
    {
        Parallel.ForEach(batch, PerCore, w => Hash(w, ct));

        var known = StoreCall(() => store.FindByShas(batch.Where(w => w.Outcome == Outcome.Pending).Select(w => w.Sha256).ToList()));
        foreach (var w in batch.Where(w => w.Outcome == Outcome.Pending))
            if (known.TryGetValue(w.Sha256, out var stored))
            {
                w.ReportId = stored.Id;
                w.Outcome = recovered && stored.FileName == w.Name ? Outcome.Stored : Outcome.Duplicate;
            }
    }

    /// <summary>Reports whose organ has last year's report in the store are reviewed against it (the cross-year rules).</summary>
    private void ReviewAgainstLastYear(IReadOnlyList<FileWork> batch)
    {
        var analysed = batch.Where(w => w.Outcome == Outcome.Pending && w.Analysis is not null).ToList();
        var keys = analysed.Select(w => w.Analysis!.Report).Where(r => r is { Organ: not null, Year: not null })
            .Select(r => (r.Organ!, r.Year!.Value - 1)).ToList();
        if (keys.Count == 0) return;
        var lastYear = StoreCall(() => store.AnalysesOf(keys));
        foreach (var w in analysed)
        {
            if (w.Analysis!.Report is not { Organ: { } organ, Year: { } year } || !lastYear.TryGetValue((organ, year - 1), out var json)) continue;
            try
            {
                w.Analysis = ReportAnalyzer.ReviewAgainst(w.Analysis, ReportJsonReader.Read(json));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
            {
                logger.LogWarning("{File}: last year's stored report of {Organ} could not be read back: {Reason}", w.Name, organ, e.Message);
            }
        }
    }

    /// <summary>Stores the analyzed files of a prepared batch in one transaction; records duplicates and failures.</summary>
    public void Commit(IReadOnlyList<FileWork> batch, string source)
    {
        var toSave = batch.Where(w => w.Outcome == Outcome.Pending).ToList();
        SaveAll(toSave, source);

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var w in batch)
        {
            if (w.Outcome == Outcome.Duplicate)
            {
                w.ReportId ??= store.FindBySha(w.Sha256, w.TextSha256);
                StoreCall(() => { runs.RecordDuplicate(w.Sha256, w.Name, w.ReceivedAt, w.ReportId); return 0; });
                logger.LogInformation("{File}: duplicate of report {ReportId}, set aside", w.Name, w.ReportId);
            }
            else if (w.Outcome == Outcome.Failed)
            {
                StoreCall(() => { runs.RecordFailure(w.Sha256, w.Name, w.Error!, w.Attempts, now); return 0; });
                logger.LogWarning("{File}: not stored: {Reason}", w.Name, w.Error);
            }
        }
    }

    private void Hash(FileWork w, CancellationToken ct)
    {
        try
        {
            (w.Sha256, w.Attempts) = retry.Run(() =>
            {
                using var stream = new FileStream(w.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0); // HashData reads in its own chunks
                return Convert.ToHexStringLower(SHA256.HashData(stream));
            }, Retry.IsTransientIo, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(w, $"{w.Name}: cannot be read: {e.Message}");
            if (w.Outcome == Outcome.Failed) w.Attempts = retry.MaxAttempts;
        }
    }

    private void Analyze(FileWork w)
    {
        try
        {
            var document = DocumentReader.Read(w.Path);
            var analysis = analyzer.Analyze(document);
            var r = analysis.Report;
            if (r.Sections.Count == 0 && r.ActiveDisclosure is null && r.Applications is null && r.ReviewLitigation is null)
                Fail(w, $"{w.Name}: {NotAReport}");
            else
                (w.Analysis, w.TextSha256) = (analysis, analysis.TextSha256);
        }
        catch (ExtractionException e) when (e.InnerException is System.ComponentModel.Win32Exception)
        {
            // The external tool (pdftotext) could not be started: the file is fine, the machine is not. It waits.
            w.Outcome = Outcome.Deferred;
            w.Error = $"{w.Name}: {e.Reason}";
        }
        catch (ExtractionException e)
        {
            Fail(w, $"{w.Name}: {e.Reason}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(w, $"{w.Name}: cannot be read: {e.Message}");
        }
        catch (Exception e)
        {
            // A bug in a parser or rule must not stop the worker: the file is set aside with the reason.
            logger.LogError(e, "{File}: analysis crashed", w.Name);
            Fail(w, $"{w.Name}: analysis failed ({e.GetType().Name}: {e.Message})");
        }
    }

    /// <summary>Failed with the reason; but a claimed file that is no longer there was taken over by another instance.</summary>
    private static void Fail(FileWork w, string reason)
    {
        w.Outcome = w.Claimed && !File.Exists(w.Path) ? Outcome.TakenOver : Outcome.Failed;
        w.Error = reason;
    }

    private void SaveAll(List<FileWork> items, string source)
    {
        if (items.Count == 0) return;
        try
        {
            var ids = StoreCall(() => store.Save(items.Select(w => ToReport(w, source)).ToList(), clock.GetUtcNow().UtcDateTime));
            Apply(items, ids);
        }
        catch (StoreUnavailableException) { throw; }
        catch (Exception batchError) when (items.Count > 1)
        {
            // Something in one report broke the batch: store them one by one to find it, keep the rest.
            logger.LogWarning("Batch of {Count} could not be stored ({Reason}); storing one by one", items.Count, batchError.Message);
            foreach (var w in items) SaveOne(w, source);
        }
        catch (Exception e)
        {
            Unstorable(items[0], e);
        }
    }

    private void SaveOne(FileWork w, string source)
    {
        try { Apply([w], StoreCall(() => store.Save([ToReport(w, source)], clock.GetUtcNow().UtcDateTime))); }
        catch (StoreUnavailableException) { throw; }
        catch (Exception e) { Unstorable(w, e); }
    }

    private void Unstorable(FileWork w, Exception e)
    {
        logger.LogError(e, "{File}: could not be stored", w.Name);
        Fail(w, $"{w.Name}: could not be stored: {e.Message}");
    }

    private static void Apply(List<FileWork> items, IReadOnlyList<long?> ids)
    {
        for (var i = 0; i < items.Count; i++)
        {
            items[i].ReportId = ids[i];
            items[i].Outcome = ids[i] is null ? Outcome.Duplicate : Outcome.Stored;
            items[i].Analysis = null; // the batch is committed: let the memory go
        }
    }

    private NewReport ToReport(FileWork w, string source) => new(w.Sha256, w.Name, source, w.ReceivedAt, w.Analysis!, modelVersion ?? analyzer.Classifier?.Version);

    /// <summary>A store call retried while the database is busy; still busy after every try: <see cref="StoreUnavailableException"/>.</summary>
    public T StoreCall<T>(Func<T> call)
    {
        try { return retry.Run(call, store.Dialect.IsTransient).Result; }
        catch (Exception e) when (store.Dialect.IsTransient(e)) { throw new StoreUnavailableException(e); }
    }
}
