using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using DisclosureWatch.Core;
using DisclosureWatch.Core.Reports;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Storage.Runs;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Inbox;

/// <summary>
/// Files to stored reports, a batch at a time: hash, set aside what is already stored (never re-analyzed),
/// analyze the rest in parallel, store them all in one transaction. Shared by the inbox job, `dw ingest`,
/// `dw bench ingest` and the mail intake (built by <see cref="PipelineBuilder"/>); it never moves files (the
/// inbox does that once the batch is committed). Every value passed between its stages is immutable.
/// </summary>
internal sealed class ReportPipeline
{
    public const string NotAReport = "not a government information disclosure annual report: no sections or tables found";

    /// <summary>Batches admitted beyond the one being committed: enough that no worker runs dry, few enough to keep memory flat.</summary>
    public const int BatchesAhead = 2;

    private readonly ReportAnalyzer _analyzer;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly string? _modelVersion;
    private readonly FileStages _stages;
    private readonly int _workers;

    public ReportPipeline(ReportAnalyzer analyzer, ReportRepository reports, RunStore runs, Retry retry, TimeProvider clock, ILogger logger,
        string? modelVersion = null, int workers = 0)
    {
        _analyzer = analyzer;
        Reports = reports;
        Runs = runs;
        Store = new StoreRetry(reports.Database, retry);
        _clock = clock;
        _logger = logger;
        _modelVersion = modelVersion;
        _stages = new FileStages(analyzer, retry, logger);
        _workers = workers > 0 ? workers : Environment.ProcessorCount;
    }

    /// <summary>The database's retries (the inbox and the mail intake keep their books through them too).</summary>
    public StoreRetry Store { get; }

    /// <summary>Where the reports go.</summary>
    public ReportRepository Reports { get; }

    /// <summary>The run history: duplicates and failures are recorded there.</summary>
    public RunStore Runs { get; }

    /// <summary>One batch, prepared and committed on this thread.</summary>
    /// <param name="recovered">The files were claimed before a crash: a sha already stored under the same file name is that file's own commit.</param>
    public IReadOnlyList<FileResult> Process(IReadOnlyList<FileWork> batch, string source, bool recovered, CancellationToken ct) =>
        Commit(Prepare(batch, recovered, ct), source);

    /// <summary>Hashes, sets aside what is stored already, analyzes the rest (in parallel). Touches no file and writes nothing.</summary>
    public IReadOnlyList<FileResult> Prepare(IReadOnlyList<FileWork> batch, bool recovered, CancellationToken ct)
    {
        var analysed = Admit(batch, recovered, ct).AsParallel().AsOrdered().WithDegreeOfParallelism(_workers)
            .Select(r => r.Outcome == Outcome.Pending ? _stages.Analyze(r) : r).ToList();
        return ReviewAgainstLastYear(analysed);
    }

    /// <summary>
    /// Batches through the pipeline as a stream of channels: this caller hashes and admits batches (at most
    /// <see cref="BatchesAhead"/> ahead of the commit) and hands their files to one analysis worker per core,
    /// which take them as they come; one writer commits each batch, in order, once its files are analyzed, then
    /// calls <paramref name="committed"/> (the inbox moves the files there). No core waits for a batch's slowest
    /// file. A stop request admits no further batch (<paramref name="batches"/> is not read on: nothing more is
    /// claimed); the batches admitted are still committed, so a stop never leaves half a batch. A failed commit
    /// stops the run: later batches stay uncommitted (the inbox finds their files in work/ on its next poll)
    /// and the error is thrown here.
    /// </summary>
    /// <param name="beforeCommit">Called by the writer before each commit, returns the batch to commit (the inbox marks
    /// there the files no longer its own); an exception from it stops the run like a failed commit.</param>
    public void Run(IEnumerable<IReadOnlyList<FileWork>> batches, bool recovered, string source, Action<IReadOnlyList<FileResult>> committed,
        CancellationToken ct, Func<IReadOnlyList<FileResult>, IReadOnlyList<FileResult>>? beforeCommit = null)
    {
        // The one join of the pipeline's tasks: a poll is synchronous (the Quartz job, `dw ingest`, the tests), its
        // thread waits here while the workers and the writer run on the pool (which adds a thread for a blocked one).
#pragma warning disable RS0030
        RunAsync(batches, recovered, source, committed, ct, beforeCommit).GetAwaiter().GetResult();
#pragma warning restore RS0030
    }

    /// <summary>Files for an analysis worker (one, or a group of PDFs extracted together), with their places in the batch their results go to.</summary>
    private sealed record Job(int[] Indices, FileResult[] Files, Admitted Batch);

