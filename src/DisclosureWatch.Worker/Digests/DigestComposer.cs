using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DisclosureWatch.Core;
using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Digests;
using DisclosureWatch.Core.Narrative;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Findings;
using DisclosureWatch.Storage.Passages;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Worker.Digests.Replies;
using DisclosureWatch.Worker.Export;
using DisclosureWatch.Worker.Mail;
using MimeKit;
using MimeKit.Text;

namespace DisclosureWatch.Worker.Digests;

/// <summary>A digest made into a mail: the content, the attachment, and the message bytes that are kept and sent.</summary>
internal sealed record ComposedDigest(Digest Digest, DigestAttachment Attachment, string MessageId, byte[] Eml);

/// <summary>Gathers a supervisor's <see cref="DigestInput"/> from the store and makes the mail (content by <see cref="DigestBuilder"/>).</summary>
internal sealed class DigestComposer(ReportRepository reports, FindingStore findingStore, PassageStore passageStore)
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// The reports received in the period's local days that fall in the supervisor's scope, with their findings and
    /// passages; who has reported for the report year (the year before the period's last day: reports for year Y are
    /// due on 31 January of Y+1); a report counts as resubmitted when the organ had sent one for the same year before.
    /// </summary>
    public DigestInput Gather(DigestRecipient recipient, DigestPeriod period, DateOnly today, int uncertainCount, int? reportYear = null)
    {
        var supervisor = recipient.Supervisor;
        var zone = recipient.TimeZone;
        var from = DigestSchedule.StartOfDayUtc(period.Start, zone);
        var to = DigestSchedule.StartOfDayUtc(period.End, zone);
        var year = reportYear ?? period.LastDay.Year - 1;

        var received = reports.ReportsReceived(from, to).Where(r => supervisor.Scope.Includes(r.Organ)).ToList();
        // Every stored report of the scope, by organ (names compared as OrganNames.Key), oldest first.
        var byOrgan = reports.OrganReports().Where(r => supervisor.Scope.Includes(r.Organ))
            .ToLookup(r => OrganNames.Key(r.Organ));
        var ids = received.Select(r => r.Id).ToList();

        var lastYearIds = new Dictionary<string, long>();
        foreach (var r in received)
        {
            if (r.Year is not { } own) continue;
            var before = byOrgan[OrganNames.Key(r.Organ!)].LastOrDefault(k => k.Year == own - 1 && k.ReceivedAt < to);
            if (before is not null) lastYearIds.TryAdd(r.Organ!, before.Id);
        }
        var findings = findingStore.FindingsOf(ids);
        var passages = passageStore.PassagesOf([.. ids, .. lastYearIds.Values]);

        return new DigestInput
        {
            Supervisor = supervisor.Name,
            Period = period,
            Today = today,
            ReportYear = year,
            TimeZone = zone,
            UncertainCount = uncertainCount,
            ExpectedOrgans = supervisor.ExpectedInScope,
            OrgansReported = byOrgan.SelectMany(g => g).Where(k => k.Year == year && k.ReceivedAt < to).Select(k => k.Organ).Distinct().ToList(),
            LastYearPassages = lastYearIds.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Passage>)passages[kv.Value].Select(ToPassage).ToList()),
            Reports = received.Select(r => new DigestReport(
                r.Id.ToString(CultureInfo.InvariantCulture), r.Organ!, r.Year, new DateTimeOffset(r.ReceivedAt, TimeSpan.Zero),
                Resubmitted: r.Year is not null && byOrgan[OrganNames.Key(r.Organ!)].Any(k => k.Id != r.Id && k.Year == r.Year
                    && (k.ReceivedAt < r.ReceivedAt || (k.ReceivedAt == r.ReceivedAt && k.Id < r.Id))),
                findings[r.Id].Select(ToFinding).ToList(),
                passages[r.Id].Select(ToPassage).ToList())).ToList(),
        };
    }

    /// <summary>
    /// The mail of a digest: multipart/mixed over multipart/alternative (text, html) plus the findings workbook, built
    /// with MimeKit. Headers are RFC 2047-encoded (never raw UTF-8) and bodies base64 / quoted-printable, so the same
    /// 7-bit bytes suit every server on every retry; the Message-ID is derived from the idempotency key, so even a
    /// rebuilt message would carry the same one. With a <paramref name="replyForm"/>, the workbook also carries the sheets
    /// the supervisor fills and replies with.
    /// </summary>
    public static ComposedDigest Compose(DigestInput input, DigestRecipient recipient, EmailAddress from, DateTimeOffset date, string key,
        ReplyForm? replyForm = null)
    {
        var digest = DigestBuilder.Build(input, (i, f) => replyForm is null ? FindingsWorkbook(i, f) : replyForm.Extend(FindingsWorkbook(i, f), f));
        var attachment = digest.Attachment;
        var domain = from.Address[(from.Address.LastIndexOf('@') + 1)..];
        var messageId = $"digest.{input.Period.Start:yyyyMMdd}.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..20]}@{domain}";

        var text = new TextPart(TextFormat.Plain) { ContentTransferEncoding = ContentEncoding.Base64 };
        text.SetText(Encoding.UTF8, digest.Text);
        var html = new TextPart(TextFormat.Html) { ContentTransferEncoding = ContentEncoding.Base64 };
        html.SetText(Encoding.UTF8, digest.Html);
        var workbook = new MimePart(ContentType.Parse(attachment.ContentType))
        {
            Content = new MimeContent(new MemoryStream(attachment.Content, writable: false)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = attachment.FileName,
        };
        var message = new MimeMessage
        {
            Subject = digest.Subject,
            Date = TimeZoneInfo.ConvertTime(date, recipient.TimeZone),
            MessageId = messageId,
            Body = new Multipart("mixed") { new MultipartAlternative { text, html }, workbook },
        };
        message.From.Add(new MailboxAddress(from.Name, from.Address));
        message.To.Add(new MailboxAddress(recipient.Name, recipient.Address));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var format = FormatOptions.Default.Clone();
        format.International = false; // RFC 2047 words, never raw UTF-8 in headers
        format.NewLineFormat = NewLineFormat.Dos;
        using var bytes = new MemoryStream();
        message.WriteTo(format, bytes);
        return new ComposedDigest(digest, attachment, messageId, bytes.ToArray());
    }

    /// <summary>The period's findings as an Excel workbook (sheet 问题): <see cref="DigestFindings"/>, the columns of `dw export`.</summary>
    public static DigestAttachment FindingsWorkbook(DigestInput input, DigestFigures figures)
    {
        var bytes = Exporter.XlsxBytes(("问题", DigestFindings.Header(input.TimeZone), DigestFindings.Rows(input, figures)));
        return new DigestAttachment(DigestFindings.FileName(figures.Period, "xlsx"), XlsxType, bytes);
    }

    private static Finding ToFinding(StoredFinding f) =>
        new(f.Rule, Enum.TryParse<Severity>(f.Severity, ignoreCase: true, out var s) ? s : Severity.Info, f.Message, f.Evidence, f.Section);

    private static Passage ToPassage(StoredPassage p) =>
        new(p.Section, p.Text, p.Context, p.Position) { Label = p.Label, Confidence = p.Confidence };
}
