using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DisclosureWatch.Core;
using DisclosureWatch.Core.Digests;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Digests;
using DisclosureWatch.Storage.Digests.Replies;
using DisclosureWatch.Storage.Mail;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Classification;
using DisclosureWatch.Worker.Digests;
using DisclosureWatch.Worker.Digests.Replies;
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Mail;
using DisclosureWatch.Worker.Store;
using DisclosureWatch.Worker.Tests.Hosting;
using DisclosureWatch.Worker.Tests.Mail.Infra;
using MailKit;
using MailKit.Net.Imap;
using Microsoft.Extensions.Logging;
using MimeKit;
using MailStore = DisclosureWatch.Storage.Mail.MailStore; // not MailKit's
using DisclosureWatch.Storage.Findings;
using DisclosureWatch.Storage.Passages;
using DisclosureWatch.Storage.Reports;

namespace DisclosureWatch.Worker.Tests.Digests;

/// <summary>One Dovecot for the reply tests, a user per test.</summary>
public sealed class ReplyMailFixture() : DovecotFixtureBase(["loop", "refused", "twice", "badrows"], "dw-reply-dovecot");

/// <summary>
/// Supervisors answer the digest by mail, end to end: the digest job sends the seeded week's digest to aiosmtpd; Python
/// (email + openpyxl, Fixtures/digest_reply.py) reads it, fills the workbook as a supervisor would and composes the
/// reply; the test APPENDs the reply to a real Dovecot over IMAP; the mail job's poll applies it; the confirmation
/// arrives at aiosmtpd.
/// </summary>
public sealed class DigestReplyTests(SeededStore seeded, SmtpFixture smtp, ReplyMailFixture mail)
    : IClassFixture<SeededStore>, IClassFixture<SmtpFixture>, IClassFixture<ReplyMailFixture>
{
    [Fact]
    public async Task A_filled_workbook_replied_from_the_supervisor_sets_reviews_and_labels_and_a_confirmation_arrives()
    {
        await using var w = await ReplyWorld.StartAsync(seeded, smtp, mail.Server, "loop");
        var digest = await w.SendDigestAsync();
        var offered = ReplyWorld.List(digest);

        // The workbook as openpyxl reads it: the two sheets, a hidden form, and drop-downs over 处理 and 标签.
        Assert.Equal(["问题", "待确认问题", "待标注段落", "dw-reply"], offered["sheets"]!.AsArray().Select(s => (string)s!).ToArray());
        Assert.Equal(["dw-reply"], offered["hidden"]!.AsArray().Select(s => (string)s!).ToArray());
        Assert.Equal(["确认", "驳回", "待定"], offered["decisions"]!.AsArray().Select(s => (string)s!).ToArray());
        Assert.Equal(ReplyForm.ConfiguredLabels(w.Paths.Models).Select(PassageLabels.Chinese).Order(), offered["labels"]!.AsArray().Select(s => (string)s!).Order());
        var decisionList = Assert.Single(offered["待确认问题:validations"]!.AsArray());
        Assert.Equal("list", (string)decisionList!["type"]!);
        Assert.StartsWith("I2:I", (string)decisionList["ranges"]!);
        Assert.StartsWith("H2:H", (string)Assert.Single(offered["待标注段落:validations"]!.AsArray())!["ranges"]!); // 标签 is column H
        var reviewRows = offered["待确认问题"]!.AsArray();
        var labelRows = offered["待标注段落"]!.AsArray();
        // Every finding of the week's reports in 王科长's scope, each with its own id.
        var inScope = w.Store.ReportsReceived(new DateTime(2025, 1, 12, 16, 0, 0, DateTimeKind.Utc), new DateTime(2025, 1, 19, 16, 0, 0, DateTimeKind.Utc))
            .Where(r => !r.Organ!.StartsWith("偏关县", StringComparison.Ordinal)).Select(r => r.Id).ToList();
        var findings = w.Findings.FindingsOf(inScope).Values.SelectMany(f => f).ToList();
        Assert.Equal(findings.Select(f => $"F{f.Id}").Order(), reviewRows.Select(r => (string)r!["编号"]!).Order());
        Assert.True(labelRows.Count >= 2, "the digest offers uncertain passages");

        var (confirm, dismiss, later) = ((string)reviewRows[0]!["编号"]!, (string)reviewRows[1]!["编号"]!, (string)reviewRows[2]!["编号"]!);
        var (p1, p2) = ((string)labelRows[0]!["编号"]!, (string)labelRows[1]!["编号"]!);
        var (reply, _) = w.Reply(digest, new JsonObject
        {
            ["from"] = "王科长 <WANG@DW.Test>", // the address compared case-insensitively
            ["message_id"] = "<reply-1@client.test>",
            ["reviews"] = new JsonObject
            {
                [confirm] = new JsonArray("确认", "表3合计确有错误，已通知该乡更正"),
                [dismiss] = new JsonArray("驳回", "模板允许此写法"),
                [later] = new JsonArray("待定", "等该乡回复"),
            },
            ["labels"] = new JsonObject { [p1] = "问题", [p2] = "套话" },
        });
        await w.AppendAsync(reply);

        var poll = await w.Mail.PollAsync();

        Assert.Equal((1, 0, 0, "ok"), (poll.Messages, poll.Stored, poll.Failed, poll.Outcome));
        var reviewed = w.ReplyStore.GetFindingReview(ReplyForm.ParseFinding(confirm)!.Value)!;
        Assert.Equal((FindingStatus.Confirmed, "表3合计确有错误，已通知该乡更正", "王科长 <wang@dw.test>"), (reviewed.Status, reviewed.Comment, reviewed.ReviewedBy));
        Assert.Equal(w.Clock.Now.UtcDateTime, reviewed.ReviewedAt);
        Assert.Equal((FindingStatus.Dismissed, "模板允许此写法"), Review(w, dismiss));
        Assert.Equal((FindingStatus.Open, "等该乡回复"), Review(w, later));
        Assert.Equal(findings.Count - 3, findings.Count(f => w.ReplyStore.GetFindingReview(f.Id)!.ReviewedBy is null));

        // The labels are where `dw labels import` puts them, and the next retrain reads them.
        var labels = new LabelStore(w.Paths.Labels).LoadAll();
        Assert.Equal(2, labels.Count);
        Assert.Equal(Passage(w, p1).Text, Assert.Single(labels, l => l.Label == PassageLabels.Problem).Text);
        Assert.Equal(Passage(w, p2).Text, Assert.Single(labels, l => l.Label == PassageLabels.Boilerplate).Text);

        var booked = Assert.Single(w.MailStore.MailMessages("loop"));
        Assert.Equal((MailStatus.DigestReply, 0), (booked.Status, booked.Reports));
        Assert.Equal(1, (await w.FolderAsync("Processed")));
        var confirmation = await w.ConfirmationAsync(3);
        Assert.Contains("采纳问题审核 3 条，段落标注 2 条；未采纳 0 行", confirmation.Text);
        Assert.Equal("wang@dw.test", confirmation.To);
        Assert.Equal("<reply-1@client.test>", confirmation.InReplyTo);

        // The operator's path: the same workbook, with one decision changed, dropped into data/labels/incoming.
        var (_, changed) = w.Reply(digest, new JsonObject
        {
            ["from"] = "wang@dw.test", ["message_id"] = "<unused@client.test>",
            ["reviews"] = new JsonObject
            {
                [confirm] = new JsonArray("确认", "表3合计确有错误，已通知该乡更正"),
                [dismiss] = new JsonArray("驳回", "模板允许此写法"),
                [later] = new JsonArray("确认", "该乡已承认"),
            },
            ["labels"] = new JsonObject { [p1] = "问题", [p2] = "套话" },
        });
        var incoming = Directory.CreateDirectory(Path.Combine(w.Paths.Labels, "incoming")).FullName;
        File.Copy(changed, Path.Combine(incoming, "王科长-回复.xlsx"));
        Assert.Equal(1, w.Replies.ImportDropped());
        Assert.Equal(1, await w.Replies.SendConfirmationsAsync(CancellationToken.None));
        Assert.Equal((FindingStatus.Confirmed, "该乡已承认"), Review(w, later));
        Assert.Single(Directory.GetFiles(Path.Combine(w.Paths.Labels, "imported")));
        var second = await w.ConfirmationAsync(4);
        Assert.Contains("采纳问题审核 1 条，段落标注 0 条；未采纳 0 行", second.Text);
        Assert.Contains("另有 4 行与已记录的结论相同", second.Text);
        w.Log.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task A_reply_from_another_address_with_a_wrong_token_or_to_an_unknown_message_is_refused_with_the_reason_and_applies_nothing()
    {
        await using var w = await ReplyWorld.StartAsync(seeded, smtp, mail.Server, "refused");
        var digest = await w.SendDigestAsync();
        var offered = ReplyWorld.List(digest);
        var finding = (string)offered["待确认问题"]!.AsArray()[0]!["编号"]!;
        var passage = (string)offered["待标注段落"]!.AsArray()[0]!["编号"]!;
        JsonObject Spec(string from, string id) => new()
        {
            ["from"] = from, ["message_id"] = id,
            ["reviews"] = new JsonObject { [finding] = new JsonArray("确认", "") },
            ["labels"] = new JsonObject { [passage] = "问题" },
        };
        var other = Spec("赵某 <zhao@dw.test>", "<other@client.test>");
        var token = Spec("wang@dw.test", "<token@client.test>");
        token["token"] = new string('0', 32);
        var unknown = Spec("wang@dw.test", "<unknown@client.test>");
        unknown["in_reply_to"] = "<digest.20250113.00000000000000000000@dw.test>";
        foreach (var spec in new[] { other, token, unknown }) await w.AppendAsync(w.Reply(digest, spec).Eml);

        var poll = await w.Mail.PollAsync();

        Assert.Equal((3, 3, "ok"), (poll.Messages, poll.Failed, poll.Outcome));
        var replies = w.ReplyStore.DigestReplies().ToDictionary(r => r.Key);
        Assert.All(replies.Values, r => Assert.Equal((DigestReplyStatus.Refused, 0, 0, false), (r.Status, r.Reviews, r.Labels, r.HasConfirmation)));
        Assert.Contains("not from wang@dw.test", replies["other@client.test"].Reason);
        Assert.Contains("token", replies["token@client.test"].Reason);
        Assert.Contains("name no digest", replies["unknown@client.test"].Reason);
        Assert.Null(replies["unknown@client.test"].DigestId);
        Assert.All(w.MailStore.MailMessages("refused"), m => Assert.Equal(MailStatus.Failed, m.Status));
        Assert.Contains(w.MailStore.MailMessages("refused"), m => m.Error!.Contains("digest reply refused: sent from zhao@dw.test"));
        Assert.Equal(3, await w.FolderAsync("Failed"));
        // Nothing applied: no review, no label, no confirmation (only the two digests reached the SMTP server).
        Assert.Equal((FindingStatus.Open, null), Review(w, finding));
        Assert.Empty(new LabelStore(w.Paths.Labels).LoadAll());
        Assert.Equal(2, Directory.GetFiles(w.Received, "*.eml").Length);

        // The operator sees each refusal and its reason.
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, await global::DisclosureWatch.Worker.Cli.Cli.Run(["digest", "replies", "--data", w.Paths.Root], output, error));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Contains("\trefused\t", l));
        Assert.Contains(lines, l => l.Contains("zhao@dw.test") && l.Contains("not from wang@dw.test"));
    }

    [Fact]
    public async Task The_same_reply_delivered_twice_is_applied_once_and_a_later_reply_changes_only_what_differs()
    {
        await using var w = await ReplyWorld.StartAsync(seeded, smtp, mail.Server, "twice");
        var digest = await w.SendDigestAsync();
        var rows = ReplyWorld.List(digest)["待确认问题"]!.AsArray();
        var (a, b) = ((string)rows[0]!["编号"]!, (string)rows[1]!["编号"]!);
        var (reply, _) = w.Reply(digest, new JsonObject
        {
            ["from"] = "wang@dw.test", ["message_id"] = "<twice@client.test>",
            ["reviews"] = new JsonObject { [a] = new JsonArray("确认", "第一次"), [b] = new JsonArray("驳回", "") },
        });
        await w.AppendAsync(reply);
        await w.AppendAsync(reply);

        var poll = await w.Mail.PollAsync();

        Assert.Equal((2, 0), (poll.Messages, poll.Failed));
        var recorded = Assert.Single(w.ReplyStore.DigestReplies());
        Assert.Equal((2, 0), (recorded.Reviews, recorded.Unchanged));
        var firstTime = w.ReplyStore.GetFindingReview(ReplyForm.ParseFinding(a)!.Value)!.ReviewedAt;
        Assert.Equal(2, await w.FolderAsync("Processed"));
        Assert.Contains(w.MailStore.MailMessages("twice"), m => m.Error == "applied before (the same reply read again)");
        await w.ConfirmationAsync(3);

        // A poll repeated finds nothing; a later reply to the same digest changes one decision and repeats the other.
        w.Clock.Now = w.Clock.Now.AddHours(2);
        Assert.Equal(0, (await w.Mail.PollAsync()).Messages);
        var (later, _) = w.Reply(digest, new JsonObject
        {
            ["from"] = "wang@dw.test", ["message_id"] = "<later@client.test>",
            ["reviews"] = new JsonObject { [a] = new JsonArray("确认", "第一次"), [b] = new JsonArray("确认", "改为确认") },
        });
        await w.AppendAsync(later);
        await w.Mail.PollAsync();

        var second = w.ReplyStore.DigestReplies()[0];
        Assert.Equal(("later@client.test", 1, 1), (second.Key, second.Reviews, second.Unchanged));
        Assert.Equal(firstTime, w.ReplyStore.GetFindingReview(ReplyForm.ParseFinding(a)!.Value)!.ReviewedAt); // unchanged: not rewritten
        Assert.Equal((FindingStatus.Confirmed, "改为确认"), Review(w, b));
        Assert.Contains("采纳问题审核 1 条", (await w.ConfirmationAsync(4)).Text);
        Assert.Equal(4, Directory.GetFiles(w.Received, "*.eml").Length);
    }

    [Fact]
    public async Task Bad_rows_are_named_in_the_confirmation_while_the_good_rows_are_taken()
    {
        await using var w = await ReplyWorld.StartAsync(seeded, smtp, mail.Server, "badrows");
        var digest = await w.SendDigestAsync();
        var offered = ReplyWorld.List(digest);
        var good = (string)offered["待确认问题"]!.AsArray()[0]!["编号"]!;
        var (p1, p2) = ((string)offered["待标注段落"]!.AsArray()[0]!["编号"]!, (string)offered["待标注段落"]!.AsArray()[1]!["编号"]!);
        var (reply, _) = w.Reply(digest, new JsonObject
        {
            ["from"] = "wang@dw.test", ["message_id"] = "<bad@client.test>",
            ["reviews"] = new JsonObject { [good] = new JsonArray("确认", "") },
            ["labels"] = new JsonObject { [p1] = "举措", [p2] = "好段落" },
            ["extra_reviews"] = new JsonArray(new JsonArray("F999999", "驳回", ""), new JsonArray("", "确认", "没写编号"), new JsonArray("F" + 1, "", "只写了备注")),
        });
        var extra = JsonNode.Parse(w.LastOutput)!["待确认问题"]!.AsArray().Select(n => (int)n!).ToArray();
        var labelRow = (int)offered["待标注段落"]!.AsArray()[1]!["_row"]!;
        await w.AppendAsync(reply);

        await w.Mail.PollAsync();

        var recorded = Assert.Single(w.ReplyStore.DigestReplies());
        Assert.Equal((DigestReplyStatus.Applied, 1, 1, 4), (recorded.Status, recorded.Reviews, recorded.Labels, recorded.RefusedRows));
        Assert.Equal(FindingStatus.Confirmed, Review(w, good).Status);
        Assert.Equal(PassageLabels.Measure, Assert.Single(new LabelStore(w.Paths.Labels).LoadAll()).Label);
        var text = (await w.ConfirmationAsync(3)).Text;
        Assert.Contains("采纳问题审核 1 条，段落标注 1 条；未采纳 4 行", text);
        Assert.Contains($"待确认问题 第 {extra[0]} 行（编号 F999999）：编号 F999999 不是该期周报列出的问题", text);
        Assert.Contains($"待确认问题 第 {extra[1]} 行（编号 ?）：没有编号", text);
        Assert.Contains($"待确认问题 第 {extra[2]} 行（编号 F1）：", text);
        Assert.Contains($"待标注段落 第 {labelRow} 行（编号 {p2}）：标签「好段落」不在已配置的标签中", text);

        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, await global::DisclosureWatch.Worker.Cli.Cli.Run(["digest", "replies", "--data", w.Paths.Root], output, error));
        Assert.Contains("reviews 1, labels 1, unchanged 0, rows refused 4\tconfirmation sent", output.ToString());
        Assert.Contains($"\t待确认问题 第 {extra[0]} 行 (F999999): 编号 F999999 不是该期周报列出的问题", output.ToString());
    }

    private static (string Status, string? Comment) Review(ReplyWorld w, string item) =>
        w.ReplyStore.GetFindingReview(ReplyForm.ParseFinding(item)!.Value) is { } r ? (r.Status, r.Comment) : throw new InvalidOperationException(item);

    private static StoredPassage Passage(ReplyWorld w, string item) =>
        ReplyForm.ParsePassage(item) is { } at ? w.Passages.PassageAt(at.Report, at.Position)! : throw new InvalidOperationException(item);
}

