using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DisclosureWatch.Worker.Tests.Mail.Infra;

/// <summary>What the hostile server does wrong; everything else it answers like a small, plausible IMAP server.</summary>
public enum Hostility
{
    /// <summary>Nothing: a plain server with one small message (for the certificate tests).</summary>
    None,
    /// <summary>The CAPABILITY response, before login, nests 30,000 parentheses (60 KB, one line).</summary>
    DeepNesting,
    /// <summary>RFC822.SIZE says 1,000 bytes; the message then comes as a 1 GiB literal.</summary>
    HugeLiteral,
    /// <summary>The SELECT response carries an unsolicited FETCH with 40 literals of 60 MiB.</summary>
    ManyLiterals,
    /// <summary>After the greeting, one byte of the CAPABILITY response every second, for ever.</summary>
    Trickle,
    /// <summary>After the greeting, 64 KiB of random bytes.</summary>
    Garbage,
    /// <summary>IDLE is offered and started, and DONE is never answered.</summary>
    NeverAnswersDone,
    /// <summary>TLS is accepted, then not a byte: no greeting, for any protocol.</summary>
    Silent,
}

/// <summary>
/// A real TLS server on 127.0.0.1 written for the tests, speaking just enough IMAP (greeting, CAPABILITY, AUTHENTICATE
/// PLAIN / LOGIN, LIST, SELECT, UID SEARCH, UID FETCH, IDLE, LOGOUT) to lead the client to the point where it misbehaves
/// (<see cref="Hostility"/>). Each connection and each IDLE is announced through <see cref="WaitForConnectionsAsync"/> /
/// <see cref="WaitForIdlesAsync"/>, so tests wait on events, not on time.
/// </summary>
public sealed class HostileImapServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly Hostility _hostility;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _sessions = [];
    private readonly Counter _connections = new(), _idles = new();
    private readonly Task _accepting;

    public HostileImapServer(Hostility hostility, string certFile, string keyFile)
    {
        _hostility = hostility;
        using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        _certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null); // SslStream wants a persisted key
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public int Connections => _connections.Value;
    public int Idles => _idles.Value;

    public Task WaitForConnectionsAsync(int count) => _connections.WaitForAsync(count);
    public Task WaitForIdlesAsync(int count) => _idles.WaitForAsync(count);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient tcp;
            try { tcp = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _connections.Increment();
            lock (_sessions) _sessions.Add(Task.Run(() => SessionAsync(tcp)));
        }
    }

    private async Task SessionAsync(TcpClient tcp)
    {
        using (tcp)
        {
            try
            {
                await using var ssl = new SslStream(tcp.GetStream());
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                await ConverseAsync(ssl, _stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException
                                          or System.Security.Authentication.AuthenticationException) { } // the client gave up: that is the point
        }
    }

    private async Task ConverseAsync(Stream stream, CancellationToken ct)
    {
        async Task Send(string text) => await stream.WriteAsync(Encoding.ASCII.GetBytes(text), ct);
        if (_hostility == Hostility.Silent) await Task.Delay(Timeout.Infinite, ct);
        var reader = new LineReader(stream);
        var capabilities = _hostility == Hostility.NeverAnswersDone ? "IMAP4rev1 AUTH=PLAIN IDLE" : "IMAP4rev1 AUTH=PLAIN";
        switch (_hostility)
        {
            case Hostility.Garbage:
                await Send("* OK hostile ready\r\n");
                var noise = new byte[64 * 1024];
                new Random(7).NextBytes(noise);
                await stream.WriteAsync(noise, ct);
                break;
            case Hostility.DeepNesting or Hostility.Trickle:
                await Send("* OK hostile ready\r\n"); // no capabilities: the client must ask
                break;
            default:
                await Send($"* OK [CAPABILITY {capabilities}] hostile ready\r\n");
                break;
        }
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            var words = line.Split(' ', 3);
            if (words.Length < 2) continue;
            var (tag, command, rest) = (words[0], words[1].ToUpperInvariant(), words.Length > 2 ? words[2] : "");
            if (command == "UID")
            {
                var sub = rest.Split(' ', 2);
                command = "UID " + sub[0].ToUpperInvariant();
                rest = sub.Length > 1 ? sub[1] : "";
            }
            switch (command)
            {
                case "CAPABILITY" when _hostility == Hostility.DeepNesting:
                    await Send($"* CAPABILITY IMAP4rev1 AUTH=PLAIN {new string('(', 30_000)}{new string(')', 30_000)}\r\n{tag} OK done\r\n");
                    break;
                case "CAPABILITY" when _hostility == Hostility.Trickle:
                    foreach (var c in $"* CAPABILITY {capabilities}\r\n")
                    {
                        await Send(c.ToString());
                        await Task.Delay(TimeSpan.FromSeconds(1), ct); // the server's pace, not the test's: one byte a second, for ever
                    }
                    while (true)
                    {
                        await Send(" ");
                        await Task.Delay(TimeSpan.FromSeconds(1), ct);
                    }
                case "CAPABILITY":
                    await Send($"* CAPABILITY {capabilities}\r\n{tag} OK done\r\n");
                    break;
                case "AUTHENTICATE":
                    if (!rest.Contains(' ')) { await Send("+ \r\n"); await reader.ReadLineAsync(ct); }
                    await Send($"{tag} OK [CAPABILITY {capabilities}] logged in\r\n");
                    break;
                case "LOGIN":
                    await Send($"{tag} OK [CAPABILITY {capabilities}] logged in\r\n");
                    break;
                case "LIST":
                    await Send(rest.StartsWith("\"\" \"\"", StringComparison.Ordinal)
                        ? $"* LIST (\\Noselect) \"/\" \"\"\r\n{tag} OK done\r\n"
                        : $"* LIST (\\HasNoChildren) \"/\" {rest[(rest.LastIndexOf(' ') + 1)..]}\r\n{tag} OK done\r\n");
                    break;
                case "SELECT" or "EXAMINE":
                    await Send("* 1 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 2] ok\r\n* FLAGS (\\Seen \\Deleted)\r\n");
                    if (_hostility == Hostility.ManyLiterals)
                    {
                        await Send("* 1 FETCH (UID 1");
                        var chunk = new byte[1 << 20];
                        for (var i = 1; i <= 40; i++)
                        {
                            await Send($" BODY[{i}] {{{60 << 20}}}\r\n");
                            for (var m = 0; m < 60; m++) await stream.WriteAsync(chunk, ct);
                        }
                        await Send(")\r\n");
                    }
                    await Send($"{tag} OK [READ-WRITE] selected\r\n");
                    break;
                case "UID SEARCH":
                    await Send(_hostility == Hostility.NeverAnswersDone ? $"* SEARCH\r\n{tag} OK done\r\n" : $"* SEARCH 1\r\n{tag} OK done\r\n");
                    break;
                case "UID FETCH" when rest.Contains("BODY.PEEK[]", StringComparison.OrdinalIgnoreCase) && _hostility == Hostility.HugeLiteral:
                    await Send($"* 1 FETCH (UID 1 BODY[] {{{1L << 30}}}\r\n");
                    var block = new byte[1 << 20];
                    Array.Fill(block, (byte)'a');
                    for (var m = 0; m < 1024; m++) await stream.WriteAsync(block, ct);
                    await Send($")\r\n{tag} OK done\r\n");
                    break;
                case "UID FETCH" when rest.Contains("BODY.PEEK[]", StringComparison.OrdinalIgnoreCase):
                    var message = "From: a@example.cn\r\nSubject: hello\r\nMessage-ID: <1@example.cn>\r\n\r\nno report here\r\n";
                    await Send($"* 1 FETCH (UID 1 BODY[] {{{Encoding.ASCII.GetByteCount(message)}}}\r\n{message})\r\n{tag} OK done\r\n");
                    break;
                case "UID FETCH":
                    await Send($"* 1 FETCH (UID 1 RFC822.SIZE 1000)\r\n{tag} OK done\r\n");
                    break;
                case "IDLE":
                    _idles.Increment();
                    await Send("+ idling\r\n");
                    await reader.ReadLineAsync(ct); // DONE
                    if (_hostility == Hostility.NeverAnswersDone) await Task.Delay(Timeout.Infinite, ct);
                    await Send($"{tag} OK idle done\r\n");
                    break;
                case "LOGOUT":
                    await Send($"* BYE bye\r\n{tag} OK done\r\n");
                    return;
                default:
                    await Send($"{tag} OK done\r\n");
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        Task[] sessions;
        lock (_sessions) sessions = [.. _sessions];
        await Task.WhenAll(sessions);
        _certificate.Dispose();
    }

    /// <summary>CRLF lines from the client; a literal ({n}) in a command is read and ignored.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _one = new byte[1];

        public async Task<string?> ReadLineAsync(CancellationToken ct)
        {
            var line = new StringBuilder();
            while (true)
            {
                if (await stream.ReadAsync(_one, ct) == 0) return null;
                if (_one[0] == '\n') return line.ToString().TrimEnd('\r');
                line.Append((char)_one[0]);
            }
        }
    }

    /// <summary>A count that tests can wait on.</summary>
    private sealed class Counter
    {
        private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
        private int _value;

        public int Value { get { lock (_waiters) return _value; } }

        public void Increment()
        {
            lock (_waiters)
            {
                _value++;
                foreach (var w in _waiters.Where(w => w.Count <= _value)) w.Done.TrySetResult();
            }
        }

        public Task WaitForAsync(int count)
        {
            lock (_waiters)
            {
                if (_value >= count) return Task.CompletedTask;
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, done));
                return done.Task;
            }
        }
    }
}
