using DisclosureWatch.Core;
using DisclosureWatch.Worker.Store;
using DisclosureWatch.Worker.Tests.Mail.Infra;
using MailKit;
using MailKit.Net.Imap;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Mail;
using DisclosureWatch.Storage.Runs;
using MailStore = DisclosureWatch.Storage.Mail.MailStore; // not MailKit's
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Mail;
using DisclosureWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.Logging;
using DisclosureWatch.Storage.Reports;

namespace DisclosureWatch.Worker.Tests.Mail;

/// <summary>One real Dovecot (installed when missing, 127.0.0.1, passwd-file users, TLS with a generated CA) for the
/// mail job's tests; each test logs in as its own user so tests never see each other's mail.</summary>
public sealed class MailServerFixture() : DovecotFixtureBase(Users, "dw-mailjob-dovecot")
{
    internal static readonly string[] Users = ["intake", "outage", "uidv", "starttls", "host", "flags", "idle", "revoked", "oversize", "trust"];
}

[CollectionDefinition("mail-server")]
public sealed class MailServerCollection : ICollectionFixture<MailServerFixture>;

/// <summary>A data directory with a SQLite store, the real analyzer and pipeline, and the mail intake for one Dovecot user.</summary>
internal sealed class MailWorld : IDisposable
{
    public TempDir Dir { get; } = new();
    public LogCapture Log { get; } = new();
    public ReportRepository Store { get; }
    public MailStore Mail { get; }
    public RunStore Runs { get; }
    public MailIntakeService Service { get; }
    public MailAccountOptions Account { get; }
    public MessageIntake Intake { get; }
    public DataPaths Paths { get; }
    private readonly DovecotServer _server;

    public MailWorld(DovecotServer server, string user, Action<MailAccountOptions>? configure = null)
    {
        _server = server;
        Paths = new DataPaths(Dir["data"], "t").EnsureCreated();
        var database = new Database(SqlDialect.Sqlite(Paths.Database, TimeSpan.FromSeconds(2)));
        database.Migrate(DateTime.UtcNow);
        (Store, Mail, Runs) = (new ReportRepository(database), new MailStore(database), new RunStore(database));
        var factory = LoggerFactory.Create(b => b.AddProvider(Log).SetMinimumLevel(LogLevel.Debug));
        var analyzer = new ReportAnalyzer();
        var pipeline = new ReportPipeline(analyzer, Store, Runs, new Retry(3, TimeSpan.FromMilliseconds(50)), TimeProvider.System, factory.CreateLogger<ReportPipeline>());
        Intake = new MessageIntake(pipeline, Mail, analyzer, TimeProvider.System, factory.CreateLogger<MessageIntake>());
        Account = new MailAccountOptions
        {
            Name = user, Host = "127.0.0.1", Port = server.ImapsPort, Security = MailSecurity.Implicit, User = user,
            Password = DovecotServer.Password, TrustedCaFile = server.Certificates.CaFile, Timeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(Account);
        Service = new MailIntakeService(new MailOptions { Accounts = [Account] }, Intake, Mail, Runs, new WorkerOptions { InstanceId = "t" },
            TimeProvider.System, factory.CreateLogger<MailIntakeService>());
    }

    /// <summary>How many messages a folder holds now (0 when it does not exist), and its UIDVALIDITY.</summary>
    public async Task<(int Count, uint UidValidity)> FolderAsync(string folder)
    {
        using var imap = await LoginAsync();
        IMailFolder box;
        try { box = await imap.GetFolderAsync(folder); }
        catch (FolderNotFoundException) { return (0, 0); }
        await box.OpenAsync(FolderAccess.ReadOnly);
        return (box.Count, box.UidValidity);
    }

    /// <summary>A MailKit client logged in as the account, trusting the test CA the way the worker does.</summary>
    public async Task<ImapClient> LoginAsync()
    {
        var (imap, _) = MailConnection.Create<ImapClient>(Account.Server with { ProtocolLog = null });
        await MailConnection.ConnectAsync(imap, Account.Server, ImapMailbox.MaxResponseBytes, CancellationToken.None);
        await imap.AuthenticateAsync(Account.User, DovecotServer.Password);
        return imap;
    }

    public void Dispose() => Dir.Dispose();
}
