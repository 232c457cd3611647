namespace DisclosureWatch.Mail;

/// <summary>Base of every error from the IMAP and SMTP clients. <see cref="IsTransient"/> tells the caller to retry
/// later with back-off (connection refused or lost, timeout, 4xx reply, [UNAVAILABLE]); otherwise the failure is
/// permanent for this input or configuration (5xx, bad credentials, untrusted certificate, BAD command).</summary>
public abstract class MailException(string message, bool isTransient, Exception? inner = null) : Exception(message, inner)
{
    public bool IsTransient { get; } = isTransient;
}
