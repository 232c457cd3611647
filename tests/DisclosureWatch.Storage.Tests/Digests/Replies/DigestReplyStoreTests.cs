using DisclosureWatch.Storage.Digests;
using DisclosureWatch.Storage.Digests.Replies;
using DisclosureWatch.Storage.Findings;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Tests.Shared;

namespace DisclosureWatch.Storage.Tests.Digests.Replies;

/// <summary>Digest replies in the store, the same on SQLite and a real PostgreSQL (migration 5).</summary>
public abstract class DigestReplyStoreContract
{
    /// <summary>A new, empty database (no schema yet).</summary>
    protected abstract Database NewEmptyDatabase();

    private static readonly DateTime T0 = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    private (DigestReplyStore Store, ReportRepository Reports, long Finding, RepliedDigest Digest) Seeded()
    {
        var database = NewEmptyDatabase();
        database.Migrate(T0);
        var reports = new ReportRepository(database);
        var report = reports.Save([new NewReport("r1r1r1r1", "r1.txt", "test", T0, StoreContractTests.SampleAnalysis())], T0).Single()!.Value;
        var finding = new FindingStore(database).FindingsOf([report])[report][0].Id;
        var store = new DigestReplyStore(database);
        new DigestStore(database).AddDigest(new NewDigest("k1", "王科长", "wang@dw.test", new DateOnly(2026, 2, 23), new DateOnly(2026, 3, 2), "digest.1@dw.test",
            "周报", [1, 2, 3], T0, "tok-1"));
        return (store, reports, finding, store.DigestByToken("tok-1")!);
    }

    [Fact]
    public void A_reply_is_applied_once_under_its_key_and_a_later_one_changes_only_what_differs()
    {
        var (store, reports, finding, digest) = Seeded();
        Assert.Equal(digest.Id, store.DigestByMessageId(["other@x", "digest.1@dw.test"])!.Id);
        Assert.Null(store.DigestByMessageId(["other@x"]));
        Assert.Null(store.DigestByToken("tok-2"));
        ReplyRow Review(string status, string? comment) => new("待确认问题", 2, $"F{finding}", ReplyRow.Review, finding, status, comment, null);
        var label = new ReplyRow("待标注段落", 2, "P1-0", ReplyRow.Label, null, "problem", null, null);
        var refused = new ReplyRow("待确认问题", 3, "F999", ReplyRow.Review, 999, null, null, "编号 F999 不是该期周报列出的问题");
        NewDigestReply Reply(string key, DateTime at) => new(key, digest.Id, "mail", "wang@dw.test", at, DigestReplyStatus.Applied, null);

        var first = store.ApplyDigestReply(Reply("m1@x", T0), "王科长 <wang@dw.test>", [Review(FindingStatus.Confirmed, "对"), label, refused]);
        var again = store.ApplyDigestReply(Reply("m1@x", T0.AddHours(1)), "王科长 <wang@dw.test>", [Review(FindingStatus.Dismissed, "错")]);

        Assert.Equal([ReplyRowOutcome.Taken, ReplyRowOutcome.Taken, ReplyRowOutcome.Refused], first!.Value.Rows.Select(r => r.Outcome));
        Assert.Null(again);
        Assert.Equal(new FindingReview(finding, FindingStatus.Confirmed, "对", T0, "王科长 <wang@dw.test>"), store.GetFindingReview(finding));
        Assert.Equal(ReportStatus.InReview, reports.ListReports(new ReportFilter()).Single().Status); // the other finding is open

        var later = store.ApplyDigestReply(Reply("m2@x", T0.AddDays(1)), "王科长 <wang@dw.test>",
            [Review(FindingStatus.Confirmed, "对"), label with { Value = "measure" }]);
        Assert.Equal([ReplyRowOutcome.Unchanged, ReplyRowOutcome.Taken], later!.Value.Rows.Select(r => r.Outcome));
        Assert.Equal(T0, store.GetFindingReview(finding)!.ReviewedAt);
        var recorded = store.DigestReplies();
        Assert.Equal([("m2@x", 0, 1, 1, 0), ("m1@x", 1, 1, 0, 1)], recorded.Select(r => (r.Key, r.Reviews, r.Labels, r.Unchanged, r.RefusedRows)));
        Assert.Equal([("待确认问题", 2, $"F{finding}", ReplyRowOutcome.Unchanged), ("待标注段落", 2, "P1-0", ReplyRowOutcome.Taken)],
            store.DigestReplyRows(later.Value.ReplyId).Select(r => (r.Sheet, r.RowNumber, r.Item, r.Outcome)));

        // The confirmation waits until it is sent.
        store.SetReplyConfirmation(later.Value.ReplyId, [7, 8]);
        Assert.Equal([(later.Value.ReplyId, "wang@dw.test")], store.PendingReplyConfirmations().Select(p => (p.Id, p.Address)));
        store.MarkReplyConfirmation(later.Value.ReplyId, null, "421 try later");
        Assert.Single(store.PendingReplyConfirmations());
        store.MarkReplyConfirmation(later.Value.ReplyId, T0.AddDays(1), null);
        Assert.Empty(store.PendingReplyConfirmations());
    }

    [Fact]
    public void A_refused_reply_is_recorded_with_its_reason_and_changes_nothing()
    {
        var (store, _, finding, _) = Seeded();
        var refused = store.ApplyDigestReply(new NewDigestReply("x@y", null, "mail", "zhao@dw.test", T0, DigestReplyStatus.Refused, "names no digest"), "", []);
        Assert.Empty(refused!.Value.Rows);
        var r = Assert.Single(store.DigestReplies());
        Assert.Equal((DigestReplyStatus.Refused, "names no digest", (long?)null), (r.Status, r.Reason, r.DigestId));
        Assert.Equal(FindingStatus.Open, store.GetFindingReview(finding)!.Status);
        Assert.True(store.DigestReplyExists("x@y"));
    }
}

public sealed class SqliteDigestReplyStoreTests : DigestReplyStoreContract, IDisposable
{
    private readonly SqliteDatabases _databases = new();
    protected override Database NewEmptyDatabase() => _databases.New();
    public void Dispose() => _databases.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresDigestReplyStoreTests(PostgresServer server) : DigestReplyStoreContract
{
    protected override Database NewEmptyDatabase() => new(SqlDialect.Postgres(server.CreateDatabase()));
}
