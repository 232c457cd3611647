using System.Text.Json;
using DisclosureWatch.Core.Classification;
using DisclosureWatch.Worker.Classification;
using DisclosureWatch.Worker.Cli;
using DisclosureWatch.Worker.Csv;

namespace DisclosureWatch.Worker.Tests.Classification;

/// <summary>The retraining loop on real files in a temporary folder: export, correct, import, retrain, rollback.</summary>
public sealed class RetrainingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dw-retrain-").FullName;
    private string Base => Path.Combine(_dir, "base");
    private string Labels => Path.Combine(_dir, "labels");
    private string Models => Path.Combine(_dir, "models");

    public RetrainingTests()
    {
        // A smaller base than the shipped one keeps the test quick and leaves the model something to learn.
        Directory.CreateDirectory(Base);
        var root = Root();
        File.Copy(Path.Combine(root, "training-data", "handwritten.jsonl"), Path.Combine(Base, "handwritten.jsonl"));
        var synthetic = File.ReadAllLines(Path.Combine(root, "training-data", "src", "synthetic.jsonl"));
        File.WriteAllLines(Path.Combine(Base, "synthetic.jsonl"), synthetic.Where((_, i) => i % 4 == 0));
        File.WriteAllLines(Path.Combine(_dir, "unused-synthetic.jsonl"), synthetic.Where((_, i) => i % 4 == 1));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // The base here is small (a quarter of the synthetic passages), so a model of it moves by a regression passage or
    // two (0.02-0.03 of a label's F1) on any retrain; the loop test gives the gate that much room, the gate's own tests do not.
    private ModelRetrainer Retrainer(double? cvTolerance = null, double tolerance = 0.02) => new(new RetrainOptions(Base, Labels, Models, tolerance)
    {
        RegressionSet = Path.Combine(Root(), "training-data", "test", "regression"),
        CvTolerance = cvTolerance,
    });

    private static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, "training-data"))) return d.FullName;
        throw new DirectoryNotFoundException("training-data/");
    }

    [Fact]
    public async Task Export_correct_import_retrain_gives_the_corrected_passages_their_labels_and_rollback_goes_back()
    {
        var first = Retrainer().Run();
        Assert.Equal("promoted", first.Outcome);
        Assert.Equal("unchanged", Retrainer().Run().Outcome); // same data, same fingerprint: nothing to do
        var store = new ModelStore(Models);
        var baseline = ModelFiles.Load(store.CurrentPath()!);

        // Supervisors get the passages of a new report the model is least sure of...
        var truth = File.ReadAllLines(Path.Combine(Root(), "training-data", "test", "regression", "style-test.jsonl"))
            .Select(l => SampleJson.Parse(l)).ToDictionary(s => s.Text, s => s.Label);
        var report = Path.Combine(_dir, "report-passages.jsonl");
        File.WriteAllLines(report, File.ReadAllLines(Path.Combine(Root(), "training-data", "test", "regression", "style-test.jsonl"))
            .Select(l => { var s = SampleJson.Parse(l); return SampleJson.Write(s with { Label = "" }); }));
        var csv = Path.Combine(_dir, "uncertain.csv");
        var (code, _, err) = await Run(["labels", "export", "--uncertain", "40", "--model", store.CurrentPath()!, "--out", csv, report]);
        Assert.True(code == 0, err);
        var exported = CsvFile.Read(csv);
        Assert.Equal(UncertainPassages.Header, exported.Header);
        Assert.Equal(40, exported.Rows.Count);

        // ...and fill in the label column (the CSV goes through Excel-style quoting both ways).
        var text = exported.Column("text");
        var predicted = exported.Column("predicted");
        var wrong = exported.Rows.Where(r => r[predicted] != truth[r[text]]).Select(r => r[text]).ToList();
        Assert.NotEmpty(wrong); // the export must contain passages the baseline gets wrong, or this test proves nothing
        foreach (var r in exported.Rows) r[^1] = truth[r[text]];
        CsvFile.Write(csv, exported.Header, exported.Rows);
        (code, var output, err) = await Run(["labels", "import", "--labels-dir", Labels, csv]);
        Assert.True(code == 0, err);
        Assert.Contains("imported 40", output);

        var second = Retrainer(tolerance: 0.05).Run();
        Assert.True(second.Outcome == "promoted", second.Message);
        var retrained = ModelFiles.Load(store.CurrentPath()!);
        Assert.NotEqual(baseline.Version, retrained.Version);
        foreach (var t in wrong)
        {
            var s = SampleJson.Parse(File.ReadAllLines(report).First(l => l.Contains(JsonSerializer.Serialize(t, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).Trim('"'))), requireLabel: false);
            Assert.Equal(truth[t], retrained.Predict(t, s.Section).Label);
        }

        Assert.Equal(baseline.Version, store.Rollback(DateTimeOffset.UnixEpoch));
        Assert.Equal(baseline.Version, store.CurrentVersion());
        Assert.Equal(ModelStore.Shipped, store.Rollback(DateTimeOffset.UnixEpoch)); // before the first promotion: shipped
        Assert.Null(store.CurrentVersion());
        Assert.Null(store.Rollback(DateTimeOffset.UnixEpoch)); // nothing before the shipped model
        Assert.Equal(["promoted", "promoted", "rollback", "rollback"], store.History().Select(e => e.Action));
        // `dw model list` (its --data names the data directory, whose models/ this is): a rollback trains nothing, so
        // it shows where it went back to, never "samples 0".
        var (listed, list, listError) = await Run(["model", "list", "--data", _dir]);
        Assert.True(listed == 0, listError);
        var rollbacks = list.Split('\n').Where(l => l.Contains(" rollback ")).ToList();
        Assert.Equal(2, rollbacks.Count);
        Assert.All(rollbacks, l => Assert.Matches(@"rollback +\d{4}-\d\d-\d\d \d\d:\d\d +back to ", l));
        Assert.Equal("unchanged", Retrainer().Run().Outcome); // a rolled-back model is not promoted again on the same data
    }

    [Fact]
    public async Task A_model_trained_on_corrupted_labels_is_not_promoted()
    {
        Assert.Equal("promoted", Retrainer().Run().Outcome);
        var store = new ModelStore(Models);
        var before = store.CurrentVersion();

        // Someone imports a file where every label is shifted: improvements called measures, measures problems …
        var shift = new Dictionary<string, string> { ["improvement"] = "measure", ["measure"] = "problem", ["problem"] = "boilerplate", ["boilerplate"] = "improvement" };
        var bad = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllLines(bad, File.ReadAllLines(Path.Combine(_dir, "unused-synthetic.jsonl")).Take(600)
            .Select(l => SampleJson.Parse(l)).Select(s => SampleJson.Write(s with { Label = shift[s.Label] })));
        var (code, _, err) = await Run(["labels", "import", "--labels-dir", Labels, bad]);
        Assert.True(code == 0, err);

        var result = Retrainer().Run();
        Assert.Equal("rejected", result.Outcome);
        Assert.True(result.CandidateCv < result.ReferenceCv - 0.02, result.Message);
        Assert.Equal(before, store.CurrentVersion());
        Assert.Equal(["promoted", "rejected"], store.History().Select(e => e.Action));
    }

    [Fact]
    public async Task A_drop_on_the_regression_set_blocks_promotion_by_itself()
    {
        Assert.Equal("promoted", Retrainer().Run().Outcome);
        var store = new ModelStore(Models);
        var before = store.CurrentVersion();

        // A supervisor calls some of the seed reports' boilerplate "measure". With the cross-validation gate opened wide,
        // the regression set (which holds those reports) alone shows the damage and refuses the candidate.
        var seeds = Path.Combine(Root(), "training-data", "test", "regression", "seeds.jsonl");
        var relabelled = File.ReadAllLines(seeds).Select(l => SampleJson.Parse(l)).Where(s => s.Label == "boilerplate")
            .Take(12).Select(s => SampleJson.Write(s with { Label = "measure" })).ToList();
        Assert.Equal(12, relabelled.Count);
        var file = Path.Combine(_dir, "relabelled.jsonl");
        File.WriteAllLines(file, relabelled);
        var (code, _, err) = await Run(["labels", "import", "--labels-dir", Labels, file]);
        Assert.True(code == 0, err);

        var result = Retrainer(cvTolerance: 1.0).Run();
        Assert.Equal("rejected", result.Outcome);
        Assert.DoesNotContain("cv", result.Drops);
        Assert.Contains("boilerplate", result.Drops);
        Assert.Contains("regression-set F1 of boilerplate", result.Message);
        Assert.Equal(before, store.CurrentVersion());
    }

    [Fact]
    public async Task Importing_a_file_without_text_and_label_columns_is_a_clear_error()
    {
        var csv = Path.Combine(_dir, "x.csv");
        File.WriteAllText(csv, "a,b\n1,2\n");
        var (code, _, err) = await Run(["labels", "import", "--labels-dir", Labels, csv]);
        Assert.Equal(1, code);
        Assert.Contains("x.csv", err);
        Assert.Contains("\"label\"", err);
    }

    private static async Task<(int Code, string Out, string Err)> Run(string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await global::DisclosureWatch.Worker.Cli.Cli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }
}
