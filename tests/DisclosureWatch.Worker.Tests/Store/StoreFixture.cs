using DisclosureWatch.Core;
using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Reports;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Findings;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Store;
using DisclosureWatch.Worker.Tests.Hosting;

namespace DisclosureWatch.Worker.Tests.Store;

/// <summary>A data directory with a SQLite store holding two reports with findings, as the worker would have left it.</summary>
public sealed class StoredReports : IDisposable
{
    public TempDir Dir { get; } = new();
    public string Data => Dir["data"];
    public ReportRepository Store { get; }
    public FindingStore Findings { get; }

    public StoredReports()
    {
        var paths = new DataPaths(Data, "t").EnsureCreated();
        Store = new ReportRepository(new Database(SqlDialect.Sqlite(paths.Database, TimeSpan.FromSeconds(2))));
        Store.Database.Migrate(DateTime.UtcNow);
        Findings = new FindingStore(Store.Database);
        Store.Save(
        [
            Report("1111", "河曲县社梁乡人民政府", 2024,
                new Finding("t3.identity", Severity.Error, "表三：本年新收申请数与办理结果合计不一致", "3 ≠ 1+1", 3),
                new Finding("section.missing", Severity.Warning, "缺少“六、其他需要报告的事项”", "")),
            Report("2222", "偏关县人民政府", 2023, new Finding("t2.fees", Severity.Info, "行政事业性收费为空", "fees: ", 2)),
        ], new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc));
    }

    private static NewReport Report(string sha, string organ, int year, params Finding[] findings) =>
        new(sha, $"{sha}.txt", "inbox", new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc),
            new DisclosureWatch.Core.Analysis(new AnnualReport
            {
                Organ = organ,
                Year = year,
                Sections = [new Section(1, "一、总体情况", "一、", "总体情况", "……", 3)],
            }, findings, []));

    public void Dispose() => Dir.Dispose();
}
