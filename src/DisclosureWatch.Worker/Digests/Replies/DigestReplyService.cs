using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DisclosureWatch.Core.Classification;
using DisclosureWatch.Core.Digests;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Digests;
using DisclosureWatch.Storage.Digests.Replies;
using DisclosureWatch.Storage.Passages;
using DisclosureWatch.Worker.Classification;
using DisclosureWatch.Worker.Mail;
using DisclosureWatch.Worker.Store;
using Microsoft.Extensions.Logging;
using MimeKit;
using MimeKit.Text;
using MimeKit.Utils;

namespace DisclosureWatch.Worker.Digests.Replies;

/// <summary>What became of a reply. <see cref="Status"/>: applied, refused (nothing applied, <see cref="Reason"/> says
/// why) or duplicate (recorded before: nothing applied again).</summary>
internal sealed record ReplyOutcome(string Status, string? Reason, int Reviews = 0, int Labels = 0, int Unchanged = 0, int RefusedRows = 0)
{
    public const string Duplicate = "duplicate";
}

/// <summary>
/// Supervisors' answers to their digests. A reply is a mail whose In-Reply-To or References name a digest's
/// Message-ID, or a mail or file carrying the digest workbook's reply form. It is applied only when it comes from the
/// address the digest went to (case-insensitive), names a digest this worker sent, and its workbook carries that
/// digest's token; otherwise it is refused with the reason and nothing is applied. Reviews go to the findings (status,
/// comment, reviewer, time), labels to the <see cref="LabelStore"/> the retrain reads; rows naming no item of that
/// digest, an unknown decision or label, or nothing to answer are refused one by one while the good rows are taken.
/// Every reply is recorded under its Message-ID (a file: its sha256) in the same transaction as its changes, so a reply
/// read twice applies nothing twice; a later reply to the same digest changes only what differs. The supervisor gets a
/// short confirmation (Chinese), sent through <see cref="IMailSender"/> or written to the outbox, like the digests.
/// </summary>
internal sealed class DigestReplyService(DigestSettings settings, DigestReplyStore store, DigestStore digests, PassageStore passages, DataPaths paths, TimeProvider clock,
    ILogger<DigestReplyService> logger, IMailSender? sender = null)
{
    private readonly IMailSender? _sender = sender ?? settings.Smtp?.Sender();

    public string Incoming => Path.Combine(paths.Labels, "incoming");

    /// <summary>
    /// The mail intake's question: is this message a reply to a digest? Null when it is not (it names no digest and
    /// carries no reply form): then it is an ordinary submission. Otherwise the reply is applied or refused here.
    /// </summary>
    public ReplyOutcome? TakeMail(byte[] raw, MailContent message)
    {
        var references = References(raw);
        var digest = store.DigestByMessageId(references);
        FilledForm? form = null;
        string? unreadable = null;
        foreach (var a in message.Attachments.Where(a => !a.IsRefused && IsWorkbook(a)))
        {
            try { form = ReplyWorkbook.Read(a.Content); }
            catch (InvalidDataException e) { unreadable ??= $"{a.FileName}: {e.Message}"; }
            if (form is not null) break;
        }
        if (digest is null && form is null) return null;

        var key = message.MessageId is { Length: > 0 } id ? id : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw));
        if (store.DigestReplyExists(key)) return Duplicate(key);
        var sender = message.FromAddress;
        var refusal =
            digest is null ? $"In-Reply-To/References name no digest sent by this worker ({(references.Count == 0 ? "none" : string.Join(", ", references.Select(r => $"<{r}>")))})"
            : !string.Equals(sender.Trim(), digest.Address.Trim(), StringComparison.OrdinalIgnoreCase) ? $"sent from {(sender.Length == 0 ? "no address" : sender)}, not from {digest.Address}, to whom the digest went"
            : form is null ? unreadable is null ? "no workbook with the digest's reply form attached" : $"the attached workbook cannot be read: {unreadable}"
            : !SameToken(form.Token, digest.ReplyToken) ? "the workbook's token is not the digest's (a workbook of another digest, or altered)"
            : null;
        if (refusal is not null) return Refuse(key, digest?.Id, "mail", message.From, refusal);
        return Apply(digest!, form!, key, "mail", message.From, message.MessageId);
    }

    /// <summary>The operator's path: a filled workbook dropped into data/labels/incoming, found by its token.</summary>
    public ReplyOutcome TakeFile(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var name = Path.GetFileName(path);
        var form = ReplyWorkbook.Read(bytes) ?? throw new InvalidDataException("not a digest workbook: it has no reply form (sheet dw-reply)");
        var key = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (store.DigestReplyExists(key)) return Duplicate(key);
        return store.DigestByToken(form.Token) is { } digest
            ? Apply(digest, form, key, "file", $"file {name}", null)
            : Refuse(key, null, "file", $"file {name}", "the workbook's token names no digest sent by this worker");
    }

    /// <summary>Applies every digest workbook waiting in data/labels/incoming; each goes to imported/, or failed/ with the reason.</summary>
    public int ImportDropped()
    {
        if (!Directory.Exists(Incoming)) return 0;
        var done = 0;
        foreach (var file in Directory.EnumerateFiles(Incoming, "*.xlsx").Order(StringComparer.Ordinal).ToList())
        {
            var name = Path.GetFileName(file);
            try
            {
                var outcome = TakeFile(file);
                if (outcome.Status == DigestReplyStatus.Refused) Fail(file, outcome.Reason!);
                else IncomingFiles.Imported(paths.Labels, file, clock.GetUtcNow());
                done++;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Fail(file, e.Message);
                logger.LogWarning("Labels {File}: not applied: {Reason}", name, e.Message);
            }
        }
        return done;
    }

    /// <summary>Sends the confirmations not sent yet (a failed send is tried again on the next call); returns how many went out.</summary>
    public async Task<int> SendConfirmationsAsync(CancellationToken ct)
    {
        var sent = 0;
        foreach (var (id, address, eml) in store.PendingReplyConfirmations())
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                if (_sender is not null) await _sender.SendAsync(settings.From.Address, [address], eml, ct);
                else WriteToOutbox(id, address, eml);
                store.MarkReplyConfirmation(id, clock.GetUtcNow().UtcDateTime, null);
                sent++;
                logger.LogInformation("digest reply {Reply}: confirmation sent to {Address}", id, address);
            }
            catch (Exception e) when (e is MailException or IOException or UnauthorizedAccessException)
            {
                store.MarkReplyConfirmation(id, null, e.Message);
                logger.LogWarning("digest reply {Reply}: confirmation to {Address} not sent, tried again on the next poll: {Error}", id, address, e.Message);
            }
        }
        return sent;
    }

    private ReplyOutcome Duplicate(string key)
    {
        logger.LogInformation("digest reply {Key}: applied before, nothing applied again", key);
        return new ReplyOutcome(ReplyOutcome.Duplicate, "applied before (the same reply read again)");
    }

    private ReplyOutcome Refuse(string key, long? digestId, string via, string sender, string reason)
    {
        var recorded = store.ApplyDigestReply(new NewDigestReply(key, digestId, via, sender, clock.GetUtcNow().UtcDateTime, DigestReplyStatus.Refused, reason), "", []);
        if (recorded is null) return Duplicate(key);
        logger.LogWarning("digest reply {Key} from {Sender}: refused, nothing applied: {Reason}", key, sender, reason);
        return new ReplyOutcome(DigestReplyStatus.Refused, reason);
    }

    private ReplyOutcome Apply(RepliedDigest digest, FilledForm form, string key, string via, string sender, string? replyMessageId)
    {
        var offered = Offered(digest);
        var configured = ReplyForm.ConfiguredLabels(paths.Models);
        var rows = new List<ReplyRow>();
        var samples = new List<LabeledSample>();
        foreach (var r in form.Reviews.Where(r => !(r.Id.Length > 0 && r.IsBlank)))
            rows.Add(ReviewRow(r, offered));
        foreach (var r in form.Labels.Where(r => !(r.Id.Length > 0 && r.IsBlank)))
        {
            var row = LabelRow(r, offered, configured, out var passage);
            rows.Add(row);
            if (row.Refusal is null) samples.Add(new LabeledSample(passage!.Text, row.Value!, passage.Section, passage.Context, passage.Position));
        }

        // Labels first: the label store is content-addressed, so writing them again after a crash changes nothing.
        if (samples.Count > 0) new LabelStore(paths.Labels).Add(samples, 0, configured.ToList());
        var reviewer = $"{digest.Supervisor} <{digest.Address}>";
        var now = clock.GetUtcNow();
        var result = store.ApplyDigestReply(new NewDigestReply(key, digest.Id, via, sender, now.UtcDateTime, DigestReplyStatus.Applied, null), reviewer, rows);
        if (result is not { } applied) return Duplicate(key);

        int Count(string kind, string outcome) => applied.Rows.Count(a => (kind.Length == 0 || a.Row.Kind == kind) && a.Outcome == outcome);
        var outcomeOf = new ReplyOutcome(DigestReplyStatus.Applied, null, Count(ReplyRow.Review, ReplyRowOutcome.Taken), Count(ReplyRow.Label, ReplyRowOutcome.Taken),
            Count("", ReplyRowOutcome.Unchanged), Count("", ReplyRowOutcome.Refused));
        store.SetReplyConfirmation(applied.ReplyId, Confirmation(digest, applied.ReplyId, outcomeOf, applied.Rows, now, replyMessageId));
        logger.LogInformation("digest reply {Key} from {Sender} to digest {Digest}: {Reviews} reviews and {Labels} labels taken, {Unchanged} unchanged, {Refused} rows refused",
            key, sender, digest.Id, outcomeOf.Reviews, outcomeOf.Labels, outcomeOf.Unchanged, outcomeOf.RefusedRows);
        return outcomeOf;
    }

    /// <summary>The ids the digest's own workbook offered (read back from the message kept with the digest).</summary>
    private HashSet<string> Offered(RepliedDigest digest)
    {
        var sent = MailReader.Read(digests.DigestMessage(digest.Id), MessageLimits.Default);
        var form = sent.Attachments.Where(IsWorkbook).Select(a => ReplyWorkbook.Read(a.Content)).FirstOrDefault(f => f is not null);
        return form is null ? [] : form.Reviews.Concat(form.Labels).Select(r => r.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private static ReplyRow ReviewRow(FilledRow r, HashSet<string> offered)
    {
        var findingId = ReplyForm.ParseFinding(r.Id);
        var status = ReplyForm.Decision(r.Answer);
        var refusal =
            r.Id.Length == 0 ? "没有编号，无法对应到问题"
            : findingId is null || !offered.Contains(r.Id) ? $"编号 {r.Id} 不是该期周报列出的问题"
            : r.Answer.Length == 0 ? "填了备注但没有选择处理（确认、驳回或待定）"
            : status is null ? $"处理「{r.Answer}」不是 确认、驳回 或 待定"
            : null;
        return new ReplyRow(r.Sheet, r.RowNumber, r.Id.Length == 0 ? "?" : r.Id.ToUpperInvariant(), ReplyRow.Review, findingId, status,
            r.Comment.Length == 0 ? null : r.Comment, refusal);
    }

    private ReplyRow LabelRow(FilledRow r, HashSet<string> offered, IReadOnlyList<string> configured, out StoredPassage? passage)
    {
        passage = null;
        var at = ReplyForm.ParsePassage(r.Id);
        var label = configured.FirstOrDefault(l => string.Equals(r.Answer, l, StringComparison.OrdinalIgnoreCase) || r.Answer == PassageLabels.Chinese(l));
        var refusal =
            r.Id.Length == 0 ? "没有编号，无法对应到段落"
            : at is null || !offered.Contains(r.Id) ? $"编号 {r.Id} 不是该期周报列出的段落"
            : r.Answer.Length == 0 ? "没有选择标签"
            : label is null ? $"标签「{r.Answer}」不在已配置的标签中（{string.Join("、", configured.Select(PassageLabels.Chinese))}）"
            : (passage = passages.PassageAt(at.Value.Report, at.Value.Position)) is null ? $"段落 {r.Id} 已不在库中"
            : null;
        return new ReplyRow(r.Sheet, r.RowNumber, r.Id.Length == 0 ? "?" : r.Id.ToUpperInvariant(), ReplyRow.Label, null, label, null, refusal);
    }

    /// <summary>The confirmation: the counts, then each refused row by sheet, row number and id, with the reason.</summary>
    private byte[] Confirmation(RepliedDigest digest, long replyId, ReplyOutcome o, IReadOnlyList<AppliedRow> rows, DateTimeOffset now, string? replyMessageId)
    {
        var recipient = settings.Recipients.FirstOrDefault(r => string.Equals(r.Address, digest.Address, StringComparison.OrdinalIgnoreCase));
        var zone = recipient?.TimeZone ?? DigestSettings.FindZone(DigestSettings.DefaultTimeZone) ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var t = new StringBuilder();
        t.Append(digest.Supervisor).AppendLine("：").AppendLine();
        t.AppendLine(CultureInfo.InvariantCulture, $"您对《{digest.Subject}》的回复已于 {local:yyyy-MM-dd HH:mm} 处理：");
        t.AppendLine(CultureInfo.InvariantCulture, $"采纳问题审核 {o.Reviews} 条，段落标注 {o.Labels} 条；未采纳 {o.RefusedRows} 行。");
        if (o.Unchanged > 0) t.AppendLine(CultureInfo.InvariantCulture, $"另有 {o.Unchanged} 行与已记录的结论相同，未作改动。");
        var refused = rows.Where(a => a.Outcome == ReplyRowOutcome.Refused).ToList();
        if (refused.Count > 0)
        {
            t.AppendLine().AppendLine("未采纳的行：");
            foreach (var a in refused)
                t.AppendLine(CultureInfo.InvariantCulture, $"- {a.Row.Sheet} 第 {a.Row.RowNumber} 行（编号 {a.Row.Item}）：{a.Reason}");
            t.AppendLine("改正后可再次回复同一封周报，已采纳的内容不会重复记录。");
        }
        if (o.Labels > 0) t.AppendLine().AppendLine("段落标注将在下次模型重训时使用。");
        t.AppendLine().AppendLine("本邮件由 DisclosureWatch 自动生成。");

        var body = new TextPart(TextFormat.Plain) { ContentTransferEncoding = ContentEncoding.Base64 };
        body.SetText(Encoding.UTF8, t.ToString());
        var domain = settings.From.Address[(settings.From.Address.LastIndexOf('@') + 1)..];
        var message = new MimeMessage
        {
            Subject = $"回复已处理：采纳审核 {o.Reviews} 条、标注 {o.Labels} 条，未采纳 {o.RefusedRows} 行",
            Date = local,
            MessageId = $"reply.{replyId.ToString(CultureInfo.InvariantCulture)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}@{domain}",
            Body = body,
        };
        if (replyMessageId is not null) message.InReplyTo = replyMessageId;
        message.References.Add(digest.MessageId);
        if (replyMessageId is not null) message.References.Add(replyMessageId);
        message.From.Add(new MailboxAddress(settings.From.Name, settings.From.Address));
        message.To.Add(new MailboxAddress(digest.Supervisor, digest.Address));
        message.Headers.Add("Auto-Submitted", "auto-replied");
        var format = FormatOptions.Default.Clone();
        format.International = false;
        format.NewLineFormat = NewLineFormat.Dos;
        using var bytes = new MemoryStream();
        message.WriteTo(format, bytes);
        return bytes.ToArray();
    }

    /// <summary>The Message-IDs of In-Reply-To, then References (last first: the message replied to is usually last).</summary>
    private static List<string> References(byte[] raw)
    {
        HeaderList headers;
        try { headers = HeaderList.Load(new MemoryStream(raw, writable: false)); }
        catch (FormatException) { return []; }
        var ids = new List<string>();
        if (headers[HeaderId.InReplyTo] is { } inReplyTo) ids.AddRange(MimeUtils.EnumerateReferences(inReplyTo));
        if (headers[HeaderId.References] is { } references) ids.AddRange(MimeUtils.EnumerateReferences(references).Reverse());
        return ids.Distinct(StringComparer.Ordinal).ToList();
    }

    private static bool IsWorkbook(MailAttachment a) =>
        a.FileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || a.MediaType == DigestComposer.XlsxType;

    private static bool SameToken(string given, string? expected) =>
        expected is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private void WriteToOutbox(long id, string address, byte[] eml)
    {
        Directory.CreateDirectory(paths.Outbox);
        var name = $"reply-confirmation-{id}-{string.Concat(address.Select(c => char.IsLetterOrDigit(c) || c is '@' or '.' or '-' or '_' ? c : '_'))}.eml";
        var path = Path.Combine(paths.Outbox, name);
        File.WriteAllBytes(path + ".part", eml);
        File.Move(path + ".part", path, overwrite: true);
    }

    private void Fail(string file, string reason) => IncomingFiles.Failed(paths.Labels, file, reason, clock.GetUtcNow());
}
