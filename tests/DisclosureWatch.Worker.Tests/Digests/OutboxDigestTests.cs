using DisclosureWatch.Worker.Tests.Mail.Infra;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Digests;
using DisclosureWatch.Worker.Digests;
using DisclosureWatch.Worker.Tests.Hosting;

namespace DisclosureWatch.Worker.Tests.Digests;

/// <summary>Without SMTP settings (the embedded default) digests are .eml files in the outbox folder, still exactly once.</summary>
public sealed class OutboxDigestTests(SeededStore seeded) : IClassFixture<SeededStore>, IDisposable
{
    private readonly List<IDisposable> _cleanup = [];

    [Fact]
    public async Task Each_supervisor_gets_one_eml_per_period_however_often_and_however_late_the_job_runs()
    {
        var (dir, paths, store) = seeded.Copy();
        _cleanup.Add(dir);
        var settings = DigestConfig.Read(DigestConfig.Supervisors);
        Assert.Null(settings.Smtp);
        var logs = new LogCapture();
        // The worker was down on Monday morning and comes back on Thursday: the missed period goes out now.
        var clock = new ManualClock(SeededStore.Due.AddDays(3));
        var service = DigestConfig.Service(settings, store, paths, clock, logs);

        Assert.Equal(new DigestRunResult(2, 2, 0, 0), await service.RunAsync(false, CancellationToken.None));
        Assert.Equal(new DigestRunResult(0, 0, 0, 0), await service.RunAsync(false, CancellationToken.None));
        Assert.Equal(["digest-2025-01-13至01-19-li@dw.test.eml", "digest-2025-01-13至01-19-wang@dw.test.eml"], Outbox(paths.Outbox));

        var wang = SmtpServer.Inspect(Path.Combine(paths.Outbox, "digest-2025-01-13至01-19-wang@dw.test.eml"));
        Assert.Empty(wang.GetProperty("defects").EnumerateArray());
        Assert.StartsWith("政务公开年报周报 2025-01-13至01-19：收到6份", wang.GetProperty("subject").GetString());
        var li = SmtpServer.Inspect(Path.Combine(paths.Outbox, "digest-2025-01-13至01-19-li@dw.test.eml"));
        Assert.StartsWith("政务公开年报周报 2025-01-13至01-19：收到2份", li.GetProperty("subject").GetString()); // 河曲县 only: the seed and its correction

        // The next Monday: the next period, holding the one report received that week.
        clock.Now = SeededStore.Due.AddDays(7);
        Assert.Equal(new DigestRunResult(2, 2, 0, 0), await service.RunAsync(false, CancellationToken.None));
        Assert.Equal(4, Outbox(paths.Outbox).Length);
        Assert.StartsWith("政务公开年报周报 2025-01-20至01-26：收到1份",
            SmtpServer.Inspect(Path.Combine(paths.Outbox, "digest-2025-01-20至01-26-wang@dw.test.eml")).GetProperty("subject").GetString());
        Assert.Equal(4, store.Digests().Count(d => d.Status == DigestStatus.Sent));
        logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public void After_downtime_the_digest_waits_for_inbox_files_of_its_period_to_be_read_at_most_an_hour()
    {
        var settings = DigestConfig.Read(DigestConfig.Supervisors);
        (DigestService Service, string File) Worker()
        {
            var (dir, paths, store) = seeded.Copy();
            _cleanup.Add(dir);
            var friday = Path.Combine(paths.Inbox, "dropped-on-friday.txt"); // written in the period, not read yet
            File.WriteAllText(friday, "……");
            File.SetLastWriteTimeUtc(friday, new DateTime(2025, 1, 17, 2, 0, 0, DateTimeKind.Utc));
            File.WriteAllText(Path.Combine(paths.Inbox, "~$draft.docx"), ""); // ignored by the inbox, so not waited for
            return (DigestConfig.Service(settings, store, paths, TimeProvider.System), friday);
        }

        var (back, file) = Worker();
        Assert.Equal(0, back.Schedule(SeededStore.Due.AddMinutes(1)));
        File.Delete(file); // the inbox job read it
        Assert.Equal(2, back.Schedule(SeededStore.Due.AddMinutes(2)));

        var (stuck, _) = Worker();
        Assert.Equal(0, stuck.Schedule(SeededStore.Due + DigestService.InboxWait - TimeSpan.FromSeconds(1)));
        Assert.Equal(2, stuck.Schedule(SeededStore.Due + DigestService.InboxWait)); // built without it
    }

    [Fact]
    public async Task Two_workers_sharing_the_store_record_and_write_each_digest_once()
    {
        var (dir, paths, store) = seeded.Copy();
        _cleanup.Add(dir);
        var settings = DigestConfig.Read(DigestConfig.Supervisors);
        var clock = new ManualClock(SeededStore.Due);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            DigestConfig.Service(settings, store, paths, clock).RunAsync(false, CancellationToken.None))));

        Assert.Equal(2, results.Sum(r => r.Sent));
        Assert.Equal(2, store.Digests().Count);
        Assert.All(store.Digests(), d => Assert.Equal((DigestStatus.Sent, 1), (d.Status, d.Attempts)));
        Assert.Equal(2, Outbox(paths.Outbox).Length);
    }

    [Fact]
    public async Task A_digest_being_sent_elsewhere_is_left_alone_until_its_lock_runs_out_even_by_send_now()
    {
        var (dir, paths, store) = seeded.Copy();
        _cleanup.Add(dir);
        var settings = DigestConfig.Read(DigestConfig.Supervisors);
        var clock = new ManualClock(SeededStore.Due);
        var service = DigestConfig.Service(settings, store, paths, clock);
        Assert.Equal(2, service.Schedule(clock.Now));
        // Another worker took 王科长's digest and crashed while sending it.
        var wang = store.DueDigests(clock.Now.UtcDateTime).Single(d => d.Address == "wang@dw.test");
        Assert.True(store.ClaimDigest(wang, clock.Now.UtcDateTime, (clock.Now + DigestService.Lease).UtcDateTime));
        Assert.False(store.ClaimDigest(wang, clock.Now.UtcDateTime, (clock.Now + DigestService.Lease).UtcDateTime)); // taken

        Assert.Equal(new DigestRunResult(0, 1, 0, 0), await service.RunAsync(retryNow: true, CancellationToken.None));
        Assert.Equal(["digest-2025-01-13至01-19-li@dw.test.eml"], Outbox(paths.Outbox));

        clock.Now += DigestService.Lease;
        Assert.Equal(new DigestRunResult(0, 1, 0, 0), await service.RunAsync(retryNow: false, CancellationToken.None));
        Assert.Equal(2, Outbox(paths.Outbox).Length);
        Assert.Equal((DigestStatus.Sent, 2), store.Digests().Where(d => d.Address == "wang@dw.test").Select(d => (d.Status, d.Attempts)).Single());
    }

    private static string[] Outbox(string folder) => Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public void Dispose()
    {
        foreach (var c in _cleanup) c.Dispose();
    }
}