/// <summary>A seeded store, aiosmtpd, the digest job, the reply service and the mail intake of one Dovecot user.</summary>
internal sealed class ReplyWorld : IAsyncDisposable
{
    private readonly TempDir _dir;
    private readonly SmtpServer _smtp;
    private readonly DovecotServer _dovecot;
    private readonly MailAccountOptions _account;
    private int _replies;

    public DataPaths Paths { get; }
    public ReportRepository Store { get; }
    public FindingStore Findings { get; }
    public PassageStore Passages { get; }
    public DigestReplyStore ReplyStore { get; }
    public MailStore MailStore { get; }
    public ManualClock Clock { get; } = new(SeededStore.Due.AddMinutes(1));
    public LogCapture Log { get; } = new();
    public DigestService Digests { get; }
    public DigestReplyService Replies { get; }
    public MailIntakeService Mail { get; }
    public string Received { get; }
    public string LastOutput { get; private set; } = "";

    private ReplyWorld(TempDir dir, DataPaths paths, DigestStore digests, SmtpServer smtp, SmtpFixture certificates, DovecotServer dovecot, string user)
    {
        var database = digests.Database;
        (_dir, Paths, Store, _smtp, _dovecot) = (dir, paths, new ReportRepository(database), smtp, dovecot);
        (ReplyStore, MailStore) = (new DigestReplyStore(database), new MailStore(database));
        (Findings, Passages) = (new FindingStore(database), new PassageStore(database));
        var runs = new RunStore(database);
        Received = smtp.OutDir;
        var settings = DigestConfig.Read(DigestConfig.With(
            ("Smtp:Host", "127.0.0.1"), ("Smtp:Port", smtp.ImplicitPort.ToString(CultureInfo.InvariantCulture)), ("Smtp:Security", "tls"),
            ("Smtp:User", SmtpServer.User), ("Smtp:Password", SmtpServer.Password),
            ("Smtp:TrustedCaFile", certificates.Certificates.CaFile), ("Smtp:Timeout", "00:00:10")));
        var factory = LoggerFactory.Create(b => b.AddProvider(Log).SetMinimumLevel(LogLevel.Debug));
        Digests = new DigestService(settings, digests, Store, Findings, Passages, runs, paths, Clock, factory.CreateLogger<DigestService>());
        Replies = new DigestReplyService(settings, ReplyStore, digests, Passages, paths, Clock, factory.CreateLogger<DigestReplyService>());
        var analyzer = new ReportAnalyzer();
        var pipeline = new ReportPipeline(analyzer, Store, runs, new Retry(3, TimeSpan.FromMilliseconds(50)), Clock, factory.CreateLogger<ReportPipeline>());
        var intake = new MessageIntake(pipeline, MailStore, analyzer, Clock, factory.CreateLogger<MessageIntake>(), Replies);
        _account = new MailAccountOptions
        {
            Name = user, Host = "127.0.0.1", Port = dovecot.ImapsPort, Security = MailSecurity.Implicit, User = user,
            Password = DovecotServer.Password, TrustedCaFile = dovecot.Certificates.CaFile, Timeout = TimeSpan.FromSeconds(10),
        };
        Mail = new MailIntakeService(new MailOptions { Accounts = [_account] }, intake, MailStore, runs, new WorkerOptions { InstanceId = "t" }, Clock,
            factory.CreateLogger<MailIntakeService>());
    }

