namespace DisclosureWatch.Mail.Mime;

/// <summary>Bounds applied while reading a message. Crossing <see cref="MaxMessageBytes"/> refuses the whole
/// message (<see cref="MimeException"/>); the other limits refuse only the parts concerned, with a reason.</summary>
public sealed record MimeLimits
{
    public long MaxMessageBytes { get; init; } = 64L * 1024 * 1024;
    public int MaxParts { get; init; } = 500;
    public int MaxDepth { get; init; } = 12;
    public long MaxAttachmentBytes { get; init; } = 40L * 1024 * 1024;
    public static MimeLimits Default { get; } = new();
}

public sealed class MimeException(string message) : Exception(message);

/// <summary>A leaf body part (anything that is not multipart/* or message/rfc822), with its content decoded
/// from the transfer encoding.</summary>
public sealed class MimePart
{
    internal MimePart(MimeHeaders headers, HeaderValue contentType, HeaderValue? disposition, string path, int depth,
        MimeMessage message)
    {
        Headers = headers;
        ContentType = contentType;
        Disposition = disposition;
        Path = path;
        Depth = depth;
        Message = message;
        MediaType = contentType.Value.ToLowerInvariant();
        RawFileName = disposition?["filename"] ?? contentType["name"];
        FileName = MimeFileName.Sanitize(RawFileName);
    }

    public MimeHeaders Headers { get; }
    public HeaderValue ContentType { get; }
    public HeaderValue? Disposition { get; }
    /// <summary>Lower-case "type/subtype".</summary>
    public string MediaType { get; }
    public string? Charset => ContentType["charset"];
    /// <summary>IMAP-style part number ("1", "2.1", ...) inside the top-level message.</summary>
    public string Path { get; }
    public int Depth { get; }
    /// <summary>The message this part belongs to: the top-level one or a forwarded message/rfc822 inside it.</summary>
    public MimeMessage Message { get; }
    /// <summary>The file name as sent (decoded, unsanitized) — for logs only; never use it as a path.</summary>
    public string? RawFileName { get; }
    /// <summary>A safe file name: no directories, no "..", no control characters; null when the part has none.</summary>
    public string? FileName { get; internal set; }
    /// <summary>Decoded content; empty when <see cref="RefusedReason"/> is set.</summary>
    public byte[] Content { get; internal set; } = [];
    /// <summary>Why the content was not decoded (over a size/depth/count limit), or null.</summary>
    public string? RefusedReason { get; internal set; }
    public bool IsRefused => RefusedReason is not null;

    /// <summary>An attachment: disposition "attachment", a file name, or a type other than text/plain/html.</summary>
    public bool IsAttachment =>
        string.Equals(Disposition?.Value, "attachment", StringComparison.OrdinalIgnoreCase)
        || RawFileName is not null
        || (MediaType != "text/plain" && MediaType != "text/html");

    /// <summary>The content as text in its declared charset (GB2312/GBK read as GB18030; unlabelled: UTF-8 or GB18030).</summary>
    public string GetText() => Charsets.Decode(Content, Charset);

    public override string ToString() => $"{Path} {MediaType} {FileName}{(IsRefused ? " refused: " + RefusedReason : "")}";
}

/// <summary>Attachment file-name hygiene.</summary>
public static class MimeFileName
{
    /// <summary>Strips directories ("/", "\\"), ".." and leading dots, control and bidi-format characters and the
    /// characters Windows forbids; keeps Chinese. Returns null when nothing usable remains.</summary>
    public static string? Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        name = name.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var sb = new System.Text.StringBuilder(name.Length);
        foreach (var c in name)
        {
            var category = char.GetUnicodeCategory(c);
            if (char.IsControl(c) || category == System.Globalization.UnicodeCategory.Format) continue;
            sb.Append("<>:\"|?*".Contains(c) ? '_' : c);
        }
        var clean = sb.ToString().Replace("..", "").Trim().TrimStart('.').TrimEnd('.', ' ');
        if (clean.Length == 0) return null;
        if (clean.Length > 180)
        {
            var ext = System.IO.Path.GetExtension(clean);
            if (ext.Length > 16) ext = "";
            clean = clean[..(180 - ext.Length)] + ext;
        }
        return clean;
    }

    internal static string Fallback(string path, string mediaType) => $"part-{path}" + mediaType switch
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
