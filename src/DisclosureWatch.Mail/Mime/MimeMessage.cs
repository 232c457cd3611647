namespace DisclosureWatch.Mail.Mime;

/// <summary>A parsed Internet message (RFC 5322 + MIME). Forwarded messages (message/rfc822 parts) are parsed too:
/// their leaf parts appear in <see cref="Parts"/> and their attachments in <see cref="Attachments"/> of every
/// enclosing message, and each is also available on its own in <see cref="ForwardedMessages"/>.</summary>
public sealed class MimeMessage
{
    private readonly List<MimePart> _parts = new();
    private readonly List<MimeMessage> _forwarded = new();
    private readonly List<string> _problems;

    private MimeMessage(MimeHeaders headers, List<string> problems)
    {
        Headers = headers;
        _problems = problems;
    }

    public MimeHeaders Headers { get; }
    /// <summary>Decoded subject (RFC 2047), or "".</summary>
    public string Subject => HeaderCodec.DecodeWords(Headers["Subject"] ?? "");
    /// <summary>Decoded From header, e.g. "张三 &lt;zhang@example.cn&gt;".</summary>
    public string From => HeaderCodec.DecodeWords(Headers["From"] ?? "");
    /// <summary>The addr-spec of From ("zhang@example.cn"), or "".</summary>
    public string FromAddress => AddressOf(Headers["From"]);
    /// <summary>Message-ID without angle brackets, or null.</summary>
    public string? MessageId => Headers["Message-ID"]?.Trim().Trim('<', '>').Trim() is { Length: > 0 } id ? id : null;
    public DateTimeOffset? Date => MimeHeaders.ParseDate(Headers["Date"]);
    /// <summary>The text/plain body of this message (not of forwarded ones), line breaks as "\n"; null if none.</summary>
    public string? TextBody { get; private set; }
    public string? HtmlBody { get; private set; }
    /// <summary>All leaf parts in document order, including those of forwarded messages.</summary>
    public IReadOnlyList<MimePart> Parts => _parts;
    /// <summary>Leaf parts that are attachments (refused ones included, see <see cref="MimePart.RefusedReason"/>).</summary>
    public IReadOnlyList<MimePart> Attachments => _parts.Where(p => p.IsAttachment).ToList();
    /// <summary>message/rfc822 parts inside this message, at any depth, in document order.</summary>
    public IReadOnlyList<MimeMessage> ForwardedMessages => _forwarded;
    /// <summary>Limits hit and malformations tolerated while reading (shared with the enclosing message).</summary>
    public IReadOnlyList<string> Problems => _problems;
    public long Size { get; private set; }

    /// <summary>Calls <paramref name="visitor"/> for every leaf part, forwarded messages' parts included.</summary>
    public void Visit(Action<MimePart> visitor)
    {
        foreach (var part in _parts) visitor(part);
    }

    public static MimeMessage Parse(byte[] raw, MimeLimits? limits = null)
    {
        limits ??= MimeLimits.Default;
        if (raw.LongLength > limits.MaxMessageBytes)
            throw new MimeException($"message is {raw.LongLength} bytes, over the {limits.MaxMessageBytes}-byte limit");
        return new Reader(limits).ReadMessage(raw, "", 0, []);
    }