    /// <summary>
    /// A batch whose files are hashed and checked against the store; the analysis workers put each pending file's
    /// result in its slot (each slot written once, by one worker), and the last one tells the writer.
    /// </summary>
    private sealed class Admitted
    {
        private readonly FileResult[] _files;
        private readonly TaskCompletionSource _analysed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _remaining;

        public Admitted(IReadOnlyList<FileResult> files, int pending)
        {
            _files = [.. files];
            _remaining = pending;
            if (pending == 0) _analysed.SetResult();
        }

        public async Task<IReadOnlyList<FileResult>> Analysed()
        {
            await _analysed.Task;
            return _files;
        }

        public void Put(int index, FileResult result)
        {
            _files[index] = result;
            if (Interlocked.Decrement(ref _remaining) == 0) _analysed.SetResult();
        }
    }

    private async Task RunAsync(IEnumerable<IReadOnlyList<FileWork>> batches, bool recovered, string source, Action<IReadOnlyList<FileResult>> committed,
        CancellationToken ct, Func<IReadOnlyList<FileResult>, IReadOnlyList<FileResult>>? beforeCommit)
    {
        var jobs = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleWriter = true });
        // The writer's batch, one waiting here, one more in the admitting hand: BatchesAhead beyond the commit.
        var admitted = Channel.CreateBounded<Admitted>(new BoundedChannelOptions(BatchesAhead - 1) { SingleReader = true, SingleWriter = true });
        using var failed = new CancellationTokenSource();
        ExceptionDispatchInfo? error = null;

        var analysts = Parallel.ForEachAsync(jobs.Reader.ReadAllAsync(CancellationToken.None), new ParallelOptions { MaxDegreeOfParallelism = _workers }, (job, _) =>
        {
            var results = failed.IsCancellationRequested ? job.Files : _stages.Analyze(job.Files);
            for (var i = 0; i < results.Length; i++) job.Batch.Put(job.Indices[i], results[i]);
            return ValueTask.CompletedTask;
        });
        var writer = Task.Run(async () =>
        {
            await foreach (var batch in admitted.Reader.ReadAllAsync(CancellationToken.None))
            {
                var files = await batch.Analysed();
                try
                {
                    var ready = ReviewAgainstLastYear(files);
                    committed(Commit(beforeCommit?.Invoke(ready) ?? ready, source));
                }
                catch (Exception e)
                {
                    error = ExceptionDispatchInfo.Capture(e);
                    await failed.CancelAsync();
                    return;
                }
            }
        }, CancellationToken.None);

        try
        {
            using var next = batches.GetEnumerator();
            while (!failed.IsCancellationRequested && !ct.IsCancellationRequested && next.MoveNext())
            {
                var files = Admit(next.Current, recovered, ct);
                var batch = new Admitted(files, files.Count(f => f.Outcome == Outcome.Pending));
                foreach (var job in Jobs(files, batch)) jobs.Writer.TryWrite(job);
                try { await admitted.Writer.WriteAsync(batch, failed.Token); }
                catch (OperationCanceledException) when (failed.IsCancellationRequested) { break; }
            }
        }
        finally
        {
            // Never leave a worker or the writer running behind our back, even when admitting failed.
            jobs.Writer.Complete();
            admitted.Writer.Complete();
            await analysts;
            await writer;
        }
        error?.Throw();
    }

    /// <summary>
    /// A batch's pending files as jobs: one file each, but the PDFs on disk in groups extracted by one pdftotext run:
    /// as few as there are workers (the larger a group, the less CPU a PDF), of at most <see cref="FileStages.PdfGroup"/>.
    /// </summary>
    private IEnumerable<Job> Jobs(List<FileResult> files, Admitted batch)
    {
        var pdfs = new List<int>();
        for (var i = 0; i < files.Count; i++)
        {
            if (files[i].Outcome != Outcome.Pending) continue;
            if (FileStages.IsPdfOnDisk(files[i])) pdfs.Add(i);
            else yield return new Job([i], [files[i]], batch);
        }
        if (pdfs.Count == 0) yield break;
        // As few groups as the size allows, rounded up to a whole number of groups per worker, of equal size.
        var groups = (pdfs.Count + FileStages.PdfGroup - 1) / FileStages.PdfGroup;
        groups = Math.Min(pdfs.Count, (groups + _workers - 1) / _workers * _workers);
        foreach (var group in pdfs.Chunk((pdfs.Count + groups - 1) / groups)) yield return new Job(group, [.. group.Select(i => files[i])], batch);
    }

    /// <summary>Hashes the files and sets aside those whose content is stored already (never re-analyzed).</summary>
    private List<FileResult> Admit(IReadOnlyList<FileWork> batch, bool recovered, CancellationToken ct)
    {
        var hashed = batch.Select(f => _stages.Hash(f, ct)).ToList(); // about 0.1 ms a report file: less than handing it to another thread costs
        var shas = hashed.Where(w => w.Outcome == Outcome.Pending).Select(w => w.Sha256).ToList();
        var known = Store.Call(() => Reports.FindByShas(shas));
        return hashed.Select(w => w.Outcome == Outcome.Pending && known.TryGetValue(w.Sha256, out var stored)
            ? w with { ReportId = stored.Id, Content = null, Outcome = recovered && stored.FileName == w.Name ? Outcome.Stored : Outcome.Duplicate }
            : w).ToList();
    }

    /// <summary>Reports whose organ has last year's report in the store are reviewed against it (the cross-year rules).</summary>
    private IReadOnlyList<FileResult> ReviewAgainstLastYear(IReadOnlyList<FileResult> batch)
    {
        var keys = batch.Where(w => w.Outcome == Outcome.Pending).Select(w => w.Analysis?.Report)
            .Where(r => r is { Organ: not null, Year: not null }).Select(r => (r!.Organ!, r.Year!.Value - 1)).ToList();
        if (keys.Count == 0) return batch;
        var lastYear = Store.Call(() => Reports.AnalysesOf(keys));
        return batch.Select(w =>
        {
            if (w is not { Outcome: Outcome.Pending, Analysis: { Report: { Organ: { } organ, Year: { } year } } analysis }
                || !lastYear.TryGetValue((organ, year - 1), out var json)) return w;
            try { return w with { Analysis = ReportAnalyzer.ReviewAgainst(analysis, ReportJsonReader.Read(json)) }; }
            catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
            {
                _logger.LogWarning("{File}: last year's stored report of {Organ} could not be read back: {Reason}", w.Name, organ, e.Message);
                return w;
            }
        }).ToList();
    }

    /// <summary>Stores the analyzed files of a prepared batch in one transaction; records duplicates and failures.</summary>
    public IReadOnlyList<FileResult> Commit(IReadOnlyList<FileResult> batch, string source)
    {
        var saved = Save(batch.Where(w => w.Outcome == Outcome.Pending).ToList(), source);
        var now = _clock.GetUtcNow().UtcDateTime;
        return batch.Select(w =>
        {
            if (w.Outcome == Outcome.Pending) w = saved[w];
            if (w.Outcome == Outcome.Duplicate)
            {
                w = w.ReportId is null ? w with { ReportId = Reports.FindBySha(w.Sha256, w.TextSha256) } : w;
                Store.Call(() => Runs.RecordDuplicate(w.Sha256, w.Name, w.File.ReceivedAt, w.ReportId));
                _logger.LogInformation("{File}: duplicate of report {ReportId}, set aside", w.Name, w.ReportId);
            }
            else if (w.Outcome == Outcome.Failed)
            {
                Store.Call(() => Runs.RecordFailure(w.Sha256, w.Name, w.Error!, w.Attempts, now));
                _logger.LogWarning("{File}: not stored: {Reason}", w.Name, w.Error);
            }
            return w;
        }).ToList();
    }

    /// <summary>The files stored in one transaction; when one report breaks it, one by one, keeping the rest.</summary>
    private Dictionary<FileResult, FileResult> Save(List<FileResult> items, string source)
    {
        var saved = new Dictionary<FileResult, FileResult>(ReferenceEqualityComparer.Instance);
        if (items.Count == 0) return saved;
        try
        {
            var ids = Store.Call(() => Reports.Save(items.Select(w => ToReport(w, source)).ToList(), _clock.GetUtcNow().UtcDateTime));
            for (var i = 0; i < items.Count; i++) saved[items[i]] = Stored(items[i], ids[i]);
        }
        catch (StoreUnavailableException) { throw; }
        catch (Exception batchError) when (items.Count > 1)
        {
            // Something in one report broke the batch: store them one by one to find it, keep the rest.
            _logger.LogWarning("Batch of {Count} could not be stored ({Reason}); storing one by one", items.Count, batchError.Message);
            foreach (var w in items) saved[w] = Save([w], source)[w];
        }
        catch (Exception e)
        {
            _logger.LogError(e, "{File}: could not be stored", items[0].Name);
            saved[items[0]] = items[0].Fail($"{items[0].Name}: could not be stored: {e.Message}");
        }
        return saved;
    }

    /// <summary>Stored (or, when the store found the same text already, a duplicate); the analysis is let go.</summary>
    private static FileResult Stored(FileResult w, long? id) =>
        w with { ReportId = id, Outcome = id is null ? Outcome.Duplicate : Outcome.Stored, Analysis = null };

    private NewReport ToReport(FileResult w, string source) =>
        new(w.Sha256, w.Name, source, w.File.ReceivedAt, w.Analysis!, _modelVersion ?? _analyzer.Classifier?.Version);
}
