using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Mail;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Worker.Mail;
using DisclosureWatch.Worker.Tests.Mail.Infra;

namespace DisclosureWatch.Worker.Tests.Mail;

/// <summary>Attachment names that try to be paths, an attachment over the size limit, a picture: over STARTTLS,
/// with the password in a file and the server certificate pinned by its SHA-256.</summary>
[Collection("mail-server")]
public sealed class HostileMailTests(MailServerFixture fixture)
{
    private DovecotServer Server => fixture.Server;

    [Fact]
    public async Task Attachment_names_never_become_paths_and_an_oversized_attachment_is_refused_with_its_reason_and_the_message_failed()
    {
        var eml = Path.Combine(Tools.NewTempDir("dw-hostile"), "hostile.eml");
        Tools.Run(Tools.Python, Tools.FixturePath("compose_hostile.py"), eml,
            Path.Combine(Tools.SharedDir, "seeds"), Path.Combine(Tools.SharedDir, "real-reports"));
        var passwordFile = Path.Combine(Path.GetDirectoryName(eml)!, "password");
        File.WriteAllText(passwordFile, DovecotServer.Password + "\n");
        using var world = new MailWorld(Server, "starttls", a =>
        {
            a.Security = MailSecurity.StartTls;
            a.Port = Server.ImapPort;
            a.Password = null;
            a.PasswordFile = passwordFile;
            a.TrustedCaFile = null;
            a.TrustedCertificateSha256 = Server.Certificates.Fingerprint;
            a.MaxAttachmentBytes = 100_000; // the 413 kB PDF is over it
        });
        Server.Deliver("starttls", "INBOX", [eml]);

        var result = await world.Service.PollAsync();

        Assert.Equal((1, 2, 1, "ok"), (result.Messages, result.Stored, result.Failed, result.Outcome));
        var mail = Assert.Single(world.Mail.MailMessages("starttls"));
        Assert.Equal(MailStatus.Failed, mail.Status);
        Assert.Contains("大文件.pdf", mail.Error);
        Assert.Contains("100000-byte limit", mail.Error);
        Assert.Equal((0, 0, 1), ((await world.FolderAsync("INBOX")).Count, (await world.FolderAsync("Processed")).Count, (await world.FolderAsync("Failed")).Count));

        var parts = world.Mail.MailParts(mail.Id);
        Assert.Equal(
            [("偏关县年报.txt", MailPartOutcome.Stored), ("模板.docx", MailPartOutcome.Stored), ("大文件.pdf", MailPartOutcome.Refused), ("logo.png", MailPartOutcome.Skipped)],
            parts.Select(p => (p.FileName, p.Outcome)));
        Assert.All(parts, p => Assert.DoesNotContain("/", p.FileName));
        Assert.All(parts, p => Assert.DoesNotContain("\\", p.FileName));
        Assert.False(Directory.Exists("/tmp/dw-evil"));
        Assert.Contains(world.Store.ListReports(new ReportFilter()), r => r.FileName == "偏关县年报.txt");
        Assert.Equal(1, world.Store.Database.Count("failures"));
        world.Log.AssertNoUnexpectedErrors();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_revoked_server_certificate_is_refused_unless_revocation_checking_is_switched_off_for_a_closed_network(bool checkRevocation)
    {
        var certs = Server.Certificates;
        await using var hostile = new HostileImapServer(Hostility.None, certs.RevokedCertFile, certs.RevokedKeyFile);
        using var world = new MailWorld(Server, "revoked", a => (a.Port, a.CheckRevocation) = (hostile.Port, checkRevocation));

        var result = await world.Service.PollAsync();

        var run = Assert.Single(world.Runs.JobRuns(), r => r.Job == MailIntakeService.JobName);
        if (checkRevocation)
        {
            Assert.Equal(("mail-failed", 0), (result.Outcome, result.Messages));
            Assert.Contains("Revoked", run.Message);
            Assert.Contains(world.Log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("Revoked"));
        }
        else
        {
            Assert.True(("ok", 1) == (result.Outcome, result.Messages), run.Message); // the chain and the name still had to hold
            world.Log.AssertNoUnexpectedErrors();
        }
    }

    [Fact]
    public async Task A_message_whose_RFC822_SIZE_is_over_MaxMessageBytes_is_never_downloaded_and_goes_to_the_failed_folder_with_the_reason()
    {
        var big = Corpus.Big(300_000, Tools.NewTempDir("dw-big"));
        var protocolLog = Path.Combine(Tools.NewTempDir("dw-oversize"), "imap.log");
        using var world = new MailWorld(Server, "oversize", a => (a.MaxMessageBytes, a.ProtocolLog) = (200_000, protocolLog));
        Server.Deliver("oversize", "INBOX", [big, Corpus.PathOf("05-no-report.eml")]);

        var result = await world.Service.PollAsync();

        Assert.Equal((2, 1, "ok"), (result.Messages, result.Failed, result.Outcome));
        var refused = Assert.Single(world.Mail.MailMessages("oversize"), m => m.Status == MailStatus.Failed);
        Assert.Contains("over MaxMessageBytes (200000): not downloaded", refused.Error);
        Assert.Equal((0, 1, 1), ((await world.FolderAsync("INBOX")).Count, (await world.FolderAsync("Processed")).Count, (await world.FolderAsync("Failed")).Count));
        // The conversation shows one download: the small message's, never the big one's.
        var log = File.ReadAllText(protocolLog);
        Assert.Contains("RFC822.SIZE", log);
        Assert.Equal(1, log.Split("BODY.PEEK[]").Length - 1);
        world.Log.AssertNoUnexpectedErrors();
    }

    [Theory]
    [InlineData("ca")]
    [InlineData("pin")]
    public async Task A_certificate_from_another_CA_or_with_another_fingerprint_is_refused_and_the_reason_recorded(string trust)
    {
        using var world = new MailWorld(Server, "trust", a =>
        {
            if (trust == "ca") a.TrustedCaFile = Server.Certificates.OtherCaFile;
            else (a.TrustedCaFile, a.TrustedCertificateSha256) = (null, new string('A', 64));
        });
        using var trusting = new MailWorld(Server, "trust"); // the test CA: reads the folder for the test
        Server.Deliver("trust", "INBOX", [Corpus.PathOf("05-no-report.eml")]);
        var before = (await trusting.FolderAsync("INBOX")).Count;

        var result = await world.Service.PollAsync();

        Assert.Equal(("mail-failed", 0), (result.Outcome, result.Messages));
        var run = Assert.Single(world.Runs.JobRuns(), r => r.Job == MailIntakeService.JobName);
        Assert.Contains(trust == "ca" ? "does not chain to" : "does not match the pinned", run.Message);
        Assert.Equal(before, (await trusting.FolderAsync("INBOX")).Count); // nothing read, nothing moved
        Assert.Empty(world.Mail.MailMessages("trust"));
    }
}