    public static async Task<ReplyWorld> StartAsync(SeededStore seeded, SmtpFixture smtp, DovecotServer dovecot, string user)
    {
        Tools.EnsurePackages(() => Tools.Succeeds(Tools.Python, "-c", "import openpyxl"), "python3-openpyxl");
        var (dir, paths, store) = seeded.Copy();
        var server = await SmtpServer.StartAsync(smtp.Certificates, Directory.CreateDirectory(dir["received"]).FullName);
        return new ReplyWorld(dir, paths, store, server, smtp, dovecot, user);
    }

    /// <summary>Runs the digest job; returns 王科长's digest as aiosmtpd received it.</summary>
    public async Task<string> SendDigestAsync()
    {
        Assert.Equal(2, (await Digests.RunAsync(retryNow: false, CancellationToken.None)).Sent);
        foreach (var n in new[] { 1, 2 })
        {
            var (eml, envelope) = await _smtp.ReceivedAsync(n);
            if (envelope.GetProperty("rcpt_tos")[0].GetString() == "wang@dw.test") return eml;
        }
        throw new InvalidOperationException("王科长's digest did not arrive");
    }

    public static JsonNode List(string digestEml) => JsonNode.Parse(Tools.Run(Tools.Python, Tools.FixturePath("digest_reply.py"), "list", digestEml))!;

