using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Core;
using DisclosureWatch.Storage;
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Inbox;
using DisclosureWatch.Worker.Tests.Hosting;

namespace DisclosureWatch.Worker.Tests.Inbox;

/// <summary>The pipeline's stream (channels between hashing, the analysis workers and the writer) with real files and a real store.</summary>
public sealed class ReportPipelineTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly Database _database;
    private readonly ReportRepository _store;
    private readonly ReportPipeline _pipeline;

    public ReportPipelineTests()
    {
        _database = new Database(SqlDialect.Sqlite(_dir["dw.db"], TimeSpan.FromSeconds(2)));
        _database.Migrate(DateTime.UtcNow);
        _store = new ReportRepository(_database);
        _pipeline = PipelineBuilder.Build(_database, new ReportAnalyzer(), new InboxOptions { MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(10) }, TimeProvider.System);
    }

    /// <summary>Report k of the synthetic set, as a file of its own; "notice" files are no report.</summary>
    private FileWork File(string name, int k = 0)
    {
        var path = _dir[name];
        System.IO.File.WriteAllText(path, name.StartsWith("notice", StringComparison.Ordinal) ? "会议通知\n请各单位准时参加。\n" : Synthetic.Text(k));
        return FileWork.At(path, DateTime.UtcNow);
    }

    private static readonly SyntheticReports Synthetic = SyntheticReports.FromSeedFolder(Seeds.Folder);

    [Fact]
    public void Every_batch_is_committed_once_in_order_with_each_files_outcome_and_the_inputs_stay_unchanged()
    {
        var batches = Enumerable.Range(0, 6).Select(b => (IReadOnlyList<FileWork>)
            [File($"{b}-a.txt", 2 * b), File($"{b}-b.txt", 2 * b + 1), File($"notice-{b}.txt"), File($"{b}-copy.txt", 2 * b)]).ToList();
        var committed = new List<IReadOnlyList<FileResult>>();

        _pipeline.Run(batches, recovered: false, "test", committed.Add, CancellationToken.None);

        Assert.Equal(batches.Select(b => b.Select(f => f.Path)), committed.Select(c => c.Select(r => r.Path)));
        foreach (var batch in committed)
        {
            Assert.Equal([Outcome.Stored, Outcome.Stored, Outcome.Failed, Outcome.Duplicate], batch.Select(r => r.Outcome));
            Assert.All(batch, r => Assert.Null(r.Analysis)); // let go at the commit
            Assert.Equal(batch[0].ReportId, batch[3].ReportId); // the copy names the stored original
            Assert.Contains(ReportPipeline.NotAReport, batch[2].Error);
        }
        Assert.Equal(12, _store.CountReports());
        Assert.All(batches.SelectMany(b => b), f => Assert.True(System.IO.File.Exists(f.Path))); // the pipeline moves no file
    }

    [Fact]
    public void A_failed_commit_stops_the_run_commits_no_later_batch_and_is_thrown_to_the_caller()
    {
        var batches = Enumerable.Range(0, 8).Select(b => (IReadOnlyList<FileWork>)[File($"{b}.txt", b)]).ToList();
        var committed = new List<string>();
        var read = 0;

        var error = Assert.Throws<InvalidOperationException>(() => _pipeline.Run(batches.Select(b => { read++; return b; }), recovered: false, "test",
            c => committed.Add(c[0].Name), CancellationToken.None,
            beforeCommit: c => c[0].Name == "2.txt" ? throw new InvalidOperationException("lease lost") : c));

        Assert.Equal("lease lost", error.Message);
        Assert.Equal(["0.txt", "1.txt"], committed);
        Assert.Equal(2, _store.CountReports());
        Assert.True(read <= 2 + 1 + ReportPipeline.BatchesAhead, $"{read} batches read"); // nothing more claimed than the batches in flight
    }

    [Fact]
    public void A_stop_request_admits_no_further_batch_but_commits_those_admitted()
    {
        using var stop = new CancellationTokenSource();
        var batches = Enumerable.Range(0, 8).Select(b => (IReadOnlyList<FileWork>)[File($"{b}.txt", b)]).ToList();
        var read = 0;
        var committed = new List<string>();

        _pipeline.Run(batches.Select(b => { if (++read == 3) stop.Cancel(); return b; }), recovered: false, "test", c => committed.Add(c[0].Name), stop.Token);

        Assert.Equal(["0.txt", "1.txt", "2.txt"], committed);
        Assert.Equal(3, read);
    }

    [Fact]
    public void A_move_never_replaces_a_file_and_tells_a_vanished_source()
    {
        var a = _dir["a.txt"];
        var b = _dir["b.txt"];
        System.IO.File.WriteAllText(a, "a");
        System.IO.File.WriteAllText(b, "b");

        Assert.Equal(InboxListing.MoveResult.TargetExists, InboxListing.Move(a, b));
        Assert.Equal(("a", "b"), (System.IO.File.ReadAllText(a), System.IO.File.ReadAllText(b)));
        Assert.Equal(InboxListing.MoveResult.Moved, InboxListing.Move(a, _dir["c.txt"]));
        Assert.Equal(InboxListing.MoveResult.SourceGone, InboxListing.Move(a, _dir["d.txt"]));
        Assert.Throws<DirectoryNotFoundException>(() => InboxListing.Move(b, _dir["missing/b.txt"]));
    }

    public void Dispose()
    {
        _database.Dispose();
        _dir.Dispose();
    }
}
