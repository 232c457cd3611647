using System.Globalization;
using System.Text.Json;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Digests;
using DisclosureWatch.Storage.Findings;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Worker.Digests;
using DisclosureWatch.Worker.Tests.Hosting;
using DisclosureWatch.Worker.Tests.Mail.Infra;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DisclosureWatch.Worker.Tests.Digests;

/// <summary>The real SMTP server (aiosmtpd, implicit TLS and STARTTLS, AUTH required) and its certificates, once per class.</summary>
public sealed class SmtpFixture : IDisposable
{
    private readonly TempDir _dir = new();
    internal TestCertificates Certificates { get; }

    public string CertificatesDir => _dir["certs"];

    public SmtpFixture() => Certificates = TestCertificates.Create(Directory.CreateDirectory(CertificatesDir).FullName);

    public void Dispose() => _dir.Dispose();
}

/// <summary>The digest job against a real SMTP server on loopback, read back by Python's email package.</summary>
public sealed class SmtpDigestTests(SeededStore seeded, SmtpFixture smtp) : IClassFixture<SeededStore>, IClassFixture<SmtpFixture>, IDisposable
{
    private readonly List<IDisposable> _cleanup = [];

    [Theory]
    [InlineData("tls")]
    [InlineData("starttls")]
    public async Task The_digest_arrives_once_with_both_alternatives_and_the_findings_workbook_and_figures_from_the_store(string security)
    {
        var (dir, paths, store) = seeded.Copy();
        _cleanup.Add(dir);
        var received = Directory.CreateDirectory(dir["received"]).FullName;
        await using var server = await SmtpServer.StartAsync(smtp.Certificates, received);
        var port = security == "tls" ? server.ImplicitPort : server.StartTlsPort;
        var config = SmtpConfig(port, security);
        var protocolLog = dir["smtp.log"];
        config["Smtp:ProtocolLog"] = protocolLog;
        var settings = DigestConfig.Read(config);
        var logs = new LogCapture();
        var clock = new ManualClock(SeededStore.Due.AddMinutes(1));
        var service = DigestConfig.Service(settings, store, paths, clock, logs);

        var result = await service.RunAsync(retryNow: false, CancellationToken.None);

        Assert.Equal(new DigestRunResult(Created: 2, Sent: 2, Failed: 0, Waiting: 0), result);
        logs.AssertNoUnexpectedErrors();
        var rows = store.Digests().ToDictionary(d => d.Address);
        var wang = rows["wang@dw.test"];
        Assert.Equal((DigestStatus.Sent, 1, SeededStore.WeekStart, SeededStore.WeekStart.AddDays(7)), (wang.Status, wang.Attempts, wang.PeriodStart, wang.PeriodEnd));

        var messages = new[] { await server.ReceivedAsync(1), await server.ReceivedAsync(2) };
        var (eml, envelope) = messages.Single(m => m.Envelope.GetProperty("rcpt_tos")[0].GetString() == "wang@dw.test");
        Assert.StartsWith("TLS", envelope.GetProperty("tls").GetString()); // STARTTLS done before AUTH on the submission port
        Assert.True(envelope.GetProperty("authenticated").GetBoolean());
        Assert.Equal("digest@dw.test", envelope.GetProperty("mail_from").GetString());

        var seen = SmtpServer.Inspect(eml);
        Assert.Empty(seen.GetProperty("defects").EnumerateArray());
        string[] structure = ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", DigestComposer.XlsxType];
        Assert.Equal(structure, seen.GetProperty("structure").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal($"<{wang.MessageId}>", seen.GetProperty("message_id").GetString());
        Assert.Equal("auto-generated", seen.GetProperty("auto_submitted").GetString());
        Assert.Contains("王科长", seen.GetProperty("to").GetString());

        // The figures, recomputed here from the store: the seed week's reports in 王科长's scope.
        var reports = new ReportRepository(store.Database);
        var week = reports.ReportsReceived(new DateTime(2025, 1, 12, 16, 0, 0, DateTimeKind.Utc), new DateTime(2025, 1, 19, 16, 0, 0, DateTimeKind.Utc));
        var inScope = week.Where(r => !r.Organ!.StartsWith("偏关县", StringComparison.Ordinal)).ToList();
        var findings = new FindingStore(store.Database).FindingsOf(inScope.Select(r => r.Id).ToList());
        var withErrors = inScope.Count(r => findings[r.Id].Any(f => f.Severity == "error"));
        Assert.Equal(6, inScope.Count); // five seeds and the corrected one; the other county is not 王科长's
        // Missing: 河曲县沙泉乡 (never sent) and 延津县司寨乡 (sent its 2023 report, the week's report year is 2024); 偏关县 is out of scope.
        var subject = seen.GetProperty("subject").GetString()!;
        Assert.Equal($"政务公开年报周报 2025-01-13至01-19：收到{inScope.Count}份，{withErrors}份有错误，2个单位未报送", subject);
        Assert.Equal(wang.Subject, subject);

        var parts = seen.GetProperty("parts").EnumerateArray().ToList();
        var text = parts.Single(p => p.GetProperty("content_type").GetString() == "text/plain").GetProperty("text").GetString()!;
        var html = parts.Single(p => p.GetProperty("content_type").GetString() == "text/html").GetProperty("text").GetString()!;
        foreach (var r in inScope) Assert.Contains(r.Organ!, html);
        Assert.Contains($"收到报告 {inScope.Count} 份", text);
        Assert.Contains("重报 1", text);
        Assert.Contains("河曲县沙泉乡人民政府", text);
        Assert.DoesNotContain("偏关县", text);
        var attachment = parts.Single(p => p.GetProperty("filename").ValueKind == JsonValueKind.String);
        Assert.Equal("findings-2025-01-13至01-19.xlsx", attachment.GetProperty("filename").GetString());

        // The workbook as Python decoded it: one row per stored finding of the week's reports in scope.
        var xlsx = Path.Combine(dir.Path, "attachment.xlsx");
        Tools.Run(Tools.Python, "-c", """
            import sys; from email import policy; from email.parser import BytesParser
            msg = BytesParser(policy=policy.default).parse(open(sys.argv[1], 'rb'))
            part = next(p for p in msg.iter_attachments())
            open(sys.argv[2], 'wb').write(part.get_payload(decode=True))
            """, eml, xlsx);
        using var book = SpreadsheetDocument.Open(xlsx, false);
        var findingsSheet = book.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "问题"); // then the reply sheets
        var sheet = ((WorksheetPart)book.WorkbookPart.GetPartById(findingsSheet.Id!)).Worksheet.GetFirstChild<SheetData>()!;
        var sheetRows = sheet.Elements<Row>().ToList();
        Assert.Equal(findings.Values.Sum(f => f.Count) + 1, sheetRows.Count);
        Assert.Equal(findings.Values.Sum(f => f.Count(x => x.Severity == "error")),
            sheetRows.Skip(1).Count(r => r.Elements<Cell>().ElementAt(5).InnerText == "错误"));

        // The protocol log shows the conversation, never the password (AUTH PLAIN's or LOGIN's base64 included).
        var log = File.ReadAllText(protocolLog);
        Assert.Contains("AUTH", log);
        Assert.DoesNotContain(SmtpServer.Password, log);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(SmtpServer.Password)), log);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"\0{SmtpServer.User}\0{SmtpServer.Password}")), log);

        // Run again, and a day later: nothing more is sent.
        Assert.Equal(new DigestRunResult(0, 0, 0, 0), await service.RunAsync(false, CancellationToken.None));
        clock.Now = clock.Now.AddDays(1);
        Assert.Equal(new DigestRunResult(0, 0, 0, 0), await service.RunAsync(true, CancellationToken.None));
        Assert.Equal(2, Directory.GetFiles(received, "*.eml").Length);
    }

    [Fact]
    public async Task The_server_down_at_the_scheduled_time_and_back_later_gets_exactly_one_digest_per_supervisor()
    {
        var (dir, paths, store) = seeded.Copy();
        _cleanup.Add(dir);
        var received = Directory.CreateDirectory(dir["received"]).FullName;
        int implicitPort = Tools.FreePort(), startTlsPort = Tools.FreePort();
        var settings = DigestConfig.Read(SmtpConfig(startTlsPort, "starttls"));
        var logs = new LogCapture();
        var clock = new ManualClock(SeededStore.Due);
        var service = DigestConfig.Service(settings, store, paths, clock, logs);

        // Down at 08:00: both digests are built and kept pending, with the error and a back-off.
        var down = await service.RunAsync(false, CancellationToken.None);
        Assert.Equal(new DigestRunResult(Created: 2, Sent: 0, Failed: 2, Waiting: 2), down);
        foreach (var d in store.Digests())
        {
            Assert.Equal((DigestStatus.Pending, 1), (d.Status, d.Attempts));
            Assert.False(string.IsNullOrEmpty(d.LastError));
            Assert.Equal((clock.Now + settings.RetryDelay).UtcDateTime, d.NextAttemptAt, TimeSpan.FromSeconds(1));
        }
        var messageIds = store.Digests().ToDictionary(d => d.Address, d => d.MessageId);

        // Still down a minute later: the back-off holds, nothing is tried.
        clock.Now += TimeSpan.FromMinutes(1);
        Assert.Equal(new DigestRunResult(0, 0, 0, 2), await service.RunAsync(false, CancellationToken.None));

        // Back on the same ports; the next run after the back-off sends each digest once.
        using (await SmtpProcess.StartAsync(smtp.Certificates, received, implicitPort, startTlsPort))
        {
            clock.Now += settings.RetryDelay;
            Assert.Equal(new DigestRunResult(0, 2, 0, 0), await service.RunAsync(false, CancellationToken.None));
            clock.Now += TimeSpan.FromHours(3);
            Assert.Equal(new DigestRunResult(0, 0, 0, 0), await service.RunAsync(true, CancellationToken.None));
        }
        var emls = Directory.GetFiles(received, "*.eml").Order().ToList();
        Assert.Equal(2, emls.Count);
        var to = emls.Select(e => SmtpServer.Inspect(e)).ToDictionary(m => m.GetProperty("to").GetString()!.Contains("wang@") ? "wang@dw.test" : "li@dw.test",
            m => m.GetProperty("message_id").GetString());
        Assert.Equal($"<{messageIds["wang@dw.test"]}>", to["wang@dw.test"]); // the message built at 08:00, kept and sent as it was
        Assert.Equal($"<{messageIds["li@dw.test"]}>", to["li@dw.test"]);
        // Byte for byte what was stored at 08:00 (MimeKit writes a parsed message back unchanged; aiosmtpd undoes the dot-stuffing).
        var stored = store.Digests().Select(d => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(store.DigestMessage(d.Id)))).Order();
        Assert.Equal(stored, emls.Select(e => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(e)))).Order());
        Assert.All(store.Digests(), d => Assert.Equal((DigestStatus.Sent, 2, (string?)null), (d.Status, d.Attempts, d.LastError)));
        logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task A_permanent_refusal_keeps_the_digest_pending_with_the_longest_back_off()
    {
        var (dir, paths, store) = seeded.Copy();
        _cleanup.Add(dir);
        await using var server = await SmtpServer.StartAsync(smtp.Certificates, Directory.CreateDirectory(dir["received"]).FullName);
        var config = SmtpConfig(server.ImplicitPort, "tls");
        config["Smtp:Password"] = "wrong";
        var settings = DigestConfig.Read(config);
        var logs = new LogCapture();
        var clock = new ManualClock(SeededStore.Due);
        var result = await DigestConfig.Service(settings, store, paths, clock, logs).RunAsync(false, CancellationToken.None);

        Assert.Equal(new DigestRunResult(2, 0, 2, 2), result);
        Assert.All(store.Digests(), d =>
        {
            Assert.Equal(DigestStatus.Pending, d.Status);
            Assert.Equal((clock.Now + settings.MaxRetryDelay).UtcDateTime, d.NextAttemptAt, TimeSpan.FromSeconds(1));
        });
        Assert.Contains(logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("check the Smtp settings"));
    }

    [Fact]
    public async Task A_server_that_accepts_TLS_and_never_greets_fails_the_send_at_its_deadline_and_the_digest_stays_pending()
    {
        var (dir, paths, store) = seeded.Copy();
        _cleanup.Add(dir);
        await using var silent = new HostileImapServer(Hostility.Silent, smtp.Certificates.CertFile, smtp.Certificates.KeyFile);
        var config = SmtpConfig(silent.Port, "tls");
        config["Smtp:SendDeadline"] = "00:00:02"; // shorter than Smtp:Timeout (10 s): the deadline, not a read timeout, ends it
        var settings = DigestConfig.Read(config);
        var clock = new ManualClock(SeededStore.Due);

        var result = await DigestConfig.Service(settings, store, paths, clock).RunAsync(false, CancellationToken.None);

        Assert.Equal(new DigestRunResult(Created: 2, Sent: 0, Failed: 2, Waiting: 2), result);
        Assert.All(store.Digests(), d =>
        {
            Assert.Equal(DigestStatus.Pending, d.Status);
            Assert.Contains("did not finish within the deadline of 2 s", d.LastError);
            Assert.Equal((clock.Now + settings.RetryDelay).UtcDateTime, d.NextAttemptAt, TimeSpan.FromSeconds(1)); // transient: the short back-off
        });
    }

    private Dictionary<string, string?> SmtpConfig(int port, string security) => DigestConfig.With(
        ("Smtp:Host", "127.0.0.1"), ("Smtp:Port", port.ToString(CultureInfo.InvariantCulture)), ("Smtp:Security", security),
        ("Smtp:User", SmtpServer.User), ("Smtp:Password", SmtpServer.Password),
        ("Smtp:TrustedCaFile", smtp.Certificates.CaFile), ("Smtp:Timeout", "00:00:10"));

    public void Dispose()
    {
        foreach (var c in _cleanup) c.Dispose();
    }
}
