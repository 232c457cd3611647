using System.Text;
using DisclosureWatch.Mail.Imap;
using DisclosureWatch.Mail.Mime;
using DisclosureWatch.Mail.Tests.Infra;
using DisclosureWatch.Mail.Tls;
using Xunit.Abstractions;

namespace DisclosureWatch.Mail.Tests;

/// <summary>One Dovecot for the collection; every test logs in as its own user so tests do not see each other's mail.</summary>
public sealed class DovecotFixture() : DovecotFixtureBase(Users, "dw-dovecot")
{
    internal static readonly string[] Users = ["tls", "starttls", "trust", "move", "fallback", "uidv", "outage", "hung"];
}

[CollectionDefinition("dovecot")]
public sealed class DovecotCollection : ICollectionFixture<DovecotFixture>;

[Collection("dovecot")]
public sealed class ImapTests(DovecotFixture fixture, ITestOutputHelper output)
{
    private DovecotServer Server => fixture.Server;

    private ImapOptions Options(TlsMode mode, TlsOptions? tls = null, bool ignoreMove = false, Action<string>? trace = null,
        ImapLogin login = ImapLogin.Auto) => new()
    {
        Login = login,
        Trace = trace,
        Host = "127.0.0.1",
        Port = mode == TlsMode.Implicit ? Server.ImapsPort : Server.ImapPort,
        Tls = tls ?? new TlsOptions { Mode = mode, TrustedCaFile = Server.Certificates.CaFile },
        Timeout = TimeSpan.FromSeconds(20),
        IgnoreMoveCapability = ignoreMove,
    };

    private async Task<ImapClient> LoginAsync(string user, ImapOptions options)
    {
        var client = new ImapClient(options);
        await client.ConnectAsync();
        await client.AuthenticateAsync(user, DovecotServer.Password);
        return client;
    }

    [Fact]
    public async Task Implicit_tls_lists_and_fetches_every_message_and_the_reader_extracts_each_attachment_byte_exactly()
    {
        Server.Deliver("tls", "INBOX", Corpus.Files);
        await using var client = await LoginAsync("tls", Options(TlsMode.Implicit));
        Assert.True(client.IsEncrypted);
        Assert.Contains("UIDPLUS", client.Capabilities);

        var box = await client.SelectAsync("INBOX");
        Assert.Equal(Corpus.Files.Count, box.Exists);
        Assert.True(box.UidValidity > 0);
        Assert.Equal((uint)Corpus.Files.Count + 1, box.UidNext);
        var uids = await client.SearchAsync(ImapSearch.All);
        Assert.Equal(Corpus.Files.Count, uids.Count);
        Assert.Equal(uids, await client.SearchAsync(ImapSearch.Unseen));
        Assert.Equal(uids, await client.SearchAsync(ImapSearch.Since(DateOnly.FromDateTime(DateTime.Today.AddDays(-1)))));
        Assert.Empty(await client.SearchAsync(ImapSearch.Since(DateOnly.FromDateTime(DateTime.Today.AddDays(2)))));
        var sizes = await client.FetchSizesAsync(uids);

        for (int i = 0; i < uids.Count; i++)
        {
            var file = Corpus.Files[i];
            var raw = await client.FetchMessageAsync(uids[i]);
            Assert.NotNull(raw);
            Assert.Equal(await File.ReadAllBytesAsync(file), raw);
            Assert.Equal(raw.Length, sizes[uids[i]]);
            AssertMatchesManifest(Path.GetFileName(file), MimeMessage.Parse(raw));
        }

        // The server's own MIME parser agrees with our part numbering: BINARY.PEEK[path] (a literal8) of each
        // attachment of the first mail is exactly what we extracted.
        var first = MimeMessage.Parse((await client.FetchMessageAsync(uids[0]))!);
        foreach (var attachment in first.Attachments)
            Assert.Equal(attachment.Content, await client.FetchDecodedPartAsync(uids[0], attachment.Path));

        // BODY.PEEK left every message unseen; STORE +FLAGS \Seen changes that.
        Assert.Equal(uids, await client.SearchAsync(ImapSearch.Unseen));
        await client.AddFlagsAsync([uids[0], uids[1]], @"\Seen");
        Assert.Equal(uids.Skip(2), await client.SearchAsync(ImapSearch.Unseen));
        Assert.Null(await client.FetchMessageAsync(uids[^1] + 100));
        await client.LogoutAsync();
    }

