using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DisclosureWatch.Core;
using DisclosureWatch.Extraction;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Digests.Replies;
using DisclosureWatch.Storage.Mail;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Worker.Digests.Replies;
using DisclosureWatch.Worker.Inbox;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Mail;

/// <summary>What one message became. <see cref="MailId"/> is null when another instance had booked it first.</summary>
internal sealed record MessageResult(long? MailId, string Status, string? Error, int Stored, int Duplicates, int Failed, string Subject)
{
    public bool Taken => MailId is null;
}

/// <summary>
/// One raw message to stored reports, shared by the IMAP poll and .eml files dropped in the inbox. Every
/// attachment of a supported type (<see cref="DocumentReader.SupportedExtensions"/>) is a report; so is a body
/// (of the mail or of a mail forwarded inside it) that looks like one. Each goes through the inbox's
/// <see cref="ReportPipeline.Prepare"/> (hash, known-sha check, analysis) from a temporary file named by the
/// part number — an attachment's name never becomes a path — and the reports are committed together with the
/// message's bookkeeping row in one transaction. Nothing here touches the mailbox.
/// </summary>
internal sealed partial class MessageIntake(ReportPipeline pipeline, MailStore mails, ReportAnalyzer analyzer, TimeProvider clock, ILogger<MessageIntake> logger,
    DigestReplyService? replies = null)
{
    /// <summary>Supervisors' replies to their digests, told apart from submissions here; null: every message is a submission.</summary>
    public DigestReplyService? Replies => replies;

    public ReportPipeline Pipeline => pipeline;

    /// <summary>Reads, analyzes and stores one message. Throws <see cref="StoreUnavailableException"/> when the
    /// database stays busy: then nothing is stored and the message must be tried again.</summary>
    public MessageResult Process(byte[] raw, MailKey key, string source, MessageLimits limits, string processedFolder, string failedFolder, CancellationToken ct)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(raw));
        MailContent message;
        try { message = MailReader.Read(raw, limits); }
        catch (MailFormatException e)
        {
            var refused = new NewMail(key, null, "", "", "", null, raw.LongLength, sha);
            return Save(refused, [], MailStatus.Failed, $"the message cannot be read: {e.Message}", failedFolder, 1);
        }

        var mail = new NewMail(key, message.MessageId, message.From, message.FromAddress, message.Subject, message.Date?.UtcDateTime, raw.LongLength, sha);
        if (replies?.TakeMail(raw, message) is { } reply) // a reply to a digest, not a submission: applied (or refused) there
            return reply.Status == DigestReplyStatus.Refused
                ? Save(mail, [], MailStatus.Failed, $"digest reply refused: {reply.Reason}", failedFolder, 1)
                : Save(mail, [], MailStatus.DigestReply, reply.Reason, processedFolder, 0);
        var work = Directory.CreateTempSubdirectory("dw-mail-");
        try
        {
            var receivedAt = clock.GetUtcNow().UtcDateTime;
            var parts = Candidates(message, work.FullName, receivedAt);
            var files = parts.Where(p => p.Work is not null).Select(p => p.Work!).ToList();
            var prepared = files.Count > 0 ? pipeline.Prepare(files, recovered: false, ct).ToDictionary(r => r.File) : [];

            var modelVersion = analyzer.Classifier?.Version;
            var rows = parts.Select(p => p.Work is null ? p.Row : prepared[p.Work] switch
            {
                { Outcome: Outcome.Pending } w => p.Row with { Sha256 = w.Sha256, Outcome = MailPartOutcome.Stored, Report = new NewReport(w.Sha256, w.Name, source, w.File.ReceivedAt, w.Analysis!, modelVersion) },
                { Outcome: Outcome.Duplicate } w => p.Row with { Sha256 = w.Sha256, Outcome = MailPartOutcome.Duplicate, ReportId = w.ReportId },
                var w => p.Row with { Sha256 = w.Sha256, Outcome = MailPartOutcome.Failed, Reason = w.Error },
            }).ToList();

            // A report that could not be read (or was refused) fails the message: a person should look at it.
            var problems = rows.Where(r => r.Outcome is MailPartOutcome.Failed || (r.Outcome is MailPartOutcome.Refused && IsReportName(r.FileName)))
                .Select(r => r.Reason ?? r.FileName).ToList();
            var reports = rows.Count(r => r.Outcome is MailPartOutcome.Stored or MailPartOutcome.Duplicate);
            var (status, error, target) =
                problems.Count > 0 ? (MailStatus.Failed, string.Join("; ", problems), failedFolder)
                : reports > 0 ? (MailStatus.Stored, (string?)null, processedFolder)
                : (MailStatus.NoReport, null, processedFolder);
            return Save(mail, rows, status, error, target, problems.Count);
        }
        finally
        {
            try { work.Delete(recursive: true); }
            catch (IOException e) { logger.LogWarning("Temporary folder {Folder} not removed: {Reason}", work.FullName, e.Message); }
        }
    }

    /// <summary>
    /// An .eml file's reports, read as the inbox reads them (<see cref="Candidates"/>): each attachment or body that is a
    /// report written into <paramref name="folder"/> as a file to analyze, and the parts that are not, with the reason.
    /// `dw analyze` and `dw labels export` read .eml files through this; a message that cannot be read is an
    /// <see cref="ExtractionException"/> naming the file.
    /// </summary>
    public static IReadOnlyList<MessagePart> ReadEml(string path, string folder, DateTime receivedAt)
    {
        MailContent message;
        try { message = MailReader.Read(File.ReadAllBytes(path), MessageLimits.Default); }
        catch (MailFormatException e) { throw new ExtractionException(path, $"the message cannot be read: {e.Message}", e); }
        return Candidates(message, folder, receivedAt);
    }

    /// <summary>The bookkeeping key of an .eml file (account "inbox"): its content, so the same file is booked once however it arrives.</summary>
    public static MailKey EmlKey(ReadOnlySpan<byte> sha256) =>
        new(EmlInbox.Account, "inbox", 0, (long)(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(sha256) >> 1));

    /// <summary>Stores an .eml file's reports like the inbox does (`dw ingest`): the same bookkeeping, the same key.</summary>
    public MessageResult ProcessEml(byte[] raw, string source, CancellationToken ct) =>
        Process(raw, EmlKey(SHA256.HashData(raw)), source, MessageLimits.Default, "processed", "failed", ct);

    /// <summary>Books a message that is not read at all (too big to download) as failed, with the reason.</summary>
    public MessageResult Refuse(MailKey key, long size, string reason, string failedFolder) =>
        Save(new NewMail(key, null, "", "", "", null, size, ""), [], MailStatus.Failed, reason, failedFolder, 1);

    private MessageResult Save(NewMail mail, IReadOnlyList<NewMailPart> rows, string status, string? error, string target, int failed)
    {
        var saved = pipeline.Store.Call(() => mails.SaveMail(mail, rows, status, error, target, clock.GetUtcNow().UtcDateTime));
        if (saved is not { } s) return new MessageResult(null, status, error, 0, 0, 0, mail.Subject);
        var stored = s.Parts.Count(p => p.Outcome == MailPartOutcome.Stored);
        var duplicates = s.Parts.Count(p => p.Outcome == MailPartOutcome.Duplicate);
        return new MessageResult(s.MailId, status, error, stored, duplicates, failed, mail.Subject);
    }

    /// <summary>A part of a message: its bookkeeping row, and the file to analyze when it is a report.</summary>
    public sealed record MessagePart(NewMailPart Row, FileWork? Work);

    /// <summary>The attachments in document order (forwarded mails' included), then the bodies that look like reports.</summary>
    private static List<MessagePart> Candidates(MailContent message, string folder, DateTime receivedAt)
    {
        var list = new List<MessagePart>();
        foreach (var a in message.Attachments)
        {
            var name = a.FileName;
            if (a.IsRefused)
                list.Add(new MessagePart(new NewMailPart(a.Path, "attachment", name, null, MailPartOutcome.Refused, $"{name}: refused: {a.RefusedReason}"), null));
            else if (!IsReportName(name))
                list.Add(new MessagePart(new NewMailPart(a.Path, "attachment", name, null, MailPartOutcome.Skipped,
                    $"{name}: not a report format ({a.MediaType})"), null));
            else
                list.Add(new MessagePart(new NewMailPart(a.Path, "attachment", name, null, "", null),
                    Write(folder, list.Count, Path.GetExtension(name).ToLowerInvariant(), name, a.Content, receivedAt)));
        }

        for (var i = 0; i < message.Bodies.Count; i++)
        {
            var m = message.Bodies[i];
            var (text, ext) = m.Text is { } t && LooksLikeReport(t) ? (t, ".txt")
                : m.Html is { } h && LooksLikeReport(Tags().Replace(h, " ")) ? ("<meta charset=\"utf-8\">\n" + h, ".html")
                : (null, "");
            if (text is null) continue;
            var subject = AttachmentNames.Sanitize(m.Subject) is { } s ? s : "message";
            var name = AttachmentNames.Sanitize($"{subject}（正文）{ext}")!;
            var part = i == 0 ? "body" : $"body:{i}";
            list.Add(new MessagePart(new NewMailPart(part, "body", name, null, "", null),
                Write(folder, list.Count, ext, name, Encoding.UTF8.GetBytes(text), receivedAt)));
        }
        return list;
    }

    /// <summary>The part's bytes in a file named by its position: the sender's name is kept only as the report's file name.</summary>
    private static FileWork Write(string folder, int position, string extension, string name, byte[] content, DateTime receivedAt)
    {
        var path = Path.Combine(folder, $"{position}{extension}");
        File.WriteAllBytes(path, content);
        return new FileWork(path, name, receivedAt);
    }

    public static bool IsReportName(string name) =>
        DocumentReader.SupportedExtensions.Contains(Path.GetExtension(name).ToLowerInvariant(), StringComparer.Ordinal);

    private static readonly string[] SectionTitles =
        ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议", "存在的主要问题", "其他需要报告的事项"];

    /// <summary>
    /// A body is a report when it speaks of 政府信息公开 and 年度报告/年报 and carries at least two of the six
    /// section titles: a covering letter ("附件为本乡2024年政府信息公开工作年度报告，请审阅") never does.
    /// </summary>
    public static bool LooksLikeReport(string text) =>
        text.Contains("政府信息公开", StringComparison.Ordinal)
        && (text.Contains("年度报告", StringComparison.Ordinal) || text.Contains("年报", StringComparison.Ordinal))
        && SectionTitles.Count(t => text.Contains(t, StringComparison.Ordinal)) >= 2;

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
