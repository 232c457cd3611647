using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DisclosureWatch.Mail.Mime;

/// <summary>An address with an optional display name (any script).</summary>
public sealed record MailboxAddress(string Address, string? DisplayName = null)
{
    public override string ToString() => DisplayName is null ? Address : $"{DisplayName} <{Address}>";
}

public sealed record OutgoingAttachment(string FileName, string MediaType, byte[] Content);

/// <summary>A message to compose (e.g. the weekly digest): text and/or HTML alternatives plus attachments.</summary>
public sealed class OutgoingMessage
{
    public required MailboxAddress From { get; init; }
    public List<MailboxAddress> To { get; init; } = new();
    public List<MailboxAddress> Cc { get; init; } = new();
    /// <summary>Envelope-only recipients: never written into the headers.</summary>
    public List<MailboxAddress> Bcc { get; init; } = new();
    public MailboxAddress? ReplyTo { get; init; }
    public string Subject { get; init; } = "";
    /// <summary>Adds "Auto-Submitted: auto-generated" (RFC 3834) so that vacation responders stay quiet.</summary>
    public bool AutoSubmitted { get; init; }
    public string? TextBody { get; init; }
    public string? HtmlBody { get; init; }
    public List<OutgoingAttachment> Attachments { get; init; } = new();
    /// <summary>Defaults to the time of writing.</summary>
    public DateTimeOffset? Date { get; init; }
    /// <summary>Without angle brackets; defaults to a random id at the sender's domain.</summary>
    public string? MessageId { get; init; }
}

/// <summary>Writes <see cref="OutgoingMessage"/> as RFC 5322/MIME bytes: CRLF line ends, lines ≤ 78 characters
/// (always ≤ 998), multipart/mixed over multipart/alternative, UTF-8 bodies in base64 or quoted-printable,
/// RFC 2047 headers and RFC 2231 file names — or raw UTF-8 headers when <c>utf8Headers</c> (SMTPUTF8, RFC 6532).</summary>
public static class MimeWriter
{
    public static byte[] Write(OutgoingMessage message, bool utf8Headers = false)
    {
        var sb = new StringBuilder();
        var date = message.Date ?? DateTimeOffset.Now;
        var domain = message.From.Address.Contains('@') ? message.From.Address[(message.From.Address.LastIndexOf('@') + 1)..] : "localhost";
        var messageId = message.MessageId ?? $"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}.{date.ToUnixTimeSeconds()}@{domain}";

        Header(sb, "Date", FormatDate(date));
        Header(sb, "From", Address(message.From, utf8Headers));
        if (message.To.Count > 0) Header(sb, "To", string.Join(",\r\n ", message.To.Select(a => Address(a, utf8Headers))));
        if (message.Cc.Count > 0) Header(sb, "Cc", string.Join(",\r\n ", message.Cc.Select(a => Address(a, utf8Headers))));
        if (message.ReplyTo is not null) Header(sb, "Reply-To", Address(message.ReplyTo, utf8Headers));
        Header(sb, "Subject", utf8Headers && Encoding.UTF8.GetByteCount(message.Subject) < 900 && !message.Subject.Any(char.IsControl)
            ? message.Subject : HeaderCodec.EncodeText(message.Subject));
        Header(sb, "Message-ID", $"<{messageId}>");
        if (message.AutoSubmitted) Header(sb, "Auto-Submitted", "auto-generated");
        Header(sb, "MIME-Version", "1.0");

        var body = BodyEntity(message);
        sb.Append(body);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>RFC 5322 date-time, e.g. "Sat, 21 Nov 2026 20:15:00 +0800".</summary>
    public static string FormatDate(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return date.ToString("ddd, d MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + $"{sign}{abs.Hours:00}{abs.Minutes:00}";
    }

    static string Address(MailboxAddress a, bool utf8)
    {
        if (string.IsNullOrEmpty(a.DisplayName)) return $"<{a.Address}>";
        var name = utf8 && !HeaderCodec.IsPrintableAscii(a.DisplayName)
            ? "\"" + a.DisplayName.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""
            : HeaderCodec.EncodePhrase(a.DisplayName);
        return $"{name} <{a.Address}>";
    }

    static void Header(StringBuilder sb, string name, string value) => sb.Append(name).Append(": ").Append(value).Append("\r\n");

    /// <summary>Content headers and body of the top entity (the part after the message headers).</summary>
    static string BodyEntity(OutgoingMessage m)
    {
        var alternatives = new List<string>();
        if (m.TextBody is not null) alternatives.Add(TextPart("text/plain", m.TextBody));
        if (m.HtmlBody is not null) alternatives.Add(TextPart("text/html", m.HtmlBody));
        if (alternatives.Count == 0) alternatives.Add(TextPart("text/plain", ""));
        var content = alternatives.Count == 1 ? alternatives[0] : Multipart("alternative", alternatives);
        if (m.Attachments.Count == 0) return content;
        var parts = new List<string> { content };
        parts.AddRange(m.Attachments.Select(AttachmentPart));
        return Multipart("mixed", parts);
    }

    static string Multipart(string subtype, List<string> parts)
    {
        var boundary = "=_dw_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var sb = new StringBuilder();
        sb.Append($"Content-Type: multipart/{subtype};\r\n\tboundary=\"{boundary}\"\r\n\r\n");
        foreach (var part in parts) sb.Append("--").Append(boundary).Append("\r\n").Append(part).Append("\r\n");
        sb.Append("--").Append(boundary).Append("--\r\n");
        return sb.ToString();
    }

    /// <summary>UTF-8 text; quoted-printable when mostly ASCII (readable, compact), base64 otherwise (Chinese).</summary>
    static string TextPart(string mediaType, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"));
        int nonAscii = bytes.Count(b => b >= 128);
        bool qp = nonAscii * 10 < bytes.Length;
        return $"Content-Type: {mediaType}; charset=utf-8\r\nContent-Transfer-Encoding: {(qp ? "quoted-printable" : "base64")}\r\n\r\n"
            + (qp ? TransferEncoding.EncodeQuotedPrintable(bytes) : TransferEncoding.EncodeBase64Lines(bytes)).TrimEnd('\r', '\n');
    }

    /// <summary>Attachment with an RFC 2231 filename on Content-Disposition and, for older readers, an RFC 2047
    /// name on Content-Type.</summary>
    static string AttachmentPart(OutgoingAttachment a)
    {
        var fileName = MimeFileName.Sanitize(a.FileName) ?? "attachment.bin";
        var legacyName = HeaderCodec.IsPrintableAscii(fileName) ? HeaderCodec.EncodeParameter("name", fileName)
            : ";\r\n\tname=\"" + HeaderCodec.EncodeText(fileName).Replace("\r\n ", "\r\n\t") + "\"";
        return $"Content-Type: {a.MediaType}{legacyName}\r\n"
            + $"Content-Disposition: attachment{HeaderCodec.EncodeParameter("filename", fileName)}\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + TransferEncoding.EncodeBase64Lines(a.Content).TrimEnd('\r', '\n');
    }
}