    /// <summary>What the corpus manifest (written by Python) says must come out of each message.</summary>
    internal static void AssertMatchesManifest(string name, MimeMessage message)
    {
        var expected = Corpus.Manifest[name];
        Assert.Equal(expected.Subject, message.Subject);
        Assert.Empty(message.Problems);
        if (expected.BodyContains is not null) Assert.Contains(expected.BodyContains, message.TextBody);
        var attachments = message.Attachments;
        Assert.Equal(expected.Attachments.Select(a => a.Filename), attachments.Select(a => a.FileName));
        foreach (var (want, got) in expected.Attachments.Zip(attachments))
        {
            Assert.False(got.IsRefused);
            Assert.Equal(want.Size, got.Content.Length);
            Assert.Equal(want.Sha256, Corpus.Sha256(got.Content));
            if (want.TextOfSeed is not null) // a GBK attachment decodes to exactly the seed's text
                Assert.Equal(File.ReadAllText(Path.Combine(Tools.SharedDir, "seeds", want.TextOfSeed)), got.GetText());
        }
        switch (name)
        {
            case "01-docx-pdf.eml":
                Assert.Equal("河曲县政务公开办 <gkb@hequ.gov.cn>", message.From);
                Assert.Equal("gkb@hequ.gov.cn", message.FromAddress);
                Assert.EndsWith("@sender.test", message.MessageId);
                Assert.Equal(new DateTimeOffset(2024, 11, 19, 7, 6, 40, TimeSpan.Zero), message.Date);
                break;
            case "02-gbk-txt.eml":
                Assert.Equal("社梁乡人民政府 <shl@hequ.gov.cn>", message.From);
                Assert.Equal("各位领导：\n附件为本乡2024年政府信息公开工作年度报告（GBK编码），请审阅。\n联系人：王科员\n", message.TextBody);
                break;
            case "03-body-report.eml":
                Assert.Contains("政府信息公开", message.TextBody);
                Assert.Empty(message.ForwardedMessages);
                break;
            case "04-forwarded.eml":
                var forwarded = Assert.Single(message.ForwardedMessages);
                Assert.Equal(expected.ForwardedSubject, forwarded.Subject);
                Assert.Equal("县政府办公室 <xzf@county.gov.cn>", forwarded.From);
                Assert.Contains(expected.ForwardedBodyContains!, forwarded.TextBody);
                Assert.DoesNotContain(expected.ForwardedBodyContains!, message.TextBody);
                Assert.Same(forwarded, message.Attachments.Single().Message);
                Assert.Contains(message.Parts, p => p.Message == forwarded && p.MediaType == "text/plain" && !p.IsAttachment);
                break;
            case "05-no-report.eml":
                Assert.Contains("周五下午", message.HtmlBody);
                Assert.Equal("定于周五下午召开培训会。\n", message.TextBody);
                break;
        }
    }

    [Fact]
    public async Task Starttls_with_a_pinned_certificate_and_LOGIN_fetches_every_message()
    {
        Server.Deliver("starttls", "INBOX", Corpus.Files);
        var pin = new TlsOptions { Mode = TlsMode.StartTls, TrustedCertificateSha256 = Server.Certificates.Fingerprint };
        var sent = new List<string>();
        // LOGIN with a non-ASCII password: it goes as a literal, never as a quoted string.
        await using var client = await LoginAsync("starttls", Options(TlsMode.StartTls, pin, trace: sent.Add, login: ImapLogin.Login));
        Assert.Contains(sent, l => l.EndsWith("LOGIN ***"));
        Assert.DoesNotContain(sent, l => l.Contains("AUTHENTICATE"));
        Assert.True(client.IsEncrypted);
        Assert.Contains("IMAP4rev1", client.Capabilities);
        Assert.DoesNotContain("STARTTLS", client.Capabilities); // post-TLS capabilities replaced the clear-text ones
        await client.SelectAsync("INBOX");
        var uids = await client.SearchAsync(ImapSearch.Unseen);
        Assert.Equal(Corpus.Files.Count, uids.Count);
        foreach (var (uid, file) in uids.Zip(Corpus.Files))
            AssertMatchesManifest(Path.GetFileName(file), MimeMessage.Parse((await client.FetchMessageAsync(uid))!));
    }