    public static MimeMessage Parse(Stream stream, MimeLimits? limits = null)
    {
        limits ??= MimeLimits.Default;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > limits.MaxMessageBytes)
                throw new MimeException($"message is over the {limits.MaxMessageBytes}-byte limit");
        }
        return Parse(buffer.ToArray(), limits);
    }

    static string AddressOf(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return "";
        int lt = raw.LastIndexOf('<'), gt = raw.LastIndexOf('>');
        if (lt >= 0 && gt > lt) return raw[(lt + 1)..gt].Trim();
        return raw.Trim();
    }

    public override string ToString() => $"{Subject} ({_parts.Count} parts)";

    /// <summary>Recursive-descent reader over the raw bytes; parts reference slices of the input.</summary>
    private sealed class Reader(MimeLimits limits)
    {
        private readonly List<string> _problems = new();
        private int _entities;
        private bool _partLimitReported;

        public MimeMessage ReadMessage(ReadOnlyMemory<byte> raw, string path, int depth, List<MimeMessage> enclosing)
        {
            var (headers, body) = SplitHeaders(raw);
            var message = new MimeMessage(headers, _problems) { Size = raw.Length };
            var owners = new List<MimeMessage>(enclosing) { message };
            foreach (var outer in enclosing) outer._forwarded.Add(message);
            ReadEntity(headers, body, path, depth, owners);
            return message;
        }

        void ReadEntity(MimeHeaders headers, ReadOnlyMemory<byte> body, string path, int depth, List<MimeMessage> owners)
        {
            var contentType = HeaderCodec.ParseStructured(headers["Content-Type"] ?? "text/plain");
            var mediaType = contentType.Value.ToLowerInvariant();
            if (!mediaType.Contains('/')) contentType = contentType with { Value = mediaType = "text/plain" };
            var dispositionRaw = headers["Content-Disposition"];
            var disposition = dispositionRaw is null ? null : HeaderCodec.ParseStructured(dispositionRaw);
            var encoding = (headers["Content-Transfer-Encoding"] ?? "7bit").Trim().ToLowerInvariant();
            var message = owners[^1];

            if (++_entities > limits.MaxParts)
            {
                if (!_partLimitReported) _problems.Add($"more than {limits.MaxParts} parts: the rest were skipped");
                _partLimitReported = true;
                return;
            }

            if (mediaType.StartsWith("multipart/", StringComparison.Ordinal) && contentType["boundary"] is { Length: > 0 } boundary)
            {
                if (depth >= limits.MaxDepth) { Refuse($"nested deeper than {limits.MaxDepth} levels"); return; }
                var children = SplitMultipart(body, boundary);
                for (int i = 0; i < children.Count; i++)
                {
                    var (childHeaders, childBody) = SplitHeaders(children[i]);
                    ReadEntity(childHeaders, childBody, Child(path, i + 1), depth + 1, owners);
                }
                return;
            }

            if (mediaType is "message/rfc822" or "message/global")
            {
                if (depth >= limits.MaxDepth) { Refuse($"nested deeper than {limits.MaxDepth} levels"); return; }
                var inner = encoding is "base64" or "quoted-printable" ? Decode(body.Span, encoding) : body;
                ReadMessage(inner, path.Length == 0 ? "1" : path, depth + 1, owners);
                return;
            }

            var part = NewPart();
            if (part.IsAttachment) part.FileName ??= MimeFileName.Fallback(part.Path, part.MediaType);
            long estimate = encoding == "base64" ? body.Length * 3L / 4 : body.Length;
            if (estimate > limits.MaxAttachmentBytes)
            {
                part.RefusedReason = $"part is about {estimate} bytes, over the {limits.MaxAttachmentBytes}-byte limit";
                _problems.Add($"part {part.Path} ({part.FileName ?? part.MediaType}): {part.RefusedReason}");
            }
            else part.Content = Decode(body.Span, encoding);

            bool isBody = !part.IsAttachment && !part.IsRefused;
            if (isBody && part.MediaType == "text/plain")
            {
                var text = part.GetText().ReplaceLineEndings("\n");
                message.TextBody = message.TextBody is null ? text : message.TextBody + "\n" + text;
            }
            else if (isBody && part.MediaType == "text/html") message.HtmlBody ??= part.GetText();
            foreach (var owner in owners) owner._parts.Add(part);

            MimePart NewPart() => new(headers, contentType, disposition, path.Length == 0 ? "1" : path, depth, message);

            void Refuse(string reason)
            {
                var refused = NewPart();
                refused.RefusedReason = reason;
                refused.FileName ??= MimeFileName.Fallback(refused.Path, refused.MediaType);
                _problems.Add($"part {refused.Path}: {reason}");
                foreach (var owner in owners) owner._parts.Add(refused);
            }
        }

        static string Child(string path, int index) => path.Length == 0 ? index.ToString() : $"{path}.{index}";

        static byte[] Decode(ReadOnlySpan<byte> body, string encoding) => encoding switch
        {
            "base64" => TransferEncoding.DecodeBase64(body),
            "quoted-printable" => TransferEncoding.DecodeQuotedPrintable(body),
            _ => body.ToArray(),
        };

        /// <summary>Header block up to the first empty line (CRLF CRLF or LF LF); the rest is the body.</summary>
        static (MimeHeaders, ReadOnlyMemory<byte>) SplitHeaders(ReadOnlyMemory<byte> raw)
        {
            var span = raw.Span;
            if (span.StartsWith("\r\n"u8)) return (MimeHeaders.Parse([]), raw[2..]);
            if (span.StartsWith("\n"u8)) return (MimeHeaders.Parse([]), raw[1..]);
            for (int i = span.IndexOf((byte)'\n'); i >= 0 && i + 1 < span.Length;)
            {
                if (span[i + 1] == '\n') return (MimeHeaders.Parse(span[..(i + 1)]), raw[(i + 2)..]);
                if (span[i + 1] == '\r' && i + 2 < span.Length && span[i + 2] == '\n')
                    return (MimeHeaders.Parse(span[..(i + 1)]), raw[(i + 3)..]);
                int next = span[(i + 1)..].IndexOf((byte)'\n');
                i = next < 0 ? -1 : i + 1 + next;
            }
            return (MimeHeaders.Parse(span), ReadOnlyMemory<byte>.Empty);
        }

        /// <summary>Body parts between "--boundary" lines (RFC 2046 5.1.1); the line break before a delimiter
        /// belongs to the delimiter. A missing close delimiter keeps the last part.</summary>
        static List<ReadOnlyMemory<byte>> SplitMultipart(ReadOnlyMemory<byte> body, string boundary)
        {
            var delimiter = Charsets.Utf8.GetBytes("--" + boundary);
            var span = body.Span;
            var parts = new List<ReadOnlyMemory<byte>>();
            int pos = 0, partStart = -1;
            while (pos < span.Length)
            {
                int found = span[pos..].IndexOf(delimiter);
                if (found < 0) break;
                int at = pos + found, after = at + delimiter.Length;
                pos = after;
                if (at > 0 && span[at - 1] != '\n') continue;
                bool close = span[after..].StartsWith("--"u8);
                int rest = close ? after + 2 : after;
                int eol = span[rest..].IndexOf((byte)'\n');
                int lineEnd = eol < 0 ? span.Length : rest + eol;
                if (!IsBlank(span[rest..lineEnd])) continue; // "--boundaryX": a longer, different boundary
                if (partStart >= 0)
                {
                    int end = at;
                    if (end > partStart && span[end - 1] == '\n') end--;
                    if (end > partStart && span[end - 1] == '\r') end--;
                    parts.Add(body[partStart..end]);
                }
                if (close) return parts;
                partStart = Math.Min(lineEnd + 1, span.Length);
                pos = partStart;
            }
            if (partStart >= 0 && partStart < span.Length) parts.Add(body[partStart..]);
            return parts;
        }

        static bool IsBlank(ReadOnlySpan<byte> s)
        {
            foreach (var b in s) if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
            return true;
        }
    }
}
