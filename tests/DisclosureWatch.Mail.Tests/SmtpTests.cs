using System.Text;
using System.Text.Json;
using DisclosureWatch.Mail.Mime;
using DisclosureWatch.Mail.Smtp;
using DisclosureWatch.Mail.Tests.Infra;
using DisclosureWatch.Mail.Tls;

namespace DisclosureWatch.Mail.Tests;

public sealed class SmtpFixture : IAsyncLifetime
{
    private string _dir = null!;
    internal SmtpServer Server { get; private set; } = null!;
    private int _received;

    /// <summary>Received messages are numbered in arrival order; tests in this class run one after another.</summary>
    internal int NextNumber() => ++_received;

    public async Task InitializeAsync()
    {
        _dir = Tools.NewTempDir("dw-smtp");
        var certificates = TestCertificates.Create(Directory.CreateDirectory(Path.Combine(_dir, "certs")).FullName);
        Server = await SmtpServer.StartAsync(certificates, Directory.CreateDirectory(Path.Combine(_dir, "received")).FullName);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}

public sealed class SmtpTests(SmtpFixture fixture) : IClassFixture<SmtpFixture>
{
    private SmtpServer Server => fixture.Server;

    private SmtpOptions Options(TlsMode mode, TlsOptions? tls = null, int? port = null) => new()
    {
        Host = "127.0.0.1",
        Port = port ?? (mode == TlsMode.Implicit ? Server.ImplicitPort : Server.StartTlsPort),
        Tls = tls ?? new TlsOptions { Mode = mode, TrustedCaFile = Server.Certificates.CaFile },
        Timeout = TimeSpan.FromSeconds(20),
        LocalDomain = "worker.dw.test",
    };

    private static readonly string Docx = Path.Combine(Tools.SharedDir, "real-reports", "national-template-2021.docx");

    private static OutgoingMessage Digest() => new()
    {
        From = new MailboxAddress("digest@dw.test", "政务公开监测"),
        To = [new MailboxAddress("chief@county.gov.cn", "王主任"), new MailboxAddress("plain@county.gov.cn")],
        Bcc = [new MailboxAddress("archive@dw.test")],
        ReplyTo = new MailboxAddress("office@county.gov.cn", "县政务公开办"),
        AutoSubmitted = true,
        Subject = "政府信息公开年报周报（2024年第47周）：3份报告，5项问题",
        TextBody = "本周共收到3份年度报告。\n.以点开头的一行\n..\n.\n共发现5项问题。\n",
        HtmlBody = "<html><body><h1>本周共收到3份年度报告</h1><p>共发现5项问题。</p></body></html>",
        Attachments = [new OutgoingAttachment("河曲县2024年政府信息公开工作年度报告（审查意见）附件.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", File.ReadAllBytes(Docx))],
    };

