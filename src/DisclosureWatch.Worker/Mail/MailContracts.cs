namespace DisclosureWatch.Worker.Mail;

/// <summary>
/// One account's folder, as the mail intake sees it: the library behind it (MailKit, <see cref="ImapMailbox"/>) stays
/// out of the intake and the jobs. Opened per poll (or per IDLE watch) and disposed after; every call may throw
/// <see cref="MailException"/>, after which the mailbox is unusable.
/// </summary>
internal interface IMailbox : IAsyncDisposable
{
    /// <summary>Connects, logs in and opens the folder; returns its UIDVALIDITY.</summary>
    Task<uint> OpenAsync(string password, CancellationToken ct);

    /// <summary>The UIDs of the messages not flagged done ($DwProcessed / $DwFailed), ascending.</summary>
    Task<IReadOnlyList<uint>> PendingAsync(CancellationToken ct);

    /// <summary>RFC822.SIZE of each message, asked before anything is downloaded.</summary>
    Task<IReadOnlyDictionary<uint, long>> SizesAsync(IReadOnlyCollection<uint> uids, CancellationToken ct);

    /// <summary>The raw message (flags untouched), or null when it was expunged meanwhile. A message longer than
    /// <paramref name="maxBytes"/> is not read beyond it: <see cref="MessageTooLargeException"/>.</summary>
    Task<byte[]?> FetchAsync(uint uid, long maxBytes, CancellationToken ct);

    /// <summary>Moves the message to <paramref name="folder"/> (created when missing), or flags it with
    /// <paramref name="keyword"/> when <paramref name="folder"/> is empty.</summary>
    Task FinishAsync(uint uid, string folder, string keyword, CancellationToken ct);

    /// <summary>Whether the server offers IMAP IDLE (known after <see cref="OpenAsync"/>).</summary>
    bool CanIdle { get; }

    /// <summary>IDLE until a new message arrives (true) or <paramref name="renewAfter"/> passes (false). The DONE
    /// that ends it must be answered within the account's Timeout.</summary>
    Task<bool> IdleAsync(TimeSpan renewAfter, CancellationToken ct);

    /// <summary>Logs out politely; a failure here is not an error of the poll.</summary>
    Task CloseAsync(CancellationToken ct);
}

/// <summary>Sends one finished message as it is (the same bytes, the same Message-ID on every try).</summary>
internal interface IMailSender
{
    Task SendAsync(string from, IReadOnlyList<string> to, byte[] message, CancellationToken ct);
}

/// <summary>
/// A mail server or connection problem. <see cref="IsTransient"/>: try again later with back-off (refused, lost,
/// timed out, over the deadline, 4xx, [UNAVAILABLE], protocol garbage); otherwise the configuration or the input is
/// wrong (5xx, credentials, an untrusted or revoked certificate).
/// </summary>
internal sealed class MailException(string message, bool isTransient, Exception? inner = null) : Exception(message, inner)
{
    public bool IsTransient { get; } = isTransient;
}

/// <summary>The server sent more bytes for a message than MaxMessageBytes (whatever RFC822.SIZE said).</summary>
internal sealed class MessageTooLargeException(long limit) : Exception($"the message is over MaxMessageBytes ({limit}): not downloaded further")
{
    public long Limit { get; } = limit;
}

/// <summary>A mail address with an optional display name, e.g. the digests' sender.</summary>
internal sealed record EmailAddress(string Address, string? Name = null)
{
    public override string ToString() => string.IsNullOrEmpty(Name) ? Address : $"{Name} <{Address}>";
}
