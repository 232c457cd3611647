using DisclosureWatch.Core.Reports;
using DisclosureWatch.Storage.Mail;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Tests.Shared;

namespace DisclosureWatch.Storage.Tests.Mail;

/// <summary>The mail bookkeeping, the same on SQLite and a real PostgreSQL: a message and its reports in one transaction, booked once.</summary>
public abstract class MailStoreContract
{
    /// <summary>A new, empty database (no schema yet).</summary>
    protected abstract Database NewEmptyDatabase();

    private static readonly DateTime T0 = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static NewReport Report(string sha, string organ) =>
        new(sha, $"{organ}.docx", "mail:county", T0, new DisclosureWatch.Core.Analysis(new AnnualReport
        {
            Organ = organ, Year = 2024, Sections = [new Section(1, "一、总体情况", "一、", "总体情况", "……", 3)],
        }, [], []));

    private static NewMail Mail(long uid, string subject = "关于报送年度报告的函") =>
        new(new MailKey("county", "INBOX", 7, uid), $"{uid}@sender.test", "河曲县政务公开办 <gkb@hequ.gov.cn>", "gkb@hequ.gov.cn", subject, T0.AddHours(-1), 1234, $"raw{uid}");

    [Fact]
    public void A_message_is_booked_once_with_its_reports_duplicates_and_failures_in_one_transaction()
    {
        var database = NewEmptyDatabase();
        database.Migrate(T0);
        var (reports, store) = (new ReportRepository(database), new MailStore(database));
        var earlier = reports.Save([Report("old", "偏关县人民政府")], T0).Single();

        var saved = store.SaveMail(Mail(1), [
            new NewMailPart("2", "attachment", "社梁乡.docx", "new", MailPartOutcome.Stored, null, Report: Report("new", "社梁乡人民政府")),
            new NewMailPart("3", "attachment", "偏关县.pdf", "old", MailPartOutcome.Duplicate, null, ReportId: earlier),
            new NewMailPart("4", "attachment", "偏关县（重发）.docx", "old", MailPartOutcome.Stored, null, Report: Report("old", "偏关县人民政府")),
            new NewMailPart("5", "attachment", "坏.pdf", "bad", MailPartOutcome.Failed, "坏.pdf: not a PDF"),
            new NewMailPart("6", "attachment", "logo.png", null, MailPartOutcome.Skipped, "logo.png: not a report format (image/png)"),
        ], MailStatus.Failed, "坏.pdf: not a PDF", "Failed", T0)!.Value;

        // A part to store whose content is there already becomes a duplicate inside the same transaction.
        Assert.Equal([MailPartOutcome.Stored, MailPartOutcome.Duplicate, MailPartOutcome.Duplicate, MailPartOutcome.Failed, MailPartOutcome.Skipped],
            saved.Parts.Select(p => p.Outcome));
        Assert.Equal(earlier, saved.Parts[2].ReportId);
        Assert.Equal((2, 2, 1), ((int)reports.CountReports(), (int)database.Count("duplicates"), (int)database.Count("failures")));

        var booked = store.FindMail("county", "INBOX", 7, [1, 2]);
        var row = Assert.Single(booked.Values);
        Assert.Equal((1L, MailStatus.Failed, 1, 2, "Failed", (DateTime?)null), (row.Key.Uid, row.Status, row.Reports, row.Duplicates, row.TargetFolder, row.MovedAt));
        Assert.Equal(T0.AddHours(-1), row.SentAt);
        Assert.Empty(store.FindMail("county", "INBOX", 8, [1])); // another UIDVALIDITY: another mailbox

        // Booked already (another instance): nothing of the second attempt is written.
        Assert.Null(store.SaveMail(Mail(1), [new NewMailPart("2", "attachment", "x.docx", "x", MailPartOutcome.Stored, null, Report: Report("x", "某县"))],
            MailStatus.Stored, null, "Processed", T0));
        Assert.Equal(2, reports.CountReports());

        store.MarkMailMoved(row.Id, T0.AddMinutes(1));
        Assert.Equal(T0.AddMinutes(1), store.MailMessages("county").Single().MovedAt);
        var source = Assert.Single(store.MailSources());
        Assert.Equal(("社梁乡.docx", "gkb@hequ.gov.cn", "关于报送年度报告的函", "1@sender.test"), (source.FileName, source.SenderAddress, source.Subject, source.MessageId));
        Assert.Equal(5, store.MailParts(row.Id).Count);
    }

}

public sealed class SqliteMailStoreTests : MailStoreContract, IDisposable
{
    private readonly SqliteDatabases _databases = new();
    protected override Database NewEmptyDatabase() => _databases.New();
    public void Dispose() => _databases.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresMailStoreTests(PostgresServer server) : MailStoreContract
{
    protected override Database NewEmptyDatabase() => new(SqlDialect.Postgres(server.CreateDatabase()));
}
