using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using DisclosureWatch.Storage;
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Inbox;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Mail;

/// <summary>
/// .eml files dropped into the inbox folder: read by the same MIME reader and <see cref="MessageIntake"/> as
/// mailbox messages, so every attachment and report-like body becomes a report with the mail's sender and
/// subject. The inbox service leaves *.eml alone; this claims them (rename into work/INSTANCE/eml/), commits
/// their reports with a bookkeeping row keyed by the file's sha256 (account "inbox"), and only then moves the
/// file to processed/DATE/, duplicates/ (the same file again) or failed/ (with NAME.error.txt).
/// </summary>
public sealed class EmlInbox
{
    public const string Account = "inbox";
    private readonly DataPaths _paths;
    private readonly MessageIntake _intake;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SettleTracker _settle;

    public EmlInbox(DataPaths paths, InboxOptions options, MessageIntake intake, TimeProvider clock, ILogger<EmlInbox> logger)
    {
        _paths = paths.EnsureCreated();
        _intake = intake;
        _clock = clock;
        _logger = logger;
        _settle = new SettleTracker(options.SettleTime);
    }

    public static bool IsEml(string name) => name.EndsWith(".eml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Claimed .eml files in flight (a crash leaves them here; the next poll finishes them).</summary>
    public string Claims => Path.Combine(_paths.Claims, "eml");

    /// <summary>One pass: files left claimed by a crash first, then every settled .eml of the inbox.</summary>
    public MailPollResult Poll(CancellationToken ct = default)
    {
        Directory.CreateDirectory(Claims);
        int messages = 0, stored = 0, duplicates = 0, failed = 0, finished = 0;
        var outcome = "ok";
        try
        {
            foreach (var file in Directory.EnumerateFiles(Claims).Order(StringComparer.Ordinal).ToList())
            {
                if (ct.IsCancellationRequested) break;
                Handle(file, Path.GetFileName(file), leftOver: true);
            }
            var ready = _settle.Ready(new DirectoryInfo(_paths.Inbox).EnumerateFiles().Where(f => IsEml(f.Name) && !InboxService.IsIgnored(f.Name)),
                _clock.GetUtcNow().UtcDateTime).OrderBy(f => f.Name, StringComparer.Ordinal);
            foreach (var f in ready)
            {
                if (ct.IsCancellationRequested) break;
                _settle.Forget(f.FullName);
                var claimed = InboxService.Unique(Claims, f.Name);
                try { File.Move(f.FullName, claimed); } // rename(2): of several instances one wins
                catch (FileNotFoundException) { continue; }
                Handle(claimed, f.Name, leftOver: false);
            }
        }
        catch (StoreUnavailableException e)
        {
            outcome = "store-unavailable";
            _logger.LogWarning("Inbox .eml: stopped, claimed files stay in {Folder} for the next poll: {Reason}", Claims, e.Message);
        }
        if (messages > 0) _logger.LogInformation("Inbox .eml: {Messages} messages, {Stored} reports stored, {Duplicates} duplicates, {Failed} failed",
            messages, stored, duplicates, failed);
        return new MailPollResult(messages, stored, duplicates, failed, finished, outcome);

        void Handle(string path, string name, bool leftOver)
        {
            byte[] raw;
            try { raw = File.ReadAllBytes(path); }
            catch (IOException e) { _logger.LogWarning("{File}: cannot be read yet: {Reason}", name, e.Message); return; }
            var sha = SHA256.HashData(raw);
            // The key: the file's content. The same file dropped again is booked already: a duplicate, never re-read.
            var key = new MailKey(Account, "inbox", 0, (long)(BinaryPrimitives.ReadUInt64BigEndian(sha) >> 1));
            var booked = _intake.Pipeline.StoreCall(() => _intake.Store.FindMail(Account, "inbox", 0, [key.Uid]));
            if (booked.TryGetValue(key.Uid, out var before))
            {
                if (leftOver) { MoveDone(path, name, before.Status, before.Error); finished++; }
                else { Move(path, _paths.Duplicates, name); duplicates++; _logger.LogInformation("{File}: the same message was read before, set aside", name); }
                return;
            }
            var result = _intake.Process(raw, key, "eml", MessageLimits.Default, "processed", "failed", CancellationToken.None);
            if (result.Taken) { Move(path, _paths.Duplicates, name); duplicates++; return; }
            messages++;
            stored += result.Stored;
            duplicates += result.Duplicates;
            failed += result.Failed;
            if (result.Status == MailStatus.Failed) _logger.LogWarning("{File}: {Error}", name, result.Error);
            else _logger.LogInformation("{File} ({Subject}): {Stored} reports stored, {Duplicates} duplicates ({Status})", name, result.Subject, result.Stored, result.Duplicates, result.Status);
            MoveDone(path, name, result.Status, result.Error);
            _intake.Pipeline.StoreCall(() => { _intake.Store.MarkMailMoved(result.MailId!.Value, _clock.GetUtcNow().UtcDateTime); return 0; });
        }
    }

    private void MoveDone(string path, string name, string status, string? error)
    {
        if (status != MailStatus.Failed)
        {
            Move(path, Path.Combine(_paths.Processed, _clock.GetLocalNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), name);
            return;
        }
        var target = Move(path, _paths.Failed, name);
        File.WriteAllText(target + ".error.txt", $"file: {name}\nreason: {error}\ntime: {_clock.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ}\n");
    }

    private static string Move(string path, string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var target = InboxService.Unique(folder, name);
        File.Move(path, target);
        return target;
    }
}