    /// <summary>The reply Python composes from <paramref name="spec"/>: the .eml and the filled workbook beside it.</summary>
    public (string Eml, string Xlsx) Reply(string digestEml, JsonObject spec)
    {
        var n = ++_replies;
        var specFile = _dir[$"reply-{n}.json"];
        File.WriteAllText(specFile, spec.ToJsonString());
        var eml = _dir[$"reply-{n}.eml"];
        LastOutput = Tools.Run(Tools.Python, Tools.FixturePath("digest_reply.py"), "reply", digestEml, specFile, eml);
        return (eml, Path.ChangeExtension(eml, ".xlsx"));
    }

    /// <summary>APPENDs a message to the user's INBOX over IMAP.</summary>
    public async Task AppendAsync(string eml)
    {
        using var imap = await LoginAsync();
        await imap.Inbox.AppendAsync(new AppendRequest(await MimeMessage.LoadAsync(eml)));
        await imap.DisconnectAsync(true);
    }

    /// <summary>How many messages the folder holds now.</summary>
    public async Task<int> FolderAsync(string folder)
    {
        using var imap = await LoginAsync();
        var box = await imap.GetFolderAsync(folder);
        await box.OpenAsync(FolderAccess.ReadOnly);
        var count = box.Count;
        await imap.DisconnectAsync(true);
        return count;
    }

