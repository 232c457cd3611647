using System.Text;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Storage;
using DisclosureWatch.Worker.Store;
using DisclosureWatch.Worker.Mail;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DisclosureWatch.Worker.Inbox;

/// <summary>What one poll did. <see cref="Outcome"/>: ok, partial (an error after some files were handled), failed, or stopped.</summary>
internal sealed record PollResult(int Stored, int Duplicates, int Failed, int Waiting, string Outcome)
{
    public int Handled => Stored + Duplicates + Failed;
    /// <summary>Claimed files another instance took over (theirs now: neither recorded nor moved here).</summary>
    public int TakenOver { get; init; }
    /// <summary>Files left waiting because an external tool they need is missing.</summary>
    public int Paused { get; init; }
}

/// <summary>
/// The inbox: one claimer for every kind of file. A poll lists the inbox as a stream, claims each settled
/// file by renaming it into this instance's work/ folder (atomic: of several instances exactly one wins),
/// dispatches on its type — .eml to <see cref="EmlInbox"/>, everything else through the pipeline a batch at
/// a time — and only after the commit moves each file to processed/yyyy-MM-dd/, duplicates/ or failed/ (with
/// NAME.error.txt). Files left in work/ by a crash, or by an instance whose lease ran out, are finished first,
/// so nothing is lost and nothing is stored twice. Before it records or moves anything the poll checks that
/// its lease is held and the file is still its own; a file that is not was taken over elsewhere, never a failure.
/// </summary>
internal sealed class InboxService
{
    public const string JobName = "inbox";
    private readonly DataPaths _paths;
    private readonly ReportPipeline _pipeline;
    private readonly RunStore _runs;
    private readonly InboxOptions _options;
    private readonly WorkerOptions _worker;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SettleTracker _settle;
    private readonly EmlInbox? _eml;
    private readonly ClaimLease _lease;
    private readonly InboxFiling _filing;
    /// <summary>Names already logged (ignored, unclaimable), with the pass that last saw them: each is logged once while it stays.</summary>
    private readonly Dictionary<string, int> _noted = new(StringComparer.Ordinal);
    private int _pass;
    private bool _pdftotextMissing;

    public InboxService(DataPaths paths, ReportPipeline pipeline, RunStore runs, InboxOptions options, WorkerOptions worker, TimeProvider clock, ILogger<InboxService> logger,
        EmlInbox? eml = null, ClaimLease? lease = null)
    {
        _paths = paths.EnsureCreated();
        _pipeline = pipeline;
        _runs = runs;
        _options = options;
        _worker = worker;
        _clock = clock;
        _logger = logger;
        _eml = eml;
        _lease = lease ?? new ClaimLease(runs, worker, clock, NullLogger<ClaimLease>.Instance);
        _filing = new InboxFiling(_paths, worker.InstanceId, clock, logger);
        _settle = new SettleTracker(options.SettleTime);
    }

    /// <summary>Called after each committed batch (the bench reads its figures there).</summary>
    public Action<PollResult>? BatchCommitted { get; set; }

