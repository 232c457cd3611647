using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace DisclosureWatch.Worker.Mail;

internal enum MailSecurity { Implicit, StartTls }

/// <summary>
/// Where and how to reach a mail server, shared by the IMAP accounts and the SMTP settings. TLS always: from the first
/// byte (Implicit) or STARTTLS before any credential; validation is never off. <see cref="Timeout"/> bounds every read
/// and write; the caller's deadline (per poll, per send) bounds the whole conversation.
/// </summary>
internal sealed record MailServer
{
    public required string Host { get; init; }
    public required int Port { get; init; }
    public MailSecurity Security { get; init; } = MailSecurity.Implicit;
    /// <summary>PEM/DER of the one CA to trust instead of the system store (the host name is still checked).</summary>
    public string? TrustedCaFile { get; init; }
    /// <summary>SHA-256 of the server's certificate: exactly that one is trusted.</summary>
    public string? TrustedCertificateSha256 { get; init; }
    /// <summary>Ask the CA (CRL / OCSP) whether the certificate was revoked. Off only on closed networks.</summary>
    public bool CheckRevocation { get; init; } = true;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>A file that receives the protocol conversation, passwords masked. Null: no protocol log.</summary>
    public string? ProtocolLog { get; init; }

    public override string ToString() => $"{Host}:{Port} ({Security})";
}

/// <summary>Connects a MailKit client to a <see cref="MailServer"/> and turns what MailKit throws into <see cref="MailException"/>.</summary>
internal static class MailConnection
{
    /// <summary>A client with the server's timeout, revocation setting, certificate decision and protocol log.</summary>
    public static (T Client, CertificateCheck Check) Create<T>(MailServer server) where T : MailService
    {
        var logger = server.ProtocolLog is { Length: > 0 } file
            ? new ProtocolLogger(file, append: true) { RedactSecrets = true }
            : (IProtocolLogger)new NullProtocolLogger();
        var client = typeof(T) == typeof(ImapClient) ? (T)(MailService)new ImapClient(logger) : (T)(MailService)new SmtpClient(logger);
        var check = new CertificateCheck(server);
        client.Timeout = (int)Math.Min(int.MaxValue, server.Timeout.TotalMilliseconds);
        client.CheckCertificateRevocation = server.CheckRevocation;
        client.ServerCertificateValidationCallback = check.Validate;
        return (client, check);
    }

    /// <summary>
    /// Opens the TCP connection itself (within Timeout) and hands it to the client through a <see cref="ReadBudget"/>
    /// that lets the server send at most <paramref name="allowance"/> bytes until the caller allows more: MailKit keeps
    /// a response's literals in memory, so this, not the size the server announces, bounds what one answer can cost.
    /// </summary>
    public static async Task<ReadBudget> ConnectAsync(MailService client, MailServer server, long allowance, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var connecting = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connecting.CancelAfter(server.Timeout);
            try { await socket.ConnectAsync(server.Host, server.Port, connecting.Token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested) { throw new SocketException((int)SocketError.TimedOut); }
            var budget = new ReadBudget(new NetworkStream(socket, ownsSocket: true), allowance) { ReadTimeout = client.Timeout, WriteTimeout = client.Timeout };
            await client.ConnectAsync(budget, server.Host, server.Port,
                server.Security == MailSecurity.Implicit ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls, ct);
            return budget;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The <see cref="MailException"/> for what a client threw while <paramref name="doing"/>; null when it is not a mail
    /// failure (a bug, or the caller's own cancellation, which must propagate as it is).
    /// </summary>
    public static MailException? Translate(Exception e, string doing, MailServer server, CertificateCheck check, bool overDeadline, TimeSpan deadline,
        ReadBudget? budget = null)
    {
        var where = server.ToString();
        return e switch
        {
            _ when budget?.Exceeded is { } allowance =>
                new MailException($"{doing}: {where} sent more than {allowance} bytes in answer to one command", true, e),
            OperationCanceledException when overDeadline =>
                new MailException($"{doing}: {where} did not finish within the deadline of {deadline.TotalSeconds:0} s", true, e),
            OperationCanceledException => null,
            SslHandshakeException when check.Refusal is { } refusal =>
                new MailException($"{doing}: TLS with {where} refused: {refusal}", false, e),
            SslHandshakeException => new MailException($"{doing}: TLS handshake with {where} failed: {e.Message}", true, e),
            AuthenticationException => new MailException($"{doing}: {where} refused the credentials: {e.Message}", false, e),
            ImapCommandException c => new MailException($"{doing}: {where} answered {c.Response}: {c.ResponseText}",
                c.ResponseText.Contains("[UNAVAILABLE]", StringComparison.OrdinalIgnoreCase)
                || c.ResponseText.Contains("[INUSE]", StringComparison.OrdinalIgnoreCase)
                || c.ResponseText.Contains("[LIMIT]", StringComparison.OrdinalIgnoreCase), e),
            SmtpCommandException s => new MailException($"{doing}: {where} answered {(int)s.StatusCode}: {s.Message}", (int)s.StatusCode is >= 400 and < 500, e),
            SmtpProtocolException or ImapProtocolException => new MailException($"{doing}: {where} broke the protocol: {e.Message}", true, e),
            ServiceNotConnectedException or ServiceNotAuthenticatedException =>
                new MailException($"{doing}: {where} dropped the connection: {e.Message}", true, e),
            SocketException s => new MailException($"{doing}: cannot reach {where}: {s.SocketErrorCode}", true, e),
            IOException or TimeoutException => new MailException($"{doing}: connection to {where} failed: {Innermost(e)}", true, e),
            NotSupportedException => new MailException($"{doing}: {where}: {e.Message}", false, e), // e.g. no STARTTLS offered
            FolderNotFoundException => new MailException($"{doing}: {where}: {e.Message}", false, e),
            _ => null,
        };
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is { } inner) e = inner;
        return e.Message;
    }

    /// <summary>Runs <paramref name="work"/> under a deadline, turning every mail failure into <see cref="MailException"/>.</summary>
    public static async Task<T> WithDeadlineAsync<T>(MailService client, MailServer server, CertificateCheck check, string doing, TimeSpan deadline,
        CancellationToken ct, Func<CancellationToken, Task<T>> work, Func<ReadBudget?>? budget = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(deadline);
        try { return await work(cts.Token); }
        catch (Exception e)
        {
            // Never reuse a connection in an unknown state (a literal half read, a command unanswered).
            try { client.Disconnect(quit: false, CancellationToken.None); } catch (Exception) { }
            if (Translate(e, doing, server, check, cts.IsCancellationRequested && !ct.IsCancellationRequested, deadline, budget?.Invoke()) is { } mail) throw mail;
            throw;
        }
    }
}

/// <summary>
/// The certificate decision (MailKit's validation callback). Without options: the system's verdict (chain, name and,
/// when asked, revocation). <see cref="MailServer.TrustedCertificateSha256"/>: exactly that certificate.
/// <see cref="MailServer.TrustedCaFile"/>: the chain must end at that CA (the system store does not count), the name
/// must match, and revocation is checked against that CA's CRL. Every configured option must hold; nothing accepts any
/// certificate. <see cref="Refusal"/> says why one was refused.
/// </summary>
internal sealed class CertificateCheck(MailServer server)
{
    private X509Certificate2? _ca;

