using DisclosureWatch.Storage.Runs;
using System.Text.Json;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Models;
using DisclosureWatch.Worker.Classification;
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace DisclosureWatch.Worker.Tests.Classification;

/// <summary>The worker's retraining: dropped label files are imported, a better model is promoted, recorded and used at once.</summary>
public sealed class RetrainServiceTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("dw-retrain-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static string Line(string text, string label, int section) =>
        JsonSerializer.Serialize(new { text, label, section }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    [Fact]
    public void Dropped_labels_are_imported_and_a_promoted_model_is_recorded_and_used_while_corrupted_labels_are_refused()
    {
        var paths = new DataPaths(root, "test").EnsureCreated();
        using var database = new Database(SqlDialect.Sqlite(paths.Database, TimeSpan.FromSeconds(5)));
        database.Migrate(DateTime.UtcNow);
        var store = new ModelVersionStore(database);
        var shipped = ModelFiles.Load(ModelFiles.FindShipped()!);
        var live = new LiveClassifier(shipped);
        var settings = new RetrainSettings { TrainingData = Path.Combine(TestPaths.RepoRoot, "training-data") };
        var service = new RetrainService(paths, settings, store, new RunStore(database), live, TimeProvider.System, NullLogger<RetrainService>.Instance);

        Directory.CreateDirectory(service.Incoming);
        File.WriteAllLines(Path.Combine(service.Incoming, "week47.jsonl"),
        [
            Line("本年度未发生因政府信息公开引起的行政复议和行政诉讼案件。", "boilerplate", 4),
            Line("政务公开工作人员多为兼职，业务能力有待提升。", "problem", 5),
            Line("2025年，将定期组织开展业务培训，提高工作人员业务水平。", "improvement", 5),
            Line("本年度无其他需要报告的事项。", "boilerplate", 6),
        ]);
        File.WriteAllText(Path.Combine(service.Incoming, "broken.csv"), "this is not\"a labels, file\n\"unterminated");

        var result = service.Retrain();
        Assert.Equal("promoted", result.Outcome);
        Assert.False(File.Exists(Path.Combine(service.Incoming, "week47.jsonl")));
        Assert.Single(Directory.GetFiles(Path.Combine(paths.Labels, "imported")));
        Assert.Contains(Directory.GetFiles(Path.Combine(paths.Labels, "failed")), f => f.EndsWith("broken.csv.error.txt", StringComparison.Ordinal));
        var promoted = Assert.Single(store.ModelVersions(), v => v.Promoted);
        Assert.Equal(result.Version, promoted.Id);
        Assert.Equal(result.Version, live.Version);
        Assert.NotEqual(shipped.Version, live.Version);

        Assert.Equal("unchanged", service.Retrain().Outcome); // same labelled data: nothing to do

        // A week of deliberately wrong labels: the candidate is worse on the held-out reports and is not promoted.
        var labels = new[] { "problem", "improvement", "measure", "boilerplate" };
        var corrupted = File.ReadLines(Path.Combine(settings.TrainingData, "hand-townships.jsonl")).Take(900)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => Line(e.GetProperty("text").GetString()!, labels[(Array.IndexOf(labels, e.GetProperty("label").GetString()) + 1) % 4],
                e.TryGetProperty("section", out var s) ? s.GetInt32() : 0));
        File.WriteAllLines(Path.Combine(service.Incoming, "wrong.jsonl"), corrupted);
        var refused = service.Retrain();
        Assert.Equal("rejected", refused.Outcome);
        Assert.Equal(promoted.Id, live.Version);
        Assert.Equal(2, store.ModelVersions().Count);
        Assert.Equal(promoted.Id, Assert.Single(store.ModelVersions(), v => v.Promoted).Id);
    }
}
