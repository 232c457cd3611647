using DisclosureWatch.Core;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Mail;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Mail;
using DisclosureWatch.Worker.Store;
using DisclosureWatch.Worker.Tests.Hosting;
using DisclosureWatch.Worker.Tests.Mail.Infra;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Tests.Mail;

/// <summary>.eml files dropped into the inbox folder go through the same MIME reader and intake as mailbox messages.</summary>
public sealed class EmlInboxTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly LogCapture _log = new();

    private (InboxService Inbox, MailStore Store, DataPaths Paths) Create()
    {
        var paths = new DataPaths(_dir["data"], "t").EnsureCreated();
        var database = new Database(SqlDialect.Sqlite(paths.Database, TimeSpan.FromSeconds(2)));
        database.Migrate(DateTime.UtcNow);
        var (store, runs) = (new MailStore(database), new RunStore(database));
        var factory = LoggerFactory.Create(b => b.AddProvider(_log).SetMinimumLevel(LogLevel.Debug));
        var analyzer = new ReportAnalyzer();
        var options = new InboxOptions { SettleTime = TimeSpan.Zero };
        var pipeline = new ReportPipeline(analyzer, new ReportRepository(database), runs, new Retry(3, TimeSpan.FromMilliseconds(50)), TimeProvider.System, factory.CreateLogger<ReportPipeline>());
        var intake = new MessageIntake(pipeline, store, analyzer, TimeProvider.System, factory.CreateLogger<MessageIntake>());
        var eml = new EmlInbox(intake, store, runs, TimeProvider.System, factory.CreateLogger<EmlInbox>());
        var inbox = new InboxService(paths, pipeline, runs, options, new WorkerOptions { InstanceId = "t" }, TimeProvider.System, factory.CreateLogger<InboxService>(), eml);
        return (inbox, store, paths);
    }

    [Fact]
    public void Dropped_eml_files_give_every_report_with_its_sender_and_subject_and_the_same_file_again_is_set_aside()
    {
        var (inbox, store, paths) = Create();
        foreach (var file in Corpus.Files) File.Copy(file, Path.Combine(paths.Inbox, Path.GetFileName(file)));

        var result = inbox.Poll(); // the one claimer hands each .eml to the mail intake

        Assert.Equal((6, 1, 0, "ok"), (result.Stored, result.Duplicates, result.Failed, result.Outcome));
        Assert.Empty(Directory.GetFiles(paths.Inbox));
        Assert.Empty(Directory.GetFiles(paths.Claims));
        Assert.Equal(5, Wait.FilesUnder(paths.Processed));
        var gbk = Corpus.Manifest["02-gbk-txt.eml"];
        var source = Assert.Single(store.MailSources(), s => s.FileName == gbk.Attachments[0].Filename);
        Assert.Equal((gbk.Subject, "shl@hequ.gov.cn", EmlInbox.Account), (source.Subject, source.SenderAddress, source.Account));

        File.Copy(Corpus.PathOf("03-body-report.eml"), Path.Combine(paths.Inbox, "again.eml"));
        var again = inbox.Poll();
        Assert.Equal((0, 1), (again.Stored, again.Duplicates));
        Assert.True(File.Exists(Path.Combine(paths.Duplicates, "again.eml")));
        Assert.Equal(6, store.Database.Count("reports"));
        _log.AssertNoUnexpectedErrors();
    }

    [Fact]
    public void A_claimed_eml_whose_reports_were_committed_before_a_crash_is_moved_without_being_read_again()
    {
        var (inbox, store, paths) = Create();
        File.Copy(Corpus.PathOf("01-docx-pdf.eml"), Path.Combine(paths.Inbox, "a.eml"));
        Assert.Equal(2, inbox.Poll().Stored);
        // As if the worker died after the commit and before the move: the file is back in the claim folder.
        var processed = Directory.GetFiles(paths.Processed, "a.eml", SearchOption.AllDirectories).Single();
        File.Move(processed, Path.Combine(paths.Claims, "a.eml"));

        var result = inbox.Poll();

        Assert.Equal((0, 0, "ok"), (result.Stored, result.Duplicates, result.Outcome));
        Assert.Empty(Directory.GetFiles(paths.Claims));
        Assert.Equal([processed], Directory.GetFiles(paths.Processed, "*.eml", SearchOption.AllDirectories));
        Assert.Equal(0, store.Database.Count("duplicates"));
        Assert.Single(store.MailMessages(EmlInbox.Account));
    }

    [Fact]
    public void A_3_GB_sparse_eml_goes_to_failed_with_the_size_reason_unread()
    {
        var (inbox, store, paths) = Create();
        var big = Path.Combine(paths.Inbox, "huge.eml");
        using (var f = File.Create(big)) f.SetLength(3L << 30); // sparse: no block written

        var result = inbox.Poll();

        Assert.Equal((0, 1, "ok"), (result.Stored, result.Failed, result.Outcome));
        Assert.Empty(Directory.GetFiles(paths.Inbox));
        var error = File.ReadAllText(Path.Combine(paths.Failed, "huge.eml.error.txt"));
        Assert.Contains("3,221,225,472 bytes, over the 67,108,864-byte limit for .eml files: not read", error);
        Assert.Equal(1, store.Database.Count("failures"));
    }

    public void Dispose() => _dir.Dispose();
}