    public string? Refusal { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null) return Refuse("the server sent no certificate");
        if (server.TrustedCertificateSha256 is null && server.TrustedCaFile is null)
            return errors == SslPolicyErrors.None
                || Refuse($"certificate not trusted ({errors}{(chain is null ? "" : ": " + string.Join(", ", chain.ChainStatus.Select(s => s.Status)))})");
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (server.TrustedCertificateSha256 is { } pin)
        {
            var expected = new string(pin.Where(Uri.IsHexDigit).ToArray()).ToUpperInvariant();
            var actual = Convert.ToHexString(SHA256.HashData(leaf.RawData));
            if (expected != actual) return Refuse($"certificate SHA-256 {actual} does not match the pinned {expected}");
        }
        if (server.TrustedCaFile is { } caFile)
        {
            if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0) return Refuse($"certificate not valid for this host ({errors})");
            _ca ??= X509CertificateLoader.LoadCertificateFromFile(caFile);
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.Add(_ca);
            custom.ChainPolicy.RevocationMode = server.CheckRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
            custom.ChainPolicy.RevocationFlag = X509RevocationFlag.ExcludeRoot;
            custom.ChainPolicy.UrlRetrievalTimeout = server.Timeout;
            if (chain is not null)
                foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            if (!custom.Build(leaf))
                return Refuse($"certificate does not chain to {caFile} or is revoked: {string.Join(", ", custom.ChainStatus.Select(s => s.Status).Distinct())}");
        }
        return true;
    }

    private bool Refuse(string reason)
    {
        Refusal = reason;
        return false;
    }
}

/// <summary>
/// The connection's bytes from the server, counted against an allowance that the caller renews before each command.
/// Past it, reading fails: one answer (a CAPABILITY line, a SEARCH result, a message literal) cannot grow without bound.
/// </summary>
internal sealed class ReadBudget(Stream inner, long allowance) : Stream
{
    private long _left = allowance;

    /// <summary>The allowance that was overrun, or null.</summary>
    public long? Exceeded { get; private set; }
    private long _allowance = allowance;

    public void Allow(long bytes)
    {
        _allowance = bytes;
        Interlocked.Exchange(ref _left, bytes);
    }

    private int Count(int n)
    {
        if (Interlocked.Add(ref _left, -n) < 0)
        {
            Exceeded = _allowance;
            throw new IOException($"the server sent more than {_allowance} bytes in answer to one command");
        }
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override bool CanRead => inner.CanRead;
    public override bool CanWrite => inner.CanWrite;
    public override bool CanSeek => false;
    public override bool CanTimeout => inner.CanTimeout;
    public override int ReadTimeout { get => inner.ReadTimeout; set => inner.ReadTimeout = value; }
    public override int WriteTimeout { get => inner.WriteTimeout; set => inner.WriteTimeout = value; }
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
