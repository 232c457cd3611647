using System.Globalization;
using System.Text;
using MimeKit;

namespace DisclosureWatch.Worker.Mail;

/// <summary>Bounds applied while reading a message. Over <see cref="MaxMessageBytes"/> the whole message is refused;
/// the other limits refuse only the parts concerned, with the reason.</summary>
internal sealed record MessageLimits
{
    public long MaxMessageBytes { get; init; } = 64L * 1024 * 1024;
    public long MaxAttachmentBytes { get; init; } = 40L * 1024 * 1024;
    public int MaxParts { get; init; } = 500;
    public int MaxDepth { get; init; } = 12;
    public static MessageLimits Default { get; } = new();
}

/// <summary>A leaf part that is an attachment. <see cref="FileName"/> is a label only (sanitized: no directory, no
/// ".."); <see cref="Content"/> is empty when <see cref="RefusedReason"/> says why it was not decoded.</summary>
internal sealed record MailAttachment(string Path, string FileName, string MediaType, byte[] Content, string? RefusedReason)
{
    public bool IsRefused => RefusedReason is not null;
}

/// <summary>The text and HTML bodies of the message or of a message forwarded inside it (message/rfc822).</summary>
internal sealed record MailBody(string Subject, string? Text, string? Html);

/// <summary>A message as the intake needs it. <see cref="Bodies"/>[0] is the message's own; forwarded ones follow in
/// document order. <see cref="Attachments"/> include the forwarded messages' attachments.</summary>
internal sealed record MailContent(string? MessageId, string From, string FromAddress, string Subject, DateTimeOffset? Date,
    IReadOnlyList<MailAttachment> Attachments, IReadOnlyList<MailBody> Bodies, IReadOnlyList<string> Problems);

