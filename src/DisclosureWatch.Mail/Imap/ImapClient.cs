using System.Globalization;
using System.Text;
using DisclosureWatch.Mail.Tls;

namespace DisclosureWatch.Mail.Imap;

public sealed record ImapOptions
{
    public required string Host { get; init; }
    /// <summary>993 for implicit TLS, 143 for STARTTLS.</summary>
    public int Port { get; init; } = 993;
    public TlsOptions Tls { get; init; } = new();
    /// <summary>Bound on connect, handshake and every single read or write.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Largest literal (message) accepted from the server.</summary>
    public long MaxLiteralBytes { get; init; } = 64L * 1024 * 1024;
    /// <summary>Move with COPY + STORE \Deleted + UID EXPUNGE even if the server offers MOVE (RFC 6851).</summary>
    public bool IgnoreMoveCapability { get; init; }
    /// <summary>Auto: AUTHENTICATE PLAIN when offered, else LOGIN. Login: always the LOGIN command.</summary>
    public ImapLogin Login { get; init; } = ImapLogin.Auto;
    /// <summary>Receives each command sent ("C: ...", credentials masked) and each completion ("S: ..."), for logs.</summary>
    public Action<string>? Trace { get; init; }
}

public enum ImapLogin { Auto, Login }

/// <summary>UIDVALIDITY/UIDNEXT/EXISTS of the selected mailbox. A UID is meaningful only with its UIDVALIDITY:
/// when that changes, every UID remembered for the mailbox is void.</summary>
public sealed record MailboxInfo(string Name, uint UidValidity, uint? UidNext, int Exists);

/// <summary>UID SEARCH criteria.</summary>
public sealed record ImapSearch(string Criteria)
{
    public static ImapSearch All { get; } = new("ALL");
    public static ImapSearch Unseen { get; } = new("UNSEEN");
    /// <summary>Internal date on or after <paramref name="date"/> (server time zone, RFC 3501).</summary>
    public static ImapSearch Since(DateOnly date) =>
        new("SINCE " + date.ToString("d-MMM-yyyy", CultureInfo.InvariantCulture));
    public ImapSearch And(ImapSearch other) => new($"{Criteria} {other.Criteria}");
}

/// <summary>IMAP4rev1 client (RFC 3501) for one mailbox user: TLS or STARTTLS, LOGIN / AUTHENTICATE PLAIN,
/// SELECT, UID SEARCH/FETCH/STORE/MOVE (COPY + UID EXPUNGE fallback), CREATE, APPEND. Not thread-safe: one
/// command at a time. Any error is an <see cref="ImapException"/>; after a transient one, dispose and reconnect.</summary>
public sealed class ImapClient : IAsyncDisposable
{
    private readonly ImapOptions _options;
    private MailConnection? _connection;
    private int _tagCounter;
    private HashSet<string> _capabilities = new(StringComparer.OrdinalIgnoreCase);

    public ImapClient(ImapOptions options) => _options = options;

    public IReadOnlySet<string> Capabilities => _capabilities;
    public bool IsEncrypted => _connection?.IsEncrypted == true;
    public MailboxInfo? Selected { get; private set; }

    /// <summary>Connects, reads the greeting, upgrades with STARTTLS when asked (refusing to go on in clear text)
    /// and learns the capabilities.</summary>
    public async Task ConnectAsync(CancellationToken ct = default)
    {
        _connection = await MailConnection.OpenAsync(_options.Host, _options.Port, _options.Tls, _options.Timeout, Fail, ct);
        var greeting = await ReadAsync(null, ct);
        if (greeting.Status == "BYE") throw new ImapException($"IMAP server {_options.Host} refused the connection: {greeting.Text}", true, serverText: greeting.Text);
        if (greeting.Status is not ("OK" or "PREAUTH")) throw Fail($"unexpected IMAP greeting: {greeting}", false, null);
        UpdateCapabilities(greeting);
        if (_options.Tls.Mode == TlsMode.StartTls)
        {
            if (_capabilities.Count == 0) await RunAsync("CAPABILITY", ct);
            if (!_capabilities.Contains("STARTTLS"))
                throw new ImapException($"IMAP server {_options.Host} does not offer STARTTLS; refusing to log in without TLS", false);
            await RunAsync("STARTTLS", ct);
            await _connection.StartTlsAsync(ct);
            _capabilities.Clear(); // capabilities learnt before TLS are not trustworthy (RFC 3501 6.2.1)
        }
        if (_capabilities.Count == 0) await RunAsync("CAPABILITY", ct);
    }

