using System.Net;
using System.Text;
using DisclosureWatch.Mail.Mime;
using DisclosureWatch.Mail.Tls;

namespace DisclosureWatch.Mail.Smtp;

public sealed record SmtpOptions
{
    public required string Host { get; init; }
    /// <summary>465 for implicit TLS, 587 (or 25) for STARTTLS.</summary>
    public int Port { get; init; } = 465;
    public TlsOptions Tls { get; init; } = new();
    /// <summary>Bound on connect, handshake and every single read or write.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Name given in EHLO; defaults to this machine's host name.</summary>
    public string? LocalDomain { get; init; }
    /// <summary>Write raw UTF-8 headers when the server offers SMTPUTF8 (RFC 6531); else RFC 2047 words.</summary>
    public bool UseSmtpUtf8 { get; init; } = true;
}

/// <summary>An SMTP failure. <see cref="MailException.IsTransient"/> is true for 4xx replies and for network
/// trouble (refused, lost, timed out): retry later. 5xx replies are permanent.</summary>
public sealed class SmtpException(string message, bool isTransient, Exception? inner = null, int? replyCode = null, string? serverText = null)
    : MailException(message, isTransient, inner)
{
    public int? ReplyCode { get; } = replyCode;
    public string? ServerText { get; } = serverText;
}

/// <summary>SMTP submission client (RFC 5321, 3207 STARTTLS, 4954 AUTH, 6531 SMTPUTF8). Not thread-safe.</summary>
public sealed class SmtpClient : IAsyncDisposable
{
    private readonly SmtpOptions _options;
    private MailConnection? _connection;
    private Dictionary<string, string> _extensions = new(StringComparer.OrdinalIgnoreCase);

    public SmtpClient(SmtpOptions options) => _options = options;

    /// <summary>EHLO keywords and their parameters, e.g. "AUTH" → "PLAIN LOGIN", "SIZE" → "10240000".</summary>
    public IReadOnlyDictionary<string, string> Extensions => _extensions;
    public bool IsEncrypted => _connection?.IsEncrypted == true;

    /// <summary>Connects, reads the 220 greeting, says EHLO and upgrades with STARTTLS when asked (refusing to
    /// continue in clear text when the server does not offer it).</summary>
    public async Task ConnectAsync(CancellationToken ct = default)
    {
        _connection = await MailConnection.OpenAsync(_options.Host, _options.Port, _options.Tls, _options.Timeout, Fail, ct);
        Expect(await ReadReplyAsync(ct), 220, "greeting");
        await EhloAsync(ct);
        if (_options.Tls.Mode == TlsMode.StartTls)
        {
            if (!_extensions.ContainsKey("STARTTLS"))
                throw new SmtpException($"SMTP server {_options.Host} does not offer STARTTLS; refusing to send without TLS", false);
            await CommandAsync("STARTTLS", 220, ct);
            await _connection.StartTlsAsync(ct);
            await EhloAsync(ct); // RFC 3207: forget everything learnt before TLS
        }
    }

