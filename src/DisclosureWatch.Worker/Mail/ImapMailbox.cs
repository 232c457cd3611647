using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace DisclosureWatch.Worker.Mail;

/// <summary>
/// <see cref="IMailbox"/> on MailKit's <see cref="ImapClient"/>. Every call runs under the caller's token (the poll's
/// deadline) and the account's per-read Timeout; whatever goes wrong comes out as <see cref="MailException"/> and
/// leaves the connection closed.
/// </summary>
internal sealed class ImapMailbox : IMailbox
{
    private readonly MailAccountOptions _account;
    private readonly MailServer _server;
    private readonly ImapClient _client;
    private readonly CertificateCheck _check;
    private IMailFolder? _folder;
    private int _lastCount;
    private bool _arrived;

    public ImapMailbox(MailAccountOptions account)
    {
        _account = account;
        _server = account.Server;
        (_client, _check) = MailConnection.Create<ImapClient>(_server);
    }

    public static IMailbox Open(MailAccountOptions account) => new ImapMailbox(account);

    private IMailFolder Folder => _folder ?? throw new InvalidOperationException("the mailbox is not open");

    public bool CanIdle => _client.Capabilities.HasFlag(ImapCapabilities.Idle);

    /// <summary>What the server may send in answer to one command other than a message download (a CAPABILITY, a
    /// SEARCH of a large folder...); a download may send the message's size limit plus this.</summary>
    public const long MaxResponseBytes = 16L << 20;

    private ReadBudget? _budget;

    private Task<T> Run<T>(string doing, CancellationToken ct, Func<CancellationToken, Task<T>> work, long allowance = MaxResponseBytes)
    {
        _budget?.Allow(allowance);
        return MailConnection.WithDeadlineAsync(_client, _server, _check, doing, Timeout.InfiniteTimeSpan, ct, work, () => _budget);
    }

    public Task<uint> OpenAsync(string password, CancellationToken ct) => Run("log in", ct, async c =>
    {
        _budget = await MailConnection.ConnectAsync(_client, _server, MaxResponseBytes, c);
        await _client.AuthenticateAsync(_account.User, password, c);
        var folder = await _client.GetFolderAsync(_account.Folder, c);
        await folder.OpenAsync(FolderAccess.ReadWrite, c);
        _folder = folder;
        _lastCount = folder.Count;
        // A new message announced at any time (EXISTS) wakes IDLE; expunges (our own moves) do not.
        folder.CountChanged += (_, _) =>
        {
            if (folder.Count > _lastCount) _arrived = true;
            _lastCount = folder.Count;
        };
        return folder.UidValidity;
    });

    public Task<IReadOnlyList<uint>> PendingAsync(CancellationToken ct) => Run("search", ct, async c =>
    {
        var query = SearchQuery.Not(SearchQuery.HasKeyword(MailIntakeService.ProcessedKeyword))
            .And(SearchQuery.Not(SearchQuery.HasKeyword(MailIntakeService.FailedKeyword)));
        var uids = await Folder.SearchAsync(query, c);
        return (IReadOnlyList<uint>)uids.Select(u => u.Id).Order().ToList();
    });

    public Task<IReadOnlyDictionary<uint, long>> SizesAsync(IReadOnlyCollection<uint> uids, CancellationToken ct) => Run("read sizes", ct, async c =>
    {
        var sizes = new Dictionary<uint, long>();
        if (uids.Count == 0) return (IReadOnlyDictionary<uint, long>)sizes;
        foreach (var summary in await Folder.FetchAsync(uids.Select(u => new UniqueId(u)).ToList(), MessageSummaryItems.UniqueId | MessageSummaryItems.Size, c))
            if (summary.Size is { } size) sizes[summary.UniqueId.Id] = size;
        return sizes;
    });

    public async Task<byte[]?> FetchAsync(uint uid, long maxBytes, CancellationToken ct)
    {
        try
        {
            return await Run("download", ct, async c =>
            {
                Stream stream;
                try { stream = await Folder.GetStreamAsync(new UniqueId(uid), "", c); }
                catch (MessageNotFoundException) { return null; } // expunged meanwhile
                using var _ = stream;
                if (stream.Length > maxBytes) throw new MessageTooLargeException(maxBytes);
                var raw = new byte[stream.Length];
                await stream.ReadExactlyAsync(raw, c);
                return (byte[]?)raw;
            }, maxBytes + MaxResponseBytes);
        }
        catch (MailException) when (_budget?.Exceeded is not null)
        {
            throw new MessageTooLargeException(maxBytes); // RFC822.SIZE said less than the server sent
        }
    }

    public Task FinishAsync(uint uid, string folder, string keyword, CancellationToken ct) => Run("move", ct, async c =>
    {
        var id = new UniqueId(uid);
        if (folder.Length == 0)
        {
            await Folder.StoreAsync(id, new StoreFlagsRequest(StoreAction.Add, MessageFlags.None) { Keywords = { keyword }, Silent = true }, c);
            return 0;
        }
        IMailFolder target;
        try { target = await _client.GetFolderAsync(folder, c); }
        catch (FolderNotFoundException)
        {
            var root = _client.GetFolder(_client.PersonalNamespaces[0]);
            target = await root.CreateAsync(folder, isMessageFolder: true, c)
                     ?? throw new MailException($"move: the folder {folder} could not be created", isTransient: false);
        }
        await Folder.MoveToAsync(id, target, c); // MOVE, or COPY + \Deleted + UID EXPUNGE where MOVE is missing
        return 0;
    });

    public Task<bool> IdleAsync(TimeSpan renewAfter, CancellationToken ct) => Run("IDLE", ct, async c =>
    {
        if (_arrived) { _arrived = false; return true; }
        using var done = new CancellationTokenSource(renewAfter);
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(c);
        // Once DONE is sent, the server has Timeout to answer it; a server that never does loses the connection.
        using var armed = done.Token.Register(() => guard.CancelAfter(_server.Timeout));
        void Wake(object? sender, EventArgs e)
        {
            if (_arrived) done.Cancel();
        }
        Folder.CountChanged += Wake;
        try { await _client.IdleAsync(done.Token, guard.Token); }
        catch (OperationCanceledException) when (guard.IsCancellationRequested && !c.IsCancellationRequested)
        {
            throw new MailException($"IDLE: {_server} did not answer DONE within {_server.Timeout.TotalSeconds:0} s", true);
        }
        finally { Folder.CountChanged -= Wake; }
        var arrived = _arrived;
        _arrived = false;
        return arrived;
    });

    public async Task CloseAsync(CancellationToken ct)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(_server.Timeout);
            if (_client.IsConnected) await _client.DisconnectAsync(quit: true, cts.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested) { } // logging out is a courtesy
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
