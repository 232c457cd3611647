using DisclosureWatch.Core.Classification;

namespace DisclosureWatch.Core.Tests.Classification;

public class ModelTrainerTests
{
    private static List<LabeledSample> Subset() =>
        RepoFiles.Samples("training-data/handwritten.jsonl").Concat(RepoFiles.Samples("training-data/src/synthetic.jsonl").Where((_, i) => i % 5 == 0)).ToList();

    [Fact]
    public void Two_trainings_on_the_same_data_give_byte_identical_model_files()
    {
        var data = Subset();
        var a = ModelTrainer.TrainAndEvaluate(data, new TrainerOptions { Folds = 3 }).Model.ToBytes();
        var b = ModelTrainer.TrainAndEvaluate(data, new TrainerOptions { Folds = 3 }).Model.ToBytes();
        Assert.Equal(a, b);
        var other = ModelTrainer.Fit(data, new TrainerOptions { Seed = 7 }).ToBytes();
        Assert.NotEqual(ModelTrainer.Fit(data, new TrainerOptions()).ToBytes(), other);
    }

    [Fact]
    public void A_saved_model_loads_back_with_the_same_predictions_and_metadata()
    {
        var data = Subset();
        var model = ModelTrainer.TrainAndEvaluate(data, new TrainerOptions { Folds = 3 }).Model;
        var loaded = LinearPassageModel.Load(new MemoryStream(model.ToBytes()));
        Assert.Equal(model.Version, loaded.Version);
        Assert.Equal(model.Labels, loaded.Labels);
        Assert.Equal(model.Training!.Fingerprint, loaded.Training!.Fingerprint);
        Assert.Equal(model.Training.CrossValidation!.MacroF1, loaded.Training.CrossValidation!.MacroF1, 5);
        foreach (var s in data.Take(200))
        {
            var p = model.Predict(s.Text, s.Section, s.Context, s.Position);
            var q = loaded.Predict(s.Text, s.Section, s.Context, s.Position);
            Assert.Equal(p.Label, q.Label);
            Assert.Equal(p.Confidence, q.Confidence, 9);
        }
        Assert.Equal(model.ToBytes(), loaded.ToBytes());
    }

    [Fact]
    public void The_label_set_comes_from_the_data()
    {
        var data = Subset().Take(300).ToList();
        data.AddRange(Enumerable.Range(0, 20).Select(i => new LabeledSample($"本年度收取信息处理费{i}0元，已全部上缴财政。", "fee", 6, Group: "fee")));
        var model = ModelTrainer.Fit(data, new TrainerOptions());
        Assert.Contains("fee", model.Labels);
        Assert.Equal("fee", model.Predict("本年度收取信息处理费80元，已全部上缴财政。", 6).Label);
    }

    [Fact]
    public void Calibration_error_is_the_gap_between_confidence_and_accuracy()
    {
        var data = Subset();
        var test = RepoFiles.Samples("training-data/test/heldout.jsonl");
        var model = ModelTrainer.Fit(data, new TrainerOptions());
        // At an enormous temperature every label gets 1/4: one bin, whose gap is accuracy − 0.25.
        var flat = LinearPassageModel.Load(new MemoryStream(model.ToBytes())).With(1e9, null);
        var accuracy = ModelTrainer.Evaluate(flat, test).Accuracy;
        Assert.Equal(Math.Abs(accuracy - 0.25), ModelTrainer.ExpectedCalibrationError(flat, test), 6);
        Assert.InRange(ModelTrainer.ExpectedCalibrationError(model, test), 0.0, 1.0);
    }

    [Fact]
    public void Not_a_model_file_is_a_clear_error()
    {
        var e = Assert.Throws<FormatException>(() => LinearPassageModel.Load(new MemoryStream("{\"format\":\"other\"}"u8.ToArray()), "x.json"));
        Assert.Contains("x.json", e.Message);
    }

    [Fact]
    public void Folds_keep_whole_groups_together()
    {
        var data = Subset();
        var folds = ModelTrainer.AssignFolds(data, 5);
        foreach (var g in data.Select((s, i) => (s.Group, Fold: folds[i])).GroupBy(x => x.Group))
            Assert.Single(g.Select(x => x.Fold).Distinct());
    }

    [Fact]
    public void Evaluation_counts_precision_recall_and_macro_f1()
    {
        var r = EvaluationReport.Score(["a", "b"], ["a", "a", "b", "b"], ["a", "b", "b", "b"]);
        Assert.Equal(1.0, r.PerLabel[0].Precision);
        Assert.Equal(0.5, r.PerLabel[0].Recall);
        Assert.Equal(2.0 / 3, r.PerLabel[1].Precision, 9);
        Assert.Equal((2 * 0.5 / 1.5 + 2 * (2.0 / 3) / (5.0 / 3)) / 2, r.MacroF1, 9);
        Assert.Equal(1, r.Confusion[0, 1]);
    }
}
