namespace DisclosureWatch.Mail.Imap;

/// <summary>An IMAP failure. For a tagged NO/BAD, <see cref="Status"/>, <see cref="ResponseCode"/> (e.g.
/// "TRYCREATE", "AUTHENTICATIONFAILED") and <see cref="ServerText"/> carry what the server said.</summary>
public sealed class ImapException(string message, bool isTransient, Exception? inner = null,
    string? status = null, string? responseCode = null, string? serverText = null)
    : MailException(message, isTransient, inner)
{
    public string? Status { get; } = status;
    public string? ResponseCode { get; } = responseCode;
    public string? ServerText { get; } = serverText;
}