    /// <summary>AUTH PLAIN (initial response) when offered, else AUTH LOGIN.</summary>
    public async Task AuthenticateAsync(string user, string password, CancellationToken ct = default)
    {
        var mechanisms = (_extensions.GetValueOrDefault("AUTH") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));
        if (mechanisms.Contains("PLAIN", StringComparer.OrdinalIgnoreCase))
            await CommandAsync("AUTH PLAIN " + B64($"\0{user}\0{password}"), 235, ct, "AUTH PLAIN");
        else if (mechanisms.Contains("LOGIN", StringComparer.OrdinalIgnoreCase))
        {
            await CommandAsync("AUTH LOGIN", 334, ct);
            await CommandAsync(B64(user), 334, ct, "AUTH LOGIN user name");
            await CommandAsync(B64(password), 235, ct, "AUTH LOGIN password");
        }
        else throw new SmtpException($"SMTP server {_options.Host} offers neither AUTH PLAIN nor AUTH LOGIN", false);
    }

    /// <summary>Writes <paramref name="message"/> with <see cref="MimeWriter"/> (UTF-8 headers under SMTPUTF8,
    /// else RFC 2047) and sends it to To, Cc and Bcc. Returns the bytes sent.</summary>
    public async Task<byte[]> SendAsync(OutgoingMessage message, CancellationToken ct = default)
    {
        bool utf8 = _options.UseSmtpUtf8 && _extensions.ContainsKey("SMTPUTF8");
        var bytes = MimeWriter.Write(message, utf8);
        var recipients = message.To.Concat(message.Cc).Concat(message.Bcc).Select(a => a.Address).Distinct().ToList();
        await SendAsync(message.From.Address, recipients, bytes, ct);
        return bytes;
    }

    /// <summary>MAIL FROM / RCPT TO / DATA for a ready message. Any refused recipient fails the whole send.</summary>
    public async Task SendAsync(string from, IReadOnlyCollection<string> recipients, byte[] message, CancellationToken ct = default)
    {
        if (recipients.Count == 0) throw new ArgumentException("no recipients", nameof(recipients));
        bool nonAscii = !HeaderCodec.IsPrintableAscii(from) || recipients.Any(r => !HeaderCodec.IsPrintableAscii(r))
                        || message.Any(b => b >= 128);
        var mail = new StringBuilder($"MAIL FROM:<{from}>");
        if (_extensions.ContainsKey("SIZE")) mail.Append(" SIZE=").Append(message.Length);
        if (nonAscii && _extensions.ContainsKey("8BITMIME")) mail.Append(" BODY=8BITMIME");
        if (nonAscii && _extensions.ContainsKey("SMTPUTF8")) mail.Append(" SMTPUTF8");
        try
        {
            await CommandAsync(mail.ToString(), 250, ct, "MAIL FROM");
            foreach (var rcpt in recipients) await CommandAsync($"RCPT TO:<{rcpt}>", 250, ct, $"RCPT TO <{rcpt}>");
            await CommandAsync("DATA", 354, ct);
            await _connection!.WriteAsync(DotStuff(message), ct);
            Expect(await ReadReplyAsync(ct), 250, "end of DATA");
        }
        catch (SmtpException e) when (e.ReplyCode is not null)
        {
            try { await CommandAsync("RSET", 250, ct); } catch (SmtpException) { } // keep the session usable
            throw;
        }
    }

    public async Task QuitAsync(CancellationToken ct = default)
    {
        if (_connection is null) return;
        try { await CommandAsync("QUIT", 221, ct); }
        catch (SmtpException e) when (e.IsTransient) { }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null;
    }

    /// <summary>DATA payload: CRLF line ends, a "." doubled at line start (RFC 5321 4.5.2), then CRLF.CRLF.</summary>
    internal static byte[] DotStuff(ReadOnlySpan<byte> message)
    {
        var output = new MemoryStream(message.Length + message.Length / 50 + 8);
        bool lineStart = true;
        for (int i = 0; i < message.Length; i++)
        {
            byte b = message[i];
            if (lineStart && b == '.') output.WriteByte((byte)'.');
            if (b == '\r' || b == '\n')
            {
                if (b == '\r' && i + 1 < message.Length && message[i + 1] == '\n') i++;
                output.Write("\r\n"u8);
                lineStart = true;
                continue;
            }
            output.WriteByte(b);
            lineStart = false;
        }
        if (!lineStart) output.Write("\r\n"u8);
        output.Write(".\r\n"u8);
        return output.ToArray();
    }

    async Task EhloAsync(CancellationToken ct)
    {
        var domain = _options.LocalDomain ?? SafeHostName();
        var (code, lines) = await CommandAsync($"EHLO {domain}", 250, ct);
        _extensions = new(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var parts = line.Split(' ', 2);
            _extensions[parts[0]] = parts.Length > 1 ? parts[1] : "";
        }
    }

    static string SafeHostName()
    {
        var name = Dns.GetHostName();
        return name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') ? name : "localhost";
    }

    async Task<(int Code, List<string> Lines)> CommandAsync(string command, int expected, CancellationToken ct, string? label = null)
    {
        await _connection!.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), ct);
        var reply = await ReadReplyAsync(ct);
        Expect(reply, expected, label ?? command);
        return reply;
    }

    void Expect((int Code, List<string> Lines) reply, int expected, string what)
    {
        if (reply.Code == expected || (expected == 250 && reply.Code == 251)) return;
        var text = string.Join(" / ", reply.Lines);
        throw new SmtpException($"SMTP {what} refused by {_options.Host}: {reply.Code} {text}",
            isTransient: reply.Code is >= 400 and < 500, replyCode: reply.Code, serverText: text);
    }

    /// <summary>A possibly multi-line reply ("250-..." lines then "250 ...").</summary>
    async Task<(int Code, List<string> Lines)> ReadReplyAsync(CancellationToken ct)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = Charsets.DecodeGuess(await _connection!.ReadLineAsync(ct));
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out var code))
                throw Fail($"malformed SMTP reply from {_options.Host}: {line}", false, null);
            lines.Add(line.Length > 4 ? line[4..] : "");
            if (line.Length == 3 || line[3] != '-') return (code, lines);
        }
    }

    SmtpException Fail(string message, bool transient, Exception? inner) => new(message, transient, inner);

    public override string ToString() => $"SMTP {_options.Host}:{_options.Port}";
}
