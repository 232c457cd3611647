using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace DisclosureWatch.Mail.Tls;

/// <summary>A TCP connection (plain until TLS is started) with buffered CRLF line reading and a timeout on every
/// read, write, connect and handshake. Every failure comes out as the protocol's <see cref="MailException"/>
/// through <c>fail(message, transient, inner)</c>; after one the connection is unusable.</summary>
internal sealed class MailConnection : IAsyncDisposable
{
    private const int MaxLineLength = 1 << 20;
    private readonly TcpClient _tcp;
    private readonly string _host;
    private readonly TlsOptions _tls;
    private readonly TimeSpan _timeout;
    private readonly Func<string, bool, Exception?, MailException> _fail;
    private Stream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;

    private MailConnection(TcpClient tcp, string host, TlsOptions tls, TimeSpan timeout, Func<string, bool, Exception?, MailException> fail)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _host = host;
        _tls = tls;
        _timeout = timeout;
        _fail = fail;
    }

    public bool IsEncrypted => _stream is SslStream;

    public static async Task<MailConnection> OpenAsync(string host, int port, TlsOptions tls, TimeSpan timeout,
        Func<string, bool, Exception?, MailException> fail, CancellationToken ct)
    {
        var tcp = new TcpClient { NoDelay = true };
        using (var cts = Deadline(timeout, ct))
        {
            try { await tcp.ConnectAsync(host, port, cts.Token); }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                tcp.Dispose();
                throw fail(e is SocketException s ? $"cannot connect to {host}:{port}: {s.SocketErrorCode}"
                    : $"cannot connect to {host}:{port}: no answer within {timeout.TotalSeconds:0} s", true, e);
            }
        }
        var connection = new MailConnection(tcp, host, tls, timeout, fail);
        try
        {
            if (tls.Mode == TlsMode.Implicit) await connection.StartTlsAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>TLS handshake over the current stream (implicit TLS, or after the server agreed to STARTTLS).</summary>
    public async Task StartTlsAsync(CancellationToken ct)
    {
        if (_start != _end) throw _fail("server sent data before the TLS handshake (possible injection)", false, null);
        var validator = new CertificateValidator(_tls);
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false, validator.Validate);
        using var cts = Deadline(_timeout, ct);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = _tls.ServerName ?? _host,
                CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            }, cts.Token);
        }
        catch (AuthenticationException e) when (validator.Refusal is not null)
        {
            throw _fail($"TLS with {_host} refused: {validator.Refusal}", false, e);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw _fail($"TLS handshake with {_host} failed: {e.Message}", e is not AuthenticationException, e);
        }
        _stream = ssl;
    }

    /// <summary>One line without its CRLF (a bare LF is accepted too).</summary>
    public async Task<byte[]> ReadLineAsync(CancellationToken ct)
    {
        var line = new List<byte[]>();
        int total = 0;
        while (true)
        {
            if (_start == _end) await FillAsync(ct);
            int nl = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            int stop = nl < 0 ? _end : nl;
            line.Add(_buffer[_start..stop]);
            total += stop - _start;
            if (total > MaxLineLength) throw _fail($"{_host} sent a line longer than {MaxLineLength} bytes", false, null);
            _start = nl < 0 ? _end : nl + 1;
            if (nl >= 0) break;
        }
        var result = line.Count == 1 ? line[0] : line.SelectMany(x => x).ToArray();
        return result.Length > 0 && result[^1] == '\r' ? result[..^1] : result;
    }

    /// <summary>Exactly <paramref name="count"/> bytes (an IMAP literal), reporting progress as they arrive.</summary>
    public async Task<byte[]> ReadExactAsync(int count, Action<long>? progress, CancellationToken ct)
    {
        var result = new byte[count];
        int filled = 0;
        while (filled < count)
        {
            if (_start == _end) await FillAsync(ct);
            int n = Math.Min(count - filled, _end - _start);
            Buffer.BlockCopy(_buffer, _start, result, filled, n);
            _start += n;
            filled += n;
            progress?.Invoke(filled);
        }
        return result;
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        using var cts = Deadline(_timeout, ct);
        try
        {
            await _stream.WriteAsync(data, cts.Token);
            await _stream.FlushAsync(cts.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException
                                      or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw _fail(e is OperationCanceledException ? $"{_host} did not accept data within {_timeout.TotalSeconds:0} s"
                : $"connection to {_host} lost while sending: {e.Message}", true, e);
        }
    }

    private async Task FillAsync(CancellationToken ct)
    {
        int n;
        using var cts = Deadline(_timeout, ct);
        try { n = await _stream.ReadAsync(_buffer, cts.Token); }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException
                                      or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw _fail(e is OperationCanceledException ? $"{_host} sent nothing for {_timeout.TotalSeconds:0} s"
                : $"connection to {_host} lost: {e.Message}", true, e);
        }
        if (n == 0) throw _fail($"{_host} closed the connection", true, null);
        _start = 0;
        _end = n;
    }

    private static CancellationTokenSource Deadline(TimeSpan timeout, CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        return cts;
    }

    public async ValueTask DisposeAsync()
    {
        try { await _stream.DisposeAsync(); } catch (IOException) { } catch (ObjectDisposedException) { }
        _tcp.Dispose();
    }
}
