using DisclosureWatch.Core;
using DisclosureWatch.Mail.Imap;
using DisclosureWatch.Mail.Tests.Infra;
using DisclosureWatch.Mail.Tls;
using DisclosureWatch.Storage;
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Mail;
using DisclosureWatch.Worker.Tests.Hosting;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Tests.Mail;

/// <summary>One real Dovecot (installed when missing, 127.0.0.1, passwd-file users, TLS with a generated CA) for the
/// mail job's tests; each test logs in as its own user so tests never see each other's mail.</summary>
public sealed class MailServerFixture() : DovecotFixtureBase(Users, "dw-mailjob-dovecot")
{
    internal static readonly string[] Users = ["intake", "outage", "uidv", "starttls", "host", "flags"];
}

[CollectionDefinition("mail-server")]
public sealed class MailServerCollection : ICollectionFixture<MailServerFixture>;

/// <summary>A data directory with a SQLite store, the real analyzer and pipeline, and the mail intake for one Dovecot user.</summary>
internal sealed class MailWorld : IDisposable
{
    public TempDir Dir { get; } = new();
    public LogCapture Log { get; } = new();
    public ReportStore Store { get; }
    public MailIntakeService Service { get; }
    public MailAccountOptions Account { get; }
    public MessageIntake Intake { get; }
    public DataPaths Paths { get; }
    private readonly DovecotServer _server;

    public MailWorld(DovecotServer server, string user, Action<MailAccountOptions>? configure = null)
    {
        _server = server;
        Paths = new DataPaths(Dir["data"], "t").EnsureCreated();
        Store = new ReportStore(SqlDialect.Sqlite(Paths.Database, TimeSpan.FromSeconds(2)));
        Store.Migrate(DateTime.UtcNow);
        var factory = LoggerFactory.Create(b => b.AddProvider(Log).SetMinimumLevel(LogLevel.Debug));
        var analyzer = new ReportAnalyzer();
        var pipeline = new ReportPipeline(analyzer, Store, new Retry(3, TimeSpan.FromMilliseconds(50)), TimeProvider.System, factory.CreateLogger<ReportPipeline>());
        Intake = new MessageIntake(pipeline, analyzer, TimeProvider.System, factory.CreateLogger<MessageIntake>());
        Account = new MailAccountOptions
        {
            Name = user, Host = "127.0.0.1", Port = server.ImapsPort, Security = MailSecurity.Implicit, User = user,
            Password = DovecotServer.Password, TrustedCaFile = server.Certificates.CaFile, Timeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(Account);
        Service = new MailIntakeService(new MailOptions { Accounts = [Account] }, Intake, new WorkerOptions { InstanceId = "t" },
            TimeProvider.System, factory.CreateLogger<MailIntakeService>());
    }

    /// <summary>How many messages a folder holds now (0 when it does not exist), and its UIDVALIDITY.</summary>
    public async Task<(int Count, uint UidValidity)> FolderAsync(string folder)
    {
        await using var imap = await LoginAsync();
        if (!(await imap.ListFoldersAsync()).Contains(folder)) return (0, 0);
        var box = await imap.SelectAsync(folder);
        return (box.Exists, box.UidValidity);
    }

    public async Task<ImapClient> LoginAsync()
    {
        var imap = new ImapClient(new ImapOptions
        {
            Host = "127.0.0.1", Port = _server.ImapsPort, Timeout = TimeSpan.FromSeconds(10),
            Tls = new TlsOptions { Mode = TlsMode.Implicit, TrustedCaFile = _server.Certificates.CaFile },
        });
        await imap.ConnectAsync();
        await imap.AuthenticateAsync(Account.User, DovecotServer.Password);
        return imap;
    }

    public void Dispose() => Dir.Dispose();
}
