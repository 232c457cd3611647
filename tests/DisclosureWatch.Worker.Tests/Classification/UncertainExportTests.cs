using System.Globalization;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Passages;
using DisclosureWatch.Tests;
using DisclosureWatch.Worker.Classification;
using DisclosureWatch.Worker.Csv;

namespace DisclosureWatch.Worker.Tests.Classification;

/// <summary>With calibrated confidences, "least sure" means something: the export picks passages under 0.8.</summary>
public sealed class UncertainExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dw-uncertain-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Labels_export_from_the_store_returns_the_passages_under_080_confidence()
    {
        var data = Path.Combine(_dir, "data");
        var (code, _, err) = await Run(["ingest", "--data", data, .. TestPaths.Seeds]);
        Assert.True(code == 0, err);
        using var database = new Database(SqlDialect.Sqlite(Path.Combine(data, "dw.db"), TimeSpan.FromSeconds(5)));
        var store = new PassageStore(database);
        var unsure = store.LeastConfidentPassages(10_000).Count(p => p.Confidence < 0.8);
        // The shipped model's calibrated confidence is below 0.8 somewhere in five real reports (the uncalibrated one
        // said 0.99 for nearly everything).
        Assert.True(unsure > 0, "no stored passage under 0.8 confidence");

        var csv = Path.Combine(_dir, "uncertain.csv");
        (code, _, err) = await Run(["labels", "export", "--uncertain", "20", "--data", data, "--out", csv]);
        Assert.True(code == 0, err);
        var rows = CsvFile.Read(csv).Rows;
        Assert.Equal(Math.Min(20, store.LeastConfidentPassages(10_000).Count), rows.Count);
        var confidence = Array.IndexOf(UncertainPassages.Header, "confidence");
        var exported = rows.Select(r => double.Parse(r[confidence], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Math.Min(20, unsure), exported.Count(c => c < 0.8));
        Assert.Equal(exported.Order().ToList(), exported);
    }

    private static async Task<(int Code, string Out, string Err)> Run(string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await global::DisclosureWatch.Worker.Cli.Cli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }
}