    private async Task<ImapClient> LoginAsync()
    {
        var (imap, _) = MailConnection.Create<ImapClient>(_account.Server with { ProtocolLog = null });
        await MailConnection.ConnectAsync(imap, _account.Server, ImapMailbox.MaxResponseBytes, CancellationToken.None);
        await imap.AuthenticateAsync(_account.User, DovecotServer.Password);
        return imap;
    }

    /// <summary>The n-th message aiosmtpd received, as Python's email package reads it: a confirmation.</summary>
    public async Task<(string Text, string To, string? InReplyTo)> ConfirmationAsync(int n)
    {
        var (eml, envelope) = await _smtp.ReceivedAsync(n);
        var seen = SmtpServer.Inspect(eml);
        Assert.Empty(seen.GetProperty("defects").EnumerateArray());
        var text = seen.GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("content_type").GetString() == "text/plain").GetProperty("text").GetString()!;
        var inReplyTo = (await MimeMessage.LoadAsync(eml)).InReplyTo;
        return (text, envelope.GetProperty("rcpt_tos")[0].GetString()!, inReplyTo is null ? null : $"<{inReplyTo}>");
    }

    public async ValueTask DisposeAsync()
    {
        await _smtp.DisposeAsync();
        _dir.Dispose();
    }
}