    /// <summary>AUTHENTICATE PLAIN when offered (with SASL-IR when possible), otherwise LOGIN.</summary>
    public async Task AuthenticateAsync(string user, string password, CancellationToken ct = default)
    {
        var before = _capabilities;
        if (_capabilities.Contains("AUTH=PLAIN") && _options.Login == ImapLogin.Auto)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));
            if (_capabilities.Contains("SASL-IR")) await RunAsync($"AUTHENTICATE PLAIN {token}", ct);
            else await RunAsync("AUTHENTICATE PLAIN", ct, continuation: token);
        }
        else if (!_capabilities.Contains("LOGINDISABLED"))
            await RunAsync(new Command("LOGIN ").String(user).Text(" ").String(password), ct);
        else throw new ImapException($"IMAP server {_options.Host} allows neither AUTHENTICATE PLAIN nor LOGIN", false);
        // Post-login capabilities (MOVE, UIDPLUS) differ from pre-login ones; ask unless the server just sent them.
        if (ReferenceEquals(before, _capabilities)) await RunAsync("CAPABILITY", ct);
    }

    public async Task<MailboxInfo> SelectAsync(string folder, CancellationToken ct = default)
    {
        uint uidValidity = 0;
        uint? uidNext = null;
        int exists = 0;
        var untagged = await RunAsync(new Command("SELECT ").Mailbox(folder), ct);
        foreach (var r in untagged)
        {
            if (r.Kind == "EXISTS" && r.Data[0] is string n) exists = int.Parse(n, CultureInfo.InvariantCulture);
            if (r.CodeName == "UIDVALIDITY") uidValidity = uint.Parse(r.CodeArgument!, CultureInfo.InvariantCulture);
            if (r.CodeName == "UIDNEXT") uidNext = uint.Parse(r.CodeArgument!, CultureInfo.InvariantCulture);
        }
        return Selected = new MailboxInfo(folder, uidValidity, uidNext, exists);
    }

    /// <summary>UIDs in the selected mailbox matching <paramref name="query"/>, ascending.</summary>
    public async Task<IReadOnlyList<uint>> SearchAsync(ImapSearch query, CancellationToken ct = default)
    {
        var untagged = await RunAsync("UID SEARCH " + query.Criteria, ct);
        return untagged.Where(r => r.Kind == "SEARCH")
            .SelectMany(r => r.Data.Skip(1).OfType<string>())
            .Select(s => uint.Parse(s, CultureInfo.InvariantCulture)).Order().ToList();
    }

    /// <summary>RFC822.SIZE per UID, to skip oversized messages before downloading them.</summary>
    public async Task<IReadOnlyDictionary<uint, long>> FetchSizesAsync(IEnumerable<uint> uids, CancellationToken ct = default)
    {
        var set = UidSet(uids);
        var sizes = new Dictionary<uint, long>();
        if (set.Length == 0) return sizes;
        foreach (var r in await RunAsync($"UID FETCH {set} (UID RFC822.SIZE)", ct))
        {
            var items = FetchItems(r);
            if (items is not null && items.TryGetValue("UID", out var u) && items.TryGetValue("RFC822.SIZE", out var s))
                sizes[uint.Parse((string)u!, CultureInfo.InvariantCulture)] = long.Parse((string)s!, CultureInfo.InvariantCulture);
        }
        return sizes;
    }

    /// <summary>The whole raw message (BODY.PEEK[]: the \Seen flag is left alone), or null when the UID no longer
    /// exists. <paramref name="progress"/> receives the number of bytes received so far.</summary>
    public async Task<byte[]?> FetchMessageAsync(uint uid, Action<long>? progress = null, CancellationToken ct = default)
    {
        byte[]? message = null;
        foreach (var r in await RunAsync($"UID FETCH {uid} (UID BODY.PEEK[])", ct, progress: progress))
        {
            var items = FetchItems(r);
            if (items is null || !items.TryGetValue("UID", out var u) || (string?)u != uid.ToString(CultureInfo.InvariantCulture)) continue;
            if (items.TryGetValue("BODY[]", out var body))
                message = body switch { byte[] b => b, string s => Encoding.UTF8.GetBytes(s), _ => [] };
        }
        return message;
    }

    /// <summary>One body part decoded by the server (RFC 3516 BINARY.PEEK[part], answered as a literal8), e.g.
    /// part "2" is the first attachment of a multipart/mixed mail; the numbering is <see cref="Mime.MimePart.Path"/>.
    /// Saves downloading other big attachments. Null when the UID no longer exists.</summary>
    public async Task<byte[]?> FetchDecodedPartAsync(uint uid, string part, CancellationToken ct = default)
    {
        if (!_capabilities.Contains("BINARY")) throw new ImapException($"IMAP server {_options.Host} does not offer BINARY", false);
        if (!part.All(c => char.IsAsciiDigit(c) || c == '.')) throw new ArgumentException($"not a part number: {part}", nameof(part));
        foreach (var r in await RunAsync($"UID FETCH {uid} (UID BINARY.PEEK[{part}])", ct))
        {
            var items = FetchItems(r);
            if (items is not null && (string?)items.GetValueOrDefault("UID") == uid.ToString(CultureInfo.InvariantCulture)
                && items.TryGetValue($"BINARY[{part}]", out var body))
                return body switch { byte[] b => b, string s => Encoding.UTF8.GetBytes(s), _ => [] };
        }
        return null;
    }

    /// <summary>UID STORE +FLAGS.SILENT, e.g. AddFlagsAsync(uids, @"\Seen").</summary>
    public async Task AddFlagsAsync(IEnumerable<uint> uids, string flags, CancellationToken ct = default)
    {
        var set = UidSet(uids);
        if (set.Length > 0) await RunAsync($"UID STORE {set} +FLAGS.SILENT ({flags})", ct);
    }

    /// <summary>Moves messages to <paramref name="folder"/>, creating it when the server answers [TRYCREATE].
    /// Uses UID MOVE when offered; otherwise UID COPY, STORE \Deleted and UID EXPUNGE of exactly these UIDs
    /// (UIDPLUS), or a plain EXPUNGE on servers without UIDPLUS.</summary>
    public async Task MoveAsync(IEnumerable<uint> uids, string folder, CancellationToken ct = default)
    {
        var set = UidSet(uids);
        if (set.Length == 0) return;
        bool move = _capabilities.Contains("MOVE") && !_options.IgnoreMoveCapability;
        await WithTryCreateAsync(folder, () => RunAsync(new Command(move ? $"UID MOVE {set} " : $"UID COPY {set} ").Mailbox(folder), ct), ct);
        if (move) return;
        await RunAsync($"UID STORE {set} +FLAGS.SILENT (\\Deleted)", ct);
        await RunAsync(_capabilities.Contains("UIDPLUS") ? $"UID EXPUNGE {set}" : "EXPUNGE", ct);
    }

    /// <summary>Appends a message (e.g. a copy of a sent digest); returns its UID when the server reports it (UIDPLUS).</summary>
    public async Task<uint?> AppendAsync(string folder, byte[] message, string flags = "", CancellationToken ct = default)
    {
        uint? uid = null;
        await WithTryCreateAsync(folder, async () =>
        {
            var command = new Command("APPEND ").Mailbox(folder).Text(flags.Length > 0 ? $" ({flags}) " : " ").Literal(message);
            var (tagged, _) = await ExecuteAsync(command, ct, null, null);
            if (tagged.CodeName == "APPENDUID" && tagged.CodeArgument?.Split(' ') is [_, var u]) uid = uint.Parse(u, CultureInfo.InvariantCulture);
            return new List<ImapResponse>();
        }, ct);
        return uid;
    }

    public async Task CreateFolderAsync(string folder, CancellationToken ct = default)
    {
        try { await RunAsync(new Command("CREATE ").Mailbox(folder), ct); }
        catch (ImapException e) when (e.ResponseCode == "ALREADYEXISTS") { }
    }

    public Task DeleteFolderAsync(string folder, CancellationToken ct = default) =>
        RunAsync(new Command("DELETE ").Mailbox(folder), ct);

    /// <summary>All folder names (decoded from modified UTF-7).</summary>
    public async Task<IReadOnlyList<string>> ListFoldersAsync(CancellationToken ct = default)
    {
        var untagged = await RunAsync("LIST \"\" \"*\"", ct);
        return untagged.Where(r => r.Kind == "LIST" && r.Data.Count >= 4)
            .Select(r => ModifiedUtf7.Decode(r.Data[3] is byte[] b ? Encoding.UTF8.GetString(b) : (string)r.Data[3]!))
            .ToList();
    }

    public Task NoopAsync(CancellationToken ct = default) => RunAsync("NOOP", ct);

    public async Task LogoutAsync(CancellationToken ct = default)
    {
        if (_connection is null) return;
        try { await RunAsync("LOGOUT", ct); }
        catch (ImapException e) when (e.IsTransient) { } // the server may close first
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null;
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    async Task WithTryCreateAsync(string folder, Func<Task<List<ImapResponse>>> action, CancellationToken ct)
    {
        try { await action(); }
        catch (ImapException e) when (e.ResponseCode == "TRYCREATE")
        {
            await CreateFolderAsync(folder, ct);
            await action();
        }
    }

    Task<List<ImapResponse>> RunAsync(string command, CancellationToken ct, string? continuation = null,
        Action<long>? progress = null) =>
        RunAsync(new Command(command), ct, continuation, progress);

    async Task<List<ImapResponse>> RunAsync(Command command, CancellationToken ct, string? continuation = null,
        Action<long>? progress = null)
    {
        var (_, untagged) = await ExecuteAsync(command, ct, continuation, progress);
        return untagged;
    }

    /// <summary>Sends one command (waiting for "+" before each synchronizing literal, or using LITERAL+) and
    /// collects responses up to its tagged completion; NO/BAD become exceptions carrying the server text.</summary>
    async Task<(ImapResponse Tagged, List<ImapResponse> Untagged)> ExecuteAsync(Command command, CancellationToken ct,
        string? continuation, Action<long>? progress)
    {
        var connection = _connection ?? throw new InvalidOperationException("ConnectAsync first");
        var tag = "D" + (++_tagCounter).ToString("0000", CultureInfo.InvariantCulture);
        var untagged = new List<ImapResponse>();
        bool literalPlus = _capabilities.Contains("LITERAL+");
        const int nonSynchronizingMax = 4096; // bigger literals wait for "+", so the server can refuse them early
        _options.Trace?.Invoke($"C: {tag} {command.Describe()}");
        var pending = Encoding.UTF8.GetBytes(tag + " ").ToList();
        foreach (var segment in command.Segments)
        {
            if (segment is string text) { pending.AddRange(Encoding.UTF8.GetBytes(text)); continue; }
            var literal = (byte[])segment;
            bool synchronizing = !literalPlus || literal.Length > nonSynchronizingMax;
            pending.AddRange(Encoding.ASCII.GetBytes(synchronizing ? $"{{{literal.Length}}}\r\n" : $"{{{literal.Length}+}}\r\n"));
            await connection.WriteAsync(pending.ToArray(), ct);
            pending.Clear();
            if (synchronizing) await WaitForContinuationAsync(tag, untagged, command, ct);
            await connection.WriteAsync(literal, ct);
        }
        pending.AddRange("\r\n"u8.ToArray());
        await connection.WriteAsync(pending.ToArray(), ct);
        if (continuation is not null)
        {
            await WaitForContinuationAsync(tag, untagged, command, ct);
            await connection.WriteAsync(Encoding.ASCII.GetBytes(continuation + "\r\n"), ct);
        }
        while (true)
        {
            var response = await ReadAsync(progress, ct);
            if (response.Tag == tag)
            {
                _options.Trace?.Invoke($"S: {response}");
                Complete(response, command);
                return (response, untagged);
            }
            if (response.IsContinuation) throw Fail($"unexpected continuation request for {command.Name}", false, null);
            Untagged(response, untagged);
        }
    }

    async Task WaitForContinuationAsync(string tag, List<ImapResponse> untagged, Command command, CancellationToken ct)
    {
        while (true)
        {
            var response = await ReadAsync(null, ct);
            if (response.IsContinuation) return;
            if (response.Tag == tag) { Complete(response, command); throw Fail($"{command.Name} ended early", false, null); }
            Untagged(response, untagged);
        }
    }

    void Untagged(ImapResponse response, List<ImapResponse> untagged)
    {
        UpdateCapabilities(response);
        if (response.Status == "BYE") _byeText = response.Text;
        untagged.Add(response);
    }

    private string? _byeText;

    void Complete(ImapResponse tagged, Command command)
    {
        UpdateCapabilities(tagged);
        if (tagged.Status == "OK") return;
        var code = tagged.CodeName;
        bool transient = code is "UNAVAILABLE" or "INUSE" or "LIMIT";
        throw new ImapException($"IMAP {command.Name} failed on {_options.Host}: {tagged.Status} {(tagged.Code is null ? "" : $"[{tagged.Code}] ")}{tagged.Text}",
            transient, status: tagged.Status, responseCode: code, serverText: tagged.Text);
    }

    void UpdateCapabilities(ImapResponse response)
    {
        IEnumerable<string>? caps = null;
        if (response.CodeName == "CAPABILITY") caps = (response.CodeArgument ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        else if (response.Kind == "CAPABILITY") caps = response.Data.Skip(1).OfType<string>();
        if (caps is not null) _capabilities = new HashSet<string>(caps, StringComparer.OrdinalIgnoreCase);
    }

    Task<ImapResponse> ReadAsync(Action<long>? progress, CancellationToken ct) =>
        ImapResponse.ReadAsync(_connection!, _options.MaxLiteralBytes, progress, Fail, ct);

    ImapException Fail(string message, bool transient, Exception? inner) =>
        new(_byeText is not null && transient ? $"{message} (server said BYE: {_byeText})" : message, transient, inner);

    /// <summary>The name/value pairs of "* n FETCH (NAME value ...)", or null for other responses.</summary>
    static Dictionary<string, object?>? FetchItems(ImapResponse r)
    {
        if (r.Kind != "FETCH" || r.Data.Count < 3 || r.Data[2] is not List<object?> list) return null;
        var items = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i + 1 < list.Count; i += 2)
            if (list[i] is string name) items[name.ToUpperInvariant()] = list[i + 1];
        return items;
    }

    /// <summary>"1:3,7,9:10" from UIDs.</summary>
    internal static string UidSet(IEnumerable<uint> uids)
    {
        var sorted = uids.Distinct().Order().ToList();
        var sb = new StringBuilder();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            if (sb.Length > 0) sb.Append(',');
            sb.Append(sorted[i]);
            if (j > i) sb.Append(':').Append(sorted[j]);
            i = j + 1;
        }
        return sb.ToString();
    }

    /// <summary>A command as text and literal segments, with RFC 3501 string quoting.</summary>
    private sealed class Command(string start)
    {
        public List<object> Segments { get; } = [start];
        /// <summary>"SELECT", "UID FETCH", ...: for messages.</summary>
        public string Name
        {
            get
            {
                var words = ((string)Segments[0]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return words[0] == "UID" && words.Length > 1 ? $"UID {words[1]}" : words[0];
            }
        }

        public Command Text(string text) { Segments.Add(text); return this; }

        /// <summary>The command for a log line: literals as {n}, secrets of LOGIN/AUTHENTICATE masked.</summary>
        public string Describe() => Name is "LOGIN" or "AUTHENTICATE"
            ? ((string)Segments[0]).Split(' ')[0] + " ***"
            : string.Concat(Segments.Select(s => s is byte[] b ? $"{{{b.Length}}}" : (string)s));

        public Command Mailbox(string name) => String(ModifiedUtf7.Encode(name));

        /// <summary>Atom when safe, quoted string for other printable ASCII, literal for anything else.</summary>
        public Command String(string value)
        {
            if (value.Length > 0 && value.All(IsAtomChar)) Segments.Add(value);
            else if (value.All(c => c >= 0x20 && c < 0x7f)) Segments.Add("\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"");
            else Segments.Add(Encoding.UTF8.GetBytes(value));
            return this;
        }

        public Command Literal(byte[] data) { Segments.Add(data); return this; }

        static bool IsAtomChar(char c) => c > 0x20 && c < 0x7f && "(){%*\"\\]".IndexOf(c) < 0;
    }

    public override string ToString() => $"IMAP {_options.Host}:{_options.Port}";
}