    [Fact]
    public async Task Certificates_outside_the_configured_trust_are_refused_before_any_credential_is_sent()
    {
        var cases = new[]
        {
            new TlsOptions { Mode = TlsMode.Implicit },                                                 // system store
            new TlsOptions { Mode = TlsMode.Implicit, TrustedCaFile = Server.Certificates.OtherCaFile }, // another CA
            new TlsOptions { Mode = TlsMode.StartTls, TrustedCertificateSha256 = new string('A', 64) },  // wrong pin
            new TlsOptions { Mode = TlsMode.Implicit, TrustedCaFile = Server.Certificates.CaFile, ServerName = "mail.other.test" },
        };
        foreach (var tls in cases)
        {
            await using var client = new ImapClient(Options(tls.Mode, tls));
            var e = await Assert.ThrowsAsync<ImapException>(() => client.ConnectAsync());
            Assert.False(e.IsTransient);
            Assert.Contains("TLS", e.Message);
        }

        // A wrong password is a permanent NO carrying the server's text.
        await using var ok = new ImapClient(Options(TlsMode.Implicit));
        await ok.ConnectAsync();
        var denied = await Assert.ThrowsAsync<ImapException>(() => ok.AuthenticateAsync("trust", "wrong"));
        Assert.False(denied.IsTransient);
        Assert.Equal("NO", denied.Status);
        Assert.Equal("AUTHENTICATIONFAILED", denied.ResponseCode);
    }

    [Fact]
    public async Task Move_creates_the_target_folder_and_uses_MOVE()
    {
        Server.Deliver("move", "INBOX", Corpus.Files);
        await using var client = await LoginAsync("move", Options(TlsMode.Implicit));
        Assert.Contains("MOVE", client.Capabilities);
        await client.SelectAsync("INBOX");
        var uids = await client.SearchAsync(ImapSearch.All);
        await client.MoveAsync([uids[0], uids[1]], "Processed");
        await client.MoveAsync([uids[2]], "已处理 2024");

        Assert.Equal(uids.Skip(3), await client.SearchAsync(ImapSearch.All));
        var folders = await client.ListFoldersAsync();
        Assert.Contains("Processed", folders);
        Assert.Contains("已处理 2024", folders);
        // On disk Dovecot names the folder in modified UTF-7, which is what went over the wire.
        Assert.True(Directory.Exists(Path.Combine(Server.MaildirOf("move"), ".&XfJZBHQG- 2024")));

        var processed = await client.SelectAsync("Processed");
        Assert.Equal(2, processed.Exists);
        var moved = await client.SearchAsync(ImapSearch.All);
        Assert.Equal(Corpus.Manifest["01-docx-pdf.eml"].Subject, MimeMessage.Parse((await client.FetchMessageAsync(moved[0]))!).Subject);
        Assert.Equal(1, (await client.SelectAsync("已处理 2024")).Exists);
    }

    [Fact]
    public async Task Move_without_the_MOVE_capability_copies_flags_and_expunges_only_the_moved_uids()
    {
        Server.Deliver("fallback", "INBOX", Corpus.Files);
        var sent = new List<string>();
        await using var client = await LoginAsync("fallback", Options(TlsMode.StartTls, ignoreMove: true, trace: sent.Add));
        Assert.Contains("MOVE", client.Capabilities); // offered, deliberately not used
        await client.SelectAsync("INBOX");
        var uids = await client.SearchAsync(ImapSearch.All);
        await client.AddFlagsAsync([uids[^1]], @"\Deleted"); // someone else's pending deletion must survive
        await client.MoveAsync([uids[0], uids[1]], "Processed");

        Assert.Equal(uids.Skip(2), await client.SearchAsync(ImapSearch.All));
        var processed = await client.SelectAsync("Processed");
        Assert.Equal(2, processed.Exists);
        var copies = await client.SearchAsync(ImapSearch.All);
        var subjects = new List<string>();
        foreach (var uid in copies) subjects.Add(MimeMessage.Parse((await client.FetchMessageAsync(uid))!).Subject);
        Assert.Equal([Corpus.Manifest["01-docx-pdf.eml"].Subject, Corpus.Manifest["02-gbk-txt.eml"].Subject], subjects);
        var commands = sent.Where(l => l.StartsWith("C: ")).Select(l => l.Split(' ', 3)[2]).ToList();
        Assert.DoesNotContain(commands, c => c.StartsWith("UID MOVE"));
        Assert.Contains($"UID COPY {uids[0]}:{uids[1]} Processed", commands);
        Assert.Contains($"UID STORE {uids[0]}:{uids[1]} +FLAGS.SILENT (\\Deleted)", commands);
        Assert.Contains($"UID EXPUNGE {uids[0]}:{uids[1]}", commands);
        Assert.DoesNotContain(commands, c => c.Contains(DovecotServer.Password));
    }