/// <summary>The message is over MaxMessageBytes or has no readable header at all.</summary>
internal sealed class MailFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads raw messages with MimeKit: mailbox messages and .eml files dropped in the inbox alike. Charsets: GB2312 and
/// GBK are read as GB18030 (their superset); unlabelled 8-bit text is UTF-8 when it decodes as such, else GB18030.
/// RFC 2047 words and RFC 2231 parameters (continuations, charsets) are MimeKit's.
/// </summary>
internal static class MailReader
{
    private static readonly Encoding Gb18030;
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    static MailReader()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Gb18030 = Encoding.GetEncoding("GB18030");
    }

    public static MailContent Read(byte[] raw, MessageLimits limits)
    {
        if (raw.LongLength > limits.MaxMessageBytes)
            throw new MailFormatException($"the message is {raw.LongLength} bytes, over the {limits.MaxMessageBytes}-byte limit");
        var options = new ParserOptions { MaxMimeDepth = limits.MaxDepth, CharsetEncoding = Gb18030 };
        MimeMessage message;
        try { message = MimeMessage.Load(options, new MemoryStream(raw, writable: false)); }
        catch (FormatException e) { throw new MailFormatException(e.Message, e); }

        var walk = new Walk(limits);
        walk.Message(message, "", 0);
        var from = message.From.Mailboxes.FirstOrDefault();
        return new MailContent(
            message.MessageId is { Length: > 0 } id ? id : null,
            from is null ? message.Headers[HeaderId.From] ?? "" : string.IsNullOrEmpty(from.Name) ? from.Address : $"{from.Name} <{from.Address}>",
            from?.Address ?? "",
            message.Subject ?? "",
            message.Headers.Contains(HeaderId.Date) && message.Date != DateTimeOffset.MinValue ? message.Date : null,
            walk.Attachments, walk.Bodies.Select(b => new MailBody(b.Subject, b.Text?.ToString(), b.Html)).ToList(), walk.Problems);
    }

    private sealed class BodyText(string subject)
    {
        public string Subject { get; } = subject;
        public StringBuilder? Text { get; set; }
        public string? Html { get; set; }
    }

    private sealed class Walk(MessageLimits limits)
    {
        public List<MailAttachment> Attachments { get; } = [];
        public List<BodyText> Bodies { get; } = [];
        public List<string> Problems { get; } = [];
        private int _entities;

        public void Message(MimeMessage message, string path, int depth)
        {
            var body = new BodyText(message.Subject ?? "");
            Bodies.Add(body);
            if (message.Body is { } entity) Entity(entity, path, depth, body);
        }

        private void Entity(MimeEntity entity, string path, int depth, BodyText owner)
        {
            if (++_entities > limits.MaxParts)
            {
                if (_entities == limits.MaxParts + 1) Problems.Add($"more than {limits.MaxParts} parts: the rest were skipped");
                return;
            }
            var number = path.Length == 0 ? "1" : path;
            switch (entity)
            {
                case Multipart multipart when depth >= limits.MaxDepth:
                    Refuse(multipart, number, $"nested deeper than {limits.MaxDepth} levels");
                    return;
                case Multipart multipart:
                    for (var i = 0; i < multipart.Count; i++)
                        Entity(multipart[i], path.Length == 0 ? $"{i + 1}" : $"{path}.{i + 1}", depth + 1, owner);
                    return;
                case MessagePart when depth >= limits.MaxDepth:
                    Refuse(entity, number, $"nested deeper than {limits.MaxDepth} levels");
                    return;
                case MessagePart { Message: { } inner }:
                    Message(inner, number, depth + 1);
                    return;
                case MimePart part:
                    Leaf(part, number, owner);
                    return;
            }
        }

        private void Leaf(MimePart part, string number, BodyText owner)
        {
            var media = part.ContentType.MimeType.ToLowerInvariant();
            var rawName = part.FileName;
            var isAttachment = part.ContentDisposition?.Disposition is { } d && d.Equals(ContentDisposition.Attachment, StringComparison.OrdinalIgnoreCase)
                               || rawName is not null || (media != "text/plain" && media != "text/html");
            var encoded = part.Content?.Stream?.Length ?? 0;
            var estimate = part.ContentTransferEncoding == ContentEncoding.Base64 ? encoded * 3 / 4 : encoded;
            if (isAttachment)
            {
                var name = AttachmentNames.Sanitize(rawName) ?? AttachmentNames.Fallback(number, media);
                if (estimate > limits.MaxAttachmentBytes)
                {
                    var reason = $"part is about {estimate} bytes, over the {limits.MaxAttachmentBytes}-byte limit";
                    Problems.Add($"part {number} ({name}): {reason}");
                    Attachments.Add(new MailAttachment(number, name, media, [], reason));
                }
                else Attachments.Add(new MailAttachment(number, name, media, Decode(part), null));
                return;
            }
            if (estimate > limits.MaxAttachmentBytes)
            {
                Problems.Add($"part {number} ({media}): body over the {limits.MaxAttachmentBytes}-byte limit, not read");
                return;
            }
            var text = Text(Decode(part), part.ContentType.Charset);
            if (media == "text/plain")
            {
                text = text.ReplaceLineEndings("\n");
                if (owner.Text is null) owner.Text = new StringBuilder(text);
                else owner.Text.Append('\n').Append(text);
            }
            else owner.Html ??= text;
        }

        private void Refuse(MimeEntity entity, string number, string reason)
        {
            var name = AttachmentNames.Fallback(number, entity.ContentType.MimeType.ToLowerInvariant());
            Problems.Add($"part {number}: {reason}");
            Attachments.Add(new MailAttachment(number, name, entity.ContentType.MimeType.ToLowerInvariant(), [], reason));
        }

        private static byte[] Decode(MimePart part)
        {
            if (part.Content is null) return [];
            using var decoded = new MemoryStream();
            part.Content.DecodeTo(decoded);
            return decoded.ToArray();
        }
    }

    /// <summary>Text in its declared charset (GB2312/GBK as GB18030); unlabelled or unknown: UTF-8 if valid, else GB18030.</summary>
    public static string Text(byte[] bytes, string? charset)
    {
        var name = charset?.Trim().Trim('"').ToLowerInvariant();
        if (name is "gb2312" or "gbk" or "gb18030" or "x-gbk" or "cp936" or "euc-cn") return Gb18030.GetString(bytes);
        if (name is { Length: > 0 } && name is not ("us-ascii" or "ascii"))
        {
            try { return Encoding.GetEncoding(name).GetString(bytes); }
            catch (ArgumentException) { } // unknown label: guess below
        }
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { return Gb18030.GetString(bytes); }
    }
}

/// <summary>Attachment names are labels, never paths.</summary>
internal static class AttachmentNames
{
    /// <summary>Strips directories ("/", "\\"), ".." and leading dots, control and bidi-format characters and the
    /// characters Windows forbids; keeps Chinese. Null when nothing usable remains.</summary>
    public static string? Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        name = name.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format) continue;
            sb.Append("<>:\"|?*".Contains(c) ? '_' : c);
        }
        var clean = sb.ToString().Replace("..", "").Trim().TrimStart('.').TrimEnd('.', ' ');
        if (clean.Length == 0) return null;
        if (clean.Length > 180)
        {
            var ext = Path.GetExtension(clean);
            if (ext.Length > 16) ext = "";
            clean = clean[..(180 - ext.Length)] + ext;
        }
        return clean;
    }

    /// <summary>The label of an attachment that has no usable name: its part number and an extension for its type.</summary>
    public static string Fallback(string path, string mediaType) => $"part-{path}" + mediaType switch
    {
        "text/plain" => ".txt",
        "text/html" => ".html",
        "application/pdf" => ".pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => ".docx",
        "application/msword" => ".doc",
        "message/rfc822" => ".eml",
        _ => ".bin",
    };
}