    /// <summary>Hidden and temporary files: .*, ~$*, *.tmp, *.part.</summary>
    public static bool IsIgnored(string name) =>
        name.StartsWith('.') || name.StartsWith("~$", StringComparison.Ordinal) ||
        name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".part", StringComparison.OrdinalIgnoreCase);

    /// <summary>The counts of a poll, added to by the writer thread (batches) and the poll thread (.eml files).</summary>
    private sealed class Tally
    {
        private readonly Lock _gate = new();
        public int Stored, Duplicates, Failed, TakenOver, Waiting, Paused;
        public int Handled { get { lock (_gate) return Stored + Duplicates + Failed; } }

        public void Add(int stored, int duplicates, int failed, int takenOver)
        {
            lock (_gate) { Stored += stored; Duplicates += duplicates; Failed += failed; TakenOver += takenOver; }
        }

        public PollResult Result(string outcome)
        {
            lock (_gate) return new PollResult(Stored, Duplicates, Failed, Waiting, outcome) { TakenOver = TakenOver, Paused = Paused };
        }
    }

    /// <summary>One poll: recover, claim, process, move. When <paramref name="ct"/> fires no further batch is claimed; those in hand are finished.</summary>
    public PollResult Poll(CancellationToken ct = default)
    {
        var store = _pipeline.Store;
        var started = _clock.GetUtcNow().UtcDateTime;
        long? runId = null;
        var tally = new Tally();
        var outcome = "ok";
        string? message = null;
        try
        {
            // The run row first: its store call waits out a busy database with back-off, so the heartbeat written next
            // finds it free (written first, it failed on a busy database and the poll's lease was never held).
            runId = store.Call(() => _runs.StartRun(JobName, _worker.InstanceId, started));
            _lease.Renew();
            store.Call(() => AdoptClaimsOfSilentInstances(started));

            // Files this instance claimed before (a crash, a stop between batches, a busy database, an adoption).
            RunBatches(Batches(LeftOver(), recovered: true, tally), recovered: true, tally, ct);
            RunBatches(Batches(ClaimSettled(tally, ct), recovered: false, tally), recovered: false, tally, ct);
            if (ct.IsCancellationRequested) outcome = "stopped";
        }
        catch (Exception e)
        {
            // Whatever stopped the poll is in its run row: failed (nothing handled) or partial. Claimed files stay in work/.
            outcome = tally.Handled > 0 ? "partial" : "failed";
            message = e.Message;
            if (e is StoreUnavailableException or LeaseLostException)
                _logger.LogWarning("Inbox poll {Outcome}, claimed files stay in {Work} for the next poll: {Reason}", outcome, _paths.Claims, e.Message);
            else
                _logger.LogError(e, "Inbox poll {Outcome}, claimed files stay in {Work} for the next poll: {Reason}", outcome, _paths.Claims, e.Message);
        }
        finally
        {
            var t = tally.Result(outcome);
            if (runId is { } id)
                try { _runs.FinishRun(id, _clock.GetUtcNow().UtcDateTime, outcome, t.Stored, t.Duplicates, t.Failed, message); }
                catch (Exception e) when (_runs.Database.IsTransient(e) || e is System.Data.Common.DbException)
                {
                    _logger.LogWarning("Run history not updated (run {Id}: {Outcome}): {Reason}", id, outcome, e.Message);
                }
        }
        var result = tally.Result(outcome);
        if (result.Handled > 0 || result.TakenOver > 0 || outcome != "ok")
            _logger.LogInformation("Inbox: {Stored} stored, {Duplicates} duplicates, {Failed} failed, {TakenOver} taken over elsewhere, {Waiting} settling, {Paused} paused ({Outcome}) in {Seconds:0.0} s",
                result.Stored, result.Duplicates, result.Failed, result.TakenOver, result.Waiting, result.Paused, outcome, (_clock.GetUtcNow().UtcDateTime - started).TotalSeconds);
        return result;
    }

    /// <summary>The claim folder's files, streamed (names there are always the worker's own, valid UTF-8).</summary>
    private IEnumerable<FileWork> LeftOver()
    {
        var older = Path.Combine(_paths.Claims, "eml"); // where .eml claims were kept before the inbox had one claimer
        if (Directory.Exists(older))
            foreach (var f in Directory.EnumerateFiles(older).ToList()) File.Move(f, InboxFiling.Unique(_paths.Claims, Path.GetFileName(f)));
        foreach (var p in Directory.EnumerateFiles(_paths.Claims))
            yield return new FileWork(p, Path.GetFileName(p), File.GetLastWriteTimeUtc(p)) { Claimed = true };
    }

    /// <summary>
    /// One pass over the inbox listing, streamed: ignored names are logged once, files a missing tool cannot
    /// read wait, settled ones are claimed as the pipeline asks for them. Nothing holds the whole listing.
    /// </summary>
    private IEnumerable<FileWork> ClaimSettled(Tally tally, CancellationToken ct)
    {
        _pass++;
        _settle.BeginPass();
        var pdftotext = CheckPdftotext();
        var now = _clock.GetUtcNow().UtcDateTime;
        foreach (var entry in InboxListing.Files(_paths.Inbox))
        {
            if (ct.IsCancellationRequested) yield break;
            if (IsIgnored(entry.Name))
            {
                Note(entry.Name, LogLevel.Information, "{File}: ignored by its name (hidden or temporary: .*, ~$*, *.tmp, *.part); it stays in the inbox");
                continue;
            }
            if (!pdftotext && ExternalTools.NeedsPdftotext(entry.Name)) { tally.Paused++; continue; }
            if (InboxListing.Stat(_paths.Inbox, entry) is not { } stat) continue; // gone meanwhile
            if (!_settle.IsSettled(entry.Name, stat.Size, stat.MtimeUtc, now)) { tally.Waiting++; continue; }
            if (Claim(entry) is { } claimed) yield return claimed;
        }
        _settle.EndPass();
        foreach (var gone in _noted.Where(n => n.Value != _pass).Select(n => n.Key).ToList()) _noted.Remove(gone);
        if (tally.Paused > 0 && !pdftotext)
            _logger.LogDebug("{Count} PDF and .eml files wait for {Tool}", tally.Paused, ExternalTools.Pdftotext);
    }

    /// <summary>Whether pdftotext can be started; its loss and return are logged once each.</summary>
    private bool CheckPdftotext()
    {
        var available = ExternalTools.Available(ExternalTools.Pdftotext);
        if (!available && !_pdftotextMissing)
            _logger.LogError("{Tool} is not installed or not on PATH: PDF and .eml files stay in {Inbox} until it is (Debian: apt-get install poppler-utils)",
                ExternalTools.Pdftotext, _paths.Inbox);
        else if (available && _pdftotextMissing)
            _logger.LogInformation("{Tool} is back: the PDF and .eml files waiting in the inbox are read now", ExternalTools.Pdftotext);
        _pdftotextMissing = !available;
        return available;
    }

    /// <summary>Logs <paramref name="template"/> about <paramref name="name"/> the first time a pass sees it (again once it went and came back).</summary>
    private void Note(string name, LogLevel level, string template, params object?[] args)
    {
        var first = !_noted.ContainsKey(name);
        _noted[name] = _pass;
#pragma warning disable CA2254 // forwards its callers' templates, each a constant
        if (first) _logger.Log(level, template, [name, .. args]);
#pragma warning restore CA2254
    }

    /// <summary>
    /// Renames one settled file into work/INSTANCE/; null when another instance took it first. A name that is not
    /// UTF-8 is claimed under its readable form (<see cref="InboxEntry.Name"/>, fitted to 255 bytes), the original
    /// bytes kept on the file's work item.
    /// </summary>
    private FileWork? Claim(InboxEntry entry)
    {
        _settle.Forget(entry.Name);
        var target = Path.Combine(_paths.Claims, InboxListing.Fit(entry.Name));
        try
        {
            var moved = InboxListing.Move(_paths.Inbox, entry, target);
            if (moved == InboxListing.MoveResult.TargetExists) // a leftover of the same name: NAME-1 …
                moved = InboxListing.Move(_paths.Inbox, entry, target = InboxFiling.Unique(_paths.Claims, entry.Name));
            if (moved != InboxListing.MoveResult.Moved) return null; // another instance claimed it first (or took the free name: the next poll)
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Note(entry.Name, LogLevel.Warning, "{File}: cannot be claimed, it stays in the inbox: {Reason}", e.Message);
            return null;
        }
        if (entry.Undecodable)
            _logger.LogWarning("{File}: the name is not UTF-8 (bytes {Bytes}); claimed as {Claimed}", entry.Name, entry.RawHex, Path.GetFileName(target));
        return new FileWork(target, entry.Name, _clock.GetUtcNow().UtcDateTime) { Claimed = true, RawName = entry.RawName };
    }

    /// <summary>The claimed files in batches for the pipeline; each .eml is read on the spot (it is a message, not a report file).</summary>
    private IEnumerable<IReadOnlyList<FileWork>> Batches(IEnumerable<FileWork> files, bool recovered, Tally tally)
    {
        var batch = new List<FileWork>(_options.BatchSize);
        foreach (var w in files)
        {
            if (_eml is not null && EmlInbox.IsEml(w.Name))
            {
                ReadEml(w, recovered, tally);
                continue;
            }
            batch.Add(w);
            if (batch.Count < _options.BatchSize) continue;
            yield return batch;
            batch = new List<FileWork>(_options.BatchSize);
        }
        if (batch.Count > 0) yield return batch;
    }

    private void ReadEml(FileWork w, bool recovered, Tally tally)
    {
        _lease.EnsureHeld();
        EmlResult result;
        try { result = _eml!.Read(w, recovered); }
        catch (Exception e) when ((e is IOException or UnauthorizedAccessException) && !File.Exists(w.Path))
        {
            _logger.LogInformation("{File}: taken over by another instance", w.Name);
            tally.Add(0, 0, 0, 1);
            return;
        }
        var moved = _filing.Move(new FileResult(w, result.Outcome) { Error = result.Error, Sha256 = result.Sha256 });
        if (moved.Outcome != Outcome.TakenOver && result.MailId is { } id) _eml.Moved(id);
        tally.Add(result.Stored, result.Duplicates, result.Failed, moved.Outcome == Outcome.TakenOver ? 1 : 0);
    }

    /// <summary>
    /// The batches through the pipeline's stream (analysis on every core, one writer). Before each commit the
    /// lease is checked and files no longer in work/ are marked taken over; after it the files are moved. A stop
    /// request claims no further batch; the batches in hand are still committed and moved.
    /// </summary>
    private void RunBatches(IEnumerable<IReadOnlyList<FileWork>> batches, bool recovered, Tally tally, CancellationToken ct) =>
        _pipeline.Run(batches, recovered, "inbox", committed =>
        {
            var moved = committed.Select(_filing.Move).ToList();
            tally.Add(moved.Count(w => w.Outcome == Outcome.Stored), moved.Count(w => w.Outcome == Outcome.Duplicate),
                moved.Count(w => w.Outcome == Outcome.Failed), moved.Count(w => w.Outcome == Outcome.TakenOver));
            BatchCommitted?.Invoke(tally.Result("running"));
            _lease.Renew();
        }, ct, beforeCommit: batch =>
        {
            _lease.EnsureHeld();
            return batch.Select(w => w.Outcome != Outcome.TakenOver && !File.Exists(w.Path) ? w with { Outcome = Outcome.TakenOver } : w).ToList();
        });

    /// <summary>An instance whose lease ran out (no heartbeat for <see cref="WorkerOptions.ClaimLease"/>) is dead: its claimed files become ours.</summary>
    private int AdoptClaimsOfSilentInstances(DateTime now)
    {
        var total = 0;
        var store = _runs;
        foreach (var dead in store.SilentInstances(now - _worker.ClaimLease))
        {
            if (dead == _worker.InstanceId) continue;
            var folder = Path.Combine(_paths.Work, dead);
            var adopted = 0;
            if (Directory.Exists(folder))
                foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
                {
                    var name = Path.GetFileName(file);
                    try { File.Move(file, InboxFiling.Unique(_paths.Claims, name)); adopted++; } // rename(2): one survivor wins
                    catch (FileNotFoundException) { } // another survivor adopted it
                }
            store.ForgetInstance(dead);
            if (adopted > 0) _logger.LogWarning("Instance {Instance} is silent (no heartbeat for {Lease}): adopted its {Count} claimed files", dead, _worker.ClaimLease, adopted);
            total += adopted;
        }
        return total;
    }
}