    [Fact]
    public async Task Uidvalidity_changes_when_the_mailbox_is_deleted_and_recreated()
    {
        await using var client = await LoginAsync("uidv", Options(TlsMode.Implicit));
        var message = await File.ReadAllBytesAsync(Corpus.PathOf("05-no-report.eml"));
        var uid = await client.AppendAsync("Reports", message, @"\Seen"); // TRYCREATE → CREATE → APPEND
        var first = await client.SelectAsync("Reports");
        Assert.Equal(1, first.Exists);
        Assert.Equal(uid, (await client.SearchAsync(ImapSearch.All)).Single());
        Assert.Empty(await client.SearchAsync(ImapSearch.Unseen));

        await client.SelectAsync("INBOX");
        await client.DeleteFolderAsync("Reports");
        await client.CreateFolderAsync("Reports");
        await client.CreateFolderAsync("Reports"); // already there: not an error
        var second = await client.SelectAsync("Reports");
        Assert.Equal(0, second.Exists);
        Assert.NotEqual(first.UidValidity, second.UidValidity);

        // A big APPEND waits for the server's "+" (synchronizing literal) and comes back byte for byte.
        var big = await File.ReadAllBytesAsync(Corpus.PathOf("01-docx-pdf.eml"));
        var bigUid = await client.AppendAsync("Reports", big);
        Assert.Equal(big, await client.FetchMessageAsync(bigUid!.Value));

        var missing = await Assert.ThrowsAsync<ImapException>(() => client.SelectAsync("不存在"));
        Assert.Equal("NO", missing.Status);
        Assert.False(missing.IsTransient);
    }

    [Fact]
    public async Task A_hung_server_times_out_as_a_transient_error()
    {
        try
        {
            Server.Freeze(true);
            foreach (var mode in new[] { TlsMode.Implicit, TlsMode.StartTls })
            {
                await using var client = new ImapClient(Options(mode) with { Timeout = TimeSpan.FromSeconds(1) });
                var started = DateTime.UtcNow;
                var e = await Assert.ThrowsAsync<ImapException>(() => client.ConnectAsync());
                Assert.True(e.IsTransient, e.Message);
                Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
            }
        }
        finally
        {
            Server.Freeze(false);
        }
        await using var after = await LoginAsync("hung", Options(TlsMode.Implicit));
        Assert.Equal(0, (await after.SelectAsync("INBOX")).Exists);
    }

    [Fact]
    public async Task Dovecot_killed_in_the_middle_of_a_fetch_gives_a_transient_error_and_works_after_restart()
    {
        const int size = 24 * 1024 * 1024; // far more than the socket buffers hold: the kill lands mid-literal
        var dir = Tools.NewTempDir("dw-big");
        using var cleanup = new Cleanup(() => Directory.Delete(dir, recursive: true));
        var big = Corpus.Big(size, dir);
        Server.Deliver("outage", "INBOX", [big]);
        long received = 0;
        try
        {
            await using (var client = await LoginAsync("outage", Options(TlsMode.Implicit)))
            {
                await client.SelectAsync("INBOX");
                var uid = Assert.Single(await client.SearchAsync(ImapSearch.All));
                var e = await Assert.ThrowsAsync<ImapException>(() => client.FetchMessageAsync(uid, progress: n =>
                {
                    if (received == 0) Server.KillAsync().GetAwaiter().GetResult();
                    received = n;
                }));
                Assert.True(e.IsTransient, e.ToString());
                Assert.InRange(received, 1, new FileInfo(big).Length - 1); // the literal was cut short
            }

            await using (var down = new ImapClient(Options(TlsMode.Implicit)))
                Assert.True((await Assert.ThrowsAsync<ImapException>(() => down.ConnectAsync())).IsTransient);
        }
        finally
        {
            if (!Server.IsRunning) await Server.StartAsync(); // later tests need it whatever happened here
        }

        await using var again = await LoginAsync("outage", Options(TlsMode.Implicit));
        await again.SelectAsync("INBOX");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var raw = await again.FetchMessageAsync(Assert.Single(await again.SearchAsync(ImapSearch.All)));
        var fetched = clock.Elapsed;
        Assert.Equal(await File.ReadAllBytesAsync(big), raw);
        clock.Restart();
        var attachment = MimeMessage.Parse(raw!).Attachments.Single();
        output.WriteLine($"figures: fetched {raw!.Length / 1e6:0.0} MB over IMAPS in {fetched.TotalMilliseconds:0} ms, " +
                         $"parsed in {clock.ElapsedMilliseconds} ms; the kill came after {received / 1e6:0.0} MB");
        Assert.Equal("big.bin", attachment.FileName);
        Assert.Equal(size, attachment.Content.Length);
    }
}

internal sealed class Cleanup(Action action) : IDisposable
{
    public void Dispose() => action();
}