    [Theory]
    [InlineData(TlsMode.Implicit)]  // AUTH PLAIN, no SMTPUTF8 → RFC 2047 headers
    [InlineData(TlsMode.StartTls)]  // AUTH LOGIN only, SMTPUTF8 → raw UTF-8 headers
    public async Task The_digest_written_by_MimeWriter_arrives_intact_as_Python_reads_it(TlsMode mode)
    {
        var digest = Digest();
        await using var client = new SmtpClient(Options(mode));
        await client.ConnectAsync();
        Assert.True(client.IsEncrypted);
        await client.AuthenticateAsync(SmtpServer.User, SmtpServer.Password);
        var sent = await client.SendAsync(digest);
        await client.QuitAsync();

        var (eml, envelope) = await Server.ReceivedAsync(fixture.NextNumber());
        Assert.Equal(sent, await File.ReadAllBytesAsync(eml));
        Assert.StartsWith("TLSv1.", envelope.GetProperty("tls").GetString());
        Assert.True(envelope.GetProperty("authenticated").GetBoolean());
        Assert.Equal("digest@dw.test", envelope.GetProperty("mail_from").GetString());
        Assert.Equal(["chief@county.gov.cn", "plain@county.gov.cn", "archive@dw.test"],
            envelope.GetProperty("rcpt_tos").EnumerateArray().Select(e => e.GetString()));
        bool utf8 = mode == TlsMode.StartTls;
        Assert.Equal(utf8, envelope.GetProperty("smtp_utf8").GetBoolean());
        var headerEnd = Encoding.ASCII.GetString(sent).IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.Equal(!utf8, sent.Take(headerEnd).All(b => b < 128));
        AssertWellFormedLines(sent, maxLine: 998); // the hard limit; the docx media type alone makes an 86-byte line

        var seen = SmtpServer.Inspect(eml);
        Assert.Empty(seen.GetProperty("defects").EnumerateArray());
        Assert.Equal(digest.Subject, seen.GetProperty("subject").GetString());
        Assert.Equal("政务公开监测 <digest@dw.test>", seen.GetProperty("from").GetString());
        Assert.Equal("王主任 <chief@county.gov.cn>, plain@county.gov.cn", seen.GetProperty("to").GetString());
        Assert.DoesNotContain("archive", seen.GetProperty("to").GetString());
        Assert.Equal("县政务公开办 <office@county.gov.cn>", seen.GetProperty("reply_to").GetString());
        Assert.Equal("auto-generated", seen.GetProperty("auto_submitted").GetString());
        Assert.Equal(["multipart/mixed", "multipart/alternative", "text/plain", "text/html",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
            seen.GetProperty("structure").EnumerateArray().Select(e => e.GetString()));
        var parts = seen.GetProperty("parts").EnumerateArray().ToList();
        // Text travels in canonical form (CRLF line ends, RFC 2046 4.1.1).
        Assert.Equal(digest.TextBody, parts[0].GetProperty("text").GetString()!.ReplaceLineEndings("\n"));
        Assert.Equal(digest.HtmlBody, parts[1].GetProperty("text").GetString()!.TrimEnd('\r', '\n'));
        Assert.Equal("utf-8", parts[0].GetProperty("charset").GetString());
        Assert.Equal(digest.Attachments[0].FileName, parts[2].GetProperty("filename").GetString());
        Assert.Equal(Corpus.Sha256(digest.Attachments[0].Content), parts[2].GetProperty("sha256").GetString());
        Assert.Matches(@"^<[0-9a-f]+\.\d+@dw\.test>$", seen.GetProperty("message_id").GetString());
        Assert.Matches(@"^\w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}$", seen.GetProperty("date").GetString());

        // Our own reader agrees with Python's.
        var read = MimeMessage.Parse(sent);
        Assert.Equal(digest.Subject, read.Subject);
        Assert.Equal(digest.TextBody, read.TextBody);
        Assert.Equal(digest.Attachments[0].Content, read.Attachments.Single().Content);
    }

    static void AssertWellFormedLines(byte[] message, int maxLine)
    {
        for (int i = 0, start = 0; i < message.Length; i++)
        {
            if (message[i] == '\n')
            {
                Assert.True(i > 0 && message[i - 1] == '\r', $"bare LF at byte {i}");
                Assert.True(i - 1 - start <= maxLine, $"line of {i - 1 - start} bytes at byte {start}");
                start = i + 1;
            }
            else if (message[i] == '\r') Assert.True(i + 1 < message.Length && message[i + 1] == '\n', $"bare CR at {i}");
        }
    }

    [Fact]
    public async Task Replies_are_classified_transient_or_permanent_and_the_session_survives_a_refusal()
    {
        await using var client = new SmtpClient(Options(TlsMode.Implicit));
        await client.ConnectAsync();

        var noAuth = await Assert.ThrowsAsync<SmtpException>(() => client.SendAsync(Digest()));
        Assert.False(noAuth.IsTransient);
        Assert.Equal(530, noAuth.ReplyCode); // authentication required

        var badPassword = await Assert.ThrowsAsync<SmtpException>(() => client.AuthenticateAsync(SmtpServer.User, "wrong"));
        Assert.False(badPassword.IsTransient);
        Assert.Equal(535, badPassword.ReplyCode);

        await client.AuthenticateAsync(SmtpServer.User, SmtpServer.Password);
        // Lines that are or start with "." must survive DATA (dot-stuffing); a lone "." would otherwise end it.
        var message = Encoding.ASCII.GetBytes("Subject: x\r\n\r\n.leading dot\r\n..\r\n.\r\nlast line\r\n");
        var greylisted = await Assert.ThrowsAsync<SmtpException>(() => client.SendAsync("digest@dw.test", ["greylist@county.gov.cn"], message));
        Assert.True(greylisted.IsTransient);
        Assert.Equal(451, greylisted.ReplyCode);
        Assert.Contains("Greylisted", greylisted.Message);
        var unknown = await Assert.ThrowsAsync<SmtpException>(() => client.SendAsync("digest@dw.test", ["nobody@county.gov.cn"], message));
        Assert.False(unknown.IsTransient);
        Assert.Equal(550, unknown.ReplyCode);

        await client.SendAsync("digest@dw.test", ["chief@county.gov.cn"], message); // RSET kept the session usable
        var (eml, _) = await Server.ReceivedAsync(fixture.NextNumber());
        Assert.Equal(message, await File.ReadAllBytesAsync(eml));
    }

    [Fact]
    public async Task A_server_that_is_down_or_untrusted_gives_the_right_kind_of_error()
    {
        await using (var down = new SmtpClient(Options(TlsMode.Implicit, port: Tools.FreePort())))
        {
            var e = await Assert.ThrowsAsync<SmtpException>(() => down.ConnectAsync());
            Assert.True(e.IsTransient);
            Assert.Null(e.ReplyCode);
        }
        var untrusted = new TlsOptions { Mode = TlsMode.StartTls, TrustedCaFile = Server.Certificates.OtherCaFile };
        await using (var client = new SmtpClient(Options(TlsMode.StartTls, untrusted)))
        {
            var e = await Assert.ThrowsAsync<SmtpException>(() => client.ConnectAsync());
            Assert.False(e.IsTransient);
            Assert.Contains("certificate", e.Message);
        }
        var pinned = new TlsOptions { Mode = TlsMode.Implicit, TrustedCertificateSha256 = Server.Certificates.Fingerprint };
        await using (var client = new SmtpClient(Options(TlsMode.Implicit, pinned)))
        {
            await client.ConnectAsync();
            Assert.True(client.IsEncrypted);
            await client.QuitAsync();
        }
    }
}
