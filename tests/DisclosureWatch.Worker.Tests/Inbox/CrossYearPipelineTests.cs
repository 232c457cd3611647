using DisclosureWatch.Core;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Storage.Runs;
using DisclosureWatch.Worker.Inbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace DisclosureWatch.Worker.Tests.Inbox;

/// <summary>A report whose organ has last year's report in the store is reviewed against it (the cross-year rules).</summary>
public sealed class CrossYearPipelineTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("dw-crossyear-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Last_years_carried_forward_is_checked_against_this_years_carried_over()
    {
        using var database = new Database(SqlDialect.Sqlite(Path.Combine(dir, "dw.db"), TimeSpan.FromSeconds(5)));
        database.Migrate(DateTime.UtcNow);
        var store = new ReportRepository(database);
        var pipeline = new ReportPipeline(new ReportAnalyzer(), store, new RunStore(database), new Retry(3, TimeSpan.FromMilliseconds(10)), TimeProvider.System, NullLogger.Instance);

        var seed = File.ReadAllText(TestPaths.Seeds[0]); // 河曲县社梁乡人民政府, 2024, nothing carried over
        var lastYear = seed.Replace("2024", "2023").Replace("2025", "2024")
            .Replace("四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0", "四、结转下年度继续办理\t\t2\t0\t0\t0\t0\t0\t2");
        Assert.NotEqual(seed.Replace("2024", "2023").Replace("2025", "2024"), lastYear);
        File.WriteAllText(Path.Combine(dir, "2023.txt"), lastYear);
        File.Copy(TestPaths.Seeds[0], Path.Combine(dir, "2024.txt"));

        var first = Assert.Single(pipeline.Process([FileWork.At(Path.Combine(dir, "2023.txt"), DateTime.UtcNow)], "test", recovered: false, CancellationToken.None));
        Assert.Equal(Outcome.Stored, first.Outcome);
        Assert.DoesNotContain(store.GetReport(first.ReportId!.Value)!.Findings, f => f.Rule.StartsWith("crossyear.", StringComparison.Ordinal));

        var second = Assert.Single(pipeline.Process([FileWork.At(Path.Combine(dir, "2024.txt"), DateTime.UtcNow)], "test", recovered: false, CancellationToken.None));
        Assert.Equal(Outcome.Stored, second.Outcome);
        var finding = Assert.Single(store.GetReport(second.ReportId!.Value)!.Findings, f => f.Rule == "crossyear.carryover");
        Assert.Contains("2", finding.Evidence);
        Assert.Contains(store.GetReport(second.ReportId!.Value)!.Findings, f => f.Rule == "crossyear.repeated-text");
    }
}
