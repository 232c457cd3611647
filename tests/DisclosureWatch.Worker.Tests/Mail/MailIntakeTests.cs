using DisclosureWatch.Worker.Tests.Mail.Infra;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Mail;
using DisclosureWatch.Worker.Mail;
using Xunit.Abstractions;

namespace DisclosureWatch.Worker.Tests.Mail;

/// <summary>
/// The mail intake against a real Dovecot, with messages composed by Python's email package (Corpus):
/// 01 a .docx and a .pdf with RFC 2231 Chinese names; 02 GBK: a GBK .txt (RFC 2231 gbk'') and the same .pdf
/// under an RFC 2047 GB2312 name; 03 a report in a quoted-printable body; 04 a forwarded message/rfc822 whose
/// body is a report and which carries a .txt report; 05 a meeting notice, no report.
/// </summary>
[Collection("mail-server")]
public sealed class MailIntakeTests(MailServerFixture fixture, ITestOutputHelper output)
{
    private DovecotServer Server => fixture.Server;

    /// <summary>What the corpus must give: 6 reports, and 02's .pdf a duplicate of 01's.</summary>
    private const int CorpusReports = 6, CorpusDuplicates = 1, CorpusMessages = 5;

    [Fact]
    public async Task Every_report_is_stored_with_its_sender_and_subject_the_messages_are_moved_and_a_second_poll_stores_nothing()
    {
        using var world = new MailWorld(Server, "intake");
        Server.Deliver("intake", "INBOX", Corpus.Files);

        var first = await world.Service.PollAsync();

        Assert.Equal((CorpusMessages, CorpusReports, CorpusDuplicates, 0, "ok"), (first.Messages, first.Stored, first.Duplicates, first.Failed, first.Outcome));
        Assert.Equal(CorpusReports, world.Store.CountReports());
        Assert.Equal((0, CorpusMessages), ((await world.FolderAsync("INBOX")).Count, (await world.FolderAsync("Processed")).Count));
        Assert.Equal(0, (await world.FolderAsync("Failed")).Count);

        // Every stored report knows its message: sender, subject, Message-ID, date; attachments keep their Chinese names.
        var sources = world.Mail.MailSources();
        Assert.Equal(CorpusReports, sources.Count);
        Assert.Equal(CorpusReports, sources.Select(s => s.ReportId).Distinct().Count());
        var mails = world.Mail.MailMessages("intake");
        Assert.Equal(CorpusMessages, mails.Count);
        Assert.All(mails, m => Assert.NotNull(m.MovedAt));
        Assert.All(mails, m => Assert.NotNull(m.MessageId));
        foreach (var (file, expected) in Corpus.Manifest)
        {
            var mail = Assert.Single(mails, m => m.Subject == expected.Subject);
            Assert.NotNull(mail.SentAt);
            foreach (var attachment in expected.Attachments)
            {
                var stored = world.Store.FindBySha(attachment.Sha256);
                Assert.True(stored is not null, $"{file}: {attachment.Filename} not stored");
            }
            var own = sources.Where(s => s.Subject == expected.Subject).ToList();
            Assert.All(own, s => Assert.Equal(mail.Sender, s.Sender));
            Assert.All(own, s => Assert.Equal(mail.MessageId, s.MessageId));
        }
        var byName = sources.ToDictionary(s => s.FileName);
        var gbk = Corpus.Manifest["02-gbk-txt.eml"];
        var gbkSource = byName[gbk.Attachments[0].Filename];
        Assert.Equal(gbk.Subject, gbkSource.Subject);
        Assert.Contains("社梁乡人民政府", gbkSource.Sender);
        Assert.Equal("shl@hequ.gov.cn", gbkSource.SenderAddress);
        var one = Corpus.Manifest["01-docx-pdf.eml"];
        Assert.Contains(one.Attachments[0].Filename, byName.Keys); // the long RFC 2231 .docx name, continuations joined
        Assert.Contains(one.Attachments[1].Filename, byName.Keys);
        Assert.Equal("gkb@hequ.gov.cn", byName[one.Attachments[0].Filename].SenderAddress);

        // The body report and both reports of the forwarded mail.
        Assert.Single(sources, s => s.Part == "body" && s.Subject == Corpus.Manifest["03-body-report.eml"].Subject);
        var forwarded = Corpus.Manifest["04-forwarded.eml"];
        Assert.Equal(2, sources.Count(s => s.Subject == forwarded.Subject));
        Assert.Single(sources, s => s.Subject == forwarded.Subject && s.Part.StartsWith("body:", StringComparison.Ordinal));
        Assert.Contains(forwarded.Attachments[0].Filename, byName.Keys);

        // The GBK text reads as Chinese, not mojibake: its organ is the seed's.
        var gbkReport = world.Store.GetReport(gbkSource.ReportId)!;
        Assert.Contains("社梁乡", gbkReport.Report.Organ ?? "");
        Assert.Equal("mail:intake", gbkReport.Report.Source);

        var notice = Assert.Single(mails, m => m.Subject == Corpus.Manifest["05-no-report.eml"].Subject);
        Assert.Equal((MailStatus.NoReport, 0), (notice.Status, notice.Reports));
        var legacy = Assert.Single(mails, m => m.Subject == gbk.Subject);
        Assert.Equal((MailStatus.Stored, 1, 1), (legacy.Status, legacy.Reports, legacy.Duplicates));
        Assert.Equal(CorpusDuplicates, world.Store.Database.Count("duplicates"));

        var second = await world.Service.PollAsync();
        Assert.Equal((0, 0, 0, "ok"), (second.Messages, second.Stored, second.Recovered, second.Outcome));
        foreach (var line in world.Log.Entries.Where(e => e.Message.StartsWith("Mail: ", StringComparison.Ordinal))) output.WriteLine(line.Message);
        Assert.Equal(CorpusReports, world.Store.CountReports());
        Assert.Equal(CorpusMessages, world.Mail.MailMessages("intake").Count);
        Assert.Equal(2, world.Runs.JobRuns().Count(r => r.Job == MailIntakeService.JobName && r.Outcome == "ok"));
        world.Log.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Dovecot_killed_in_the_middle_of_a_poll_and_restarted_loses_no_message_and_processes_none_twice()
    {
        using var world = new MailWorld(Server, "outage");
        Server.Deliver("outage", "INBOX", Corpus.Files);
        var committed = 0;
        world.Service.MessageCommitted = (_, _) =>
        {
            // The second message's reports are committed; the server dies before it is moved.
#pragma warning disable RS0030 // MessageCommitted is a synchronous hook: the server must be dead before the message is moved
            if (++committed == 2) Server.KillAsync().GetAwaiter().GetResult();
#pragma warning restore RS0030
        };
        try
        {
            var interrupted = await world.Service.PollAsync();
            Assert.Equal(("mail-unavailable", 2), (interrupted.Outcome, interrupted.Messages));
            var storedBefore = world.Store.CountReports();
            Assert.True(storedBefore is > 0 and < CorpusReports, $"{storedBefore} reports after the interruption");

            var whileDown = await world.Service.PollAsync();
            Assert.Equal(("mail-unavailable", 0), (whileDown.Outcome, whileDown.Messages));
            Assert.Equal(storedBefore, world.Store.CountReports());
        }
        finally
        {
            world.Service.MessageCommitted = null;
            if (!Server.IsRunning) await Server.StartAsync();
        }

        var resumed = await world.Service.PollAsync();

        // The message committed before the kill is moved without being read again; the other three are new.
        Assert.Equal(("ok", 1, CorpusMessages - 2), (resumed.Outcome, resumed.Recovered, resumed.Messages));
        Assert.Equal(CorpusReports, world.Store.CountReports());
        Assert.Equal(CorpusMessages, world.Mail.MailMessages("outage").Count);
        Assert.All(world.Mail.MailMessages("outage"), m => Assert.NotNull(m.MovedAt));
        Assert.Equal(CorpusDuplicates, world.Store.Database.Count("duplicates")); // nothing was analyzed twice
        Assert.Equal((0, CorpusMessages), ((await world.FolderAsync("INBOX")).Count, (await world.FolderAsync("Processed")).Count));
        Assert.Equal(0, (await world.Service.PollAsync()).Messages);
        world.Log.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task After_a_UIDVALIDITY_change_stored_reports_are_recorded_as_duplicates_and_the_messages_still_moved()
    {
        using var world = new MailWorld(Server, "uidv", a => a.Folder = "Reports");
        using (var imap = await world.LoginAsync()) await imap.GetFolder(imap.PersonalNamespaces[0]).CreateAsync("Reports", true);
        Server.Deliver("uidv", "Reports", Corpus.Files);
        var first = await world.Service.PollAsync();
        Assert.Equal((CorpusMessages, CorpusReports), (first.Messages, first.Stored));
        var before = (await world.FolderAsync("Reports")).UidValidity;

        // The mailbox is recreated: same UIDs (1..5) again, under a new UIDVALIDITY, same messages delivered again.
        using (var imap = await world.LoginAsync())
        {
            await (await imap.GetFolderAsync("Reports")).DeleteAsync();
            await imap.GetFolder(imap.PersonalNamespaces[0]).CreateAsync("Reports", true);
        }
        Server.Deliver("uidv", "Reports", Corpus.Files);
        var after = (await world.FolderAsync("Reports")).UidValidity;
        Assert.NotEqual(before, after);

        var second = await world.Service.PollAsync();

        Assert.Equal((CorpusMessages, 0, CorpusReports + CorpusDuplicates, "ok"), (second.Messages, second.Stored, second.Duplicates, second.Outcome));
        Assert.Equal(CorpusReports, world.Store.CountReports());
        Assert.Equal((0, 2 * CorpusMessages), ((await world.FolderAsync("Reports")).Count, (await world.FolderAsync("Processed")).Count));
        var rebooked = world.Mail.MailMessages("uidv").Where(m => m.Key.UidValidity == after).ToList();
        Assert.Equal(CorpusMessages, rebooked.Count);
        Assert.All(rebooked, m => Assert.NotNull(m.MovedAt));
        Assert.Equal(CorpusReports + 2 * CorpusDuplicates, world.Store.Database.Count("duplicates"));
        world.Log.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task With_no_processed_folder_the_messages_stay_flagged_and_are_not_read_again()
    {
        using var world = new MailWorld(Server, "flags", a => (a.ProcessedFolder, a.FailedFolder) = ("", ""));
        Server.Deliver("flags", "INBOX", Corpus.Files);

        var first = await world.Service.PollAsync();
        var second = await world.Service.PollAsync();

        Assert.Equal((CorpusMessages, CorpusReports, "ok"), (first.Messages, first.Stored, first.Outcome));
        Assert.Equal((0, 0), (second.Messages, second.Recovered));
        using var imap = await world.LoginAsync();
        await imap.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
        Assert.Equal(CorpusMessages, imap.Inbox.Count);
        Assert.Equal(CorpusMessages, (await imap.Inbox.SearchAsync(MailKit.Search.SearchQuery.HasKeyword(MailIntakeService.ProcessedKeyword))).Count);
        Assert.DoesNotContain("Processed", (await imap.GetFolder(imap.PersonalNamespaces[0]).GetSubfoldersAsync()).Select(f => f.Name));
        Assert.All(world.Mail.MailMessages("flags"), m => Assert.NotNull(m.MovedAt));
    }
}
