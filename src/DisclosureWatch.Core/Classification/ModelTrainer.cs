namespace DisclosureWatch.Core.Classification;

/// <summary>Training settings. The defaults are the shipped model's.</summary>
/// <param name="Seed">Seeds the shuffling: same data + same seed = byte-identical model.</param>
/// <param name="Epochs">Passes of AdaGrad SGD over the data.</param>
/// <param name="LearningRate">AdaGrad base rate.</param>
/// <param name="L2">L2 penalty on the touched weights.</param>
/// <param name="MinCount">A feature must occur in at least this many training passages to get a weight.</param>
/// <param name="Folds">Cross-validation folds (by group).</param>
/// <param name="AugmentWithoutContext">Also train on every passage without its context and position (and one in five
/// without its section), so the model stays sure of itself when a caller gives only the section or nothing.</param>
public sealed record TrainerOptions(int Seed = 20250601, int Epochs = 12, double LearningRate = 0.4, double L2 = 2e-6,
    int MinCount = 2, int Folds = 5, bool AugmentWithoutContext = true)
{
    /// <summary>How many fits run at once in <see cref="ModelTrainer.TrainAndEvaluate"/> (the result is the same for any value).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    public FeaturizerSettings Featurizer { get; init; } = new();
}

/// <summary>The result of a training with evaluation.</summary>
public sealed record TrainingResult(LinearPassageModel Model, EvaluationReport CrossValidation);

/// <summary>
/// Trains the multinomial logistic regression deterministically: single thread per fit, a fixed sample order shuffled
/// by a seeded SplitMix64, dense weight arrays indexed by hashed feature (no dictionary iteration anywhere), labels in
/// ordinal order. Cross-validation keeps whole groups (source documents / template families) out of training.
/// </summary>
public static class ModelTrainer
{
    /// <summary>The label set a model may have unless a new label is configured explicitly.</summary>
    public static readonly IReadOnlyList<string> DefaultLabels = ["boilerplate", "improvement", "measure", "problem"];

    /// <summary>Labels of a training set: distinct, in ordinal order.</summary>
    public static string[] LabelSet(IEnumerable<LabeledSample> samples) =>
        samples.Select(s => s.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Fits one model on all samples (temperature 1 unless given).</summary>
    public static LinearPassageModel Fit(IReadOnlyList<LabeledSample> samples, TrainerOptions options, double temperature = 1.0,
        string[]? labels = null, TrainingInfo? info = null)
    {
        labels ??= LabelSet(samples);
        if (labels.Length < 2) throw new InvalidOperationException("training needs at least two labels");
        var featurizer = new PassageFeaturizer(options.Featurizer);
        var encoded = Encode(samples, labels, featurizer, options);
        var weights = Sgd(encoded, labels.Length, options);
        info ??= new TrainingInfo(SampleJson.Fingerprint(samples), samples.Count, options.Seed, options.Epochs, options.L2,
            options.LearningRate, options.MinCount);
        return new LinearPassageModel(options.Featurizer, labels, weights, temperature, info);
    }

    /// <summary>Cross-validates by group, fits the softmax temperature on the out-of-fold scores (the held-out folds) and
    /// fits the final model on everything. The folds and the final fit are independent and run in parallel (each one
    /// deterministic, so the result does not depend on the number of cores); <paramref name="progress"/> hears of each.</summary>
    public static TrainingResult TrainAndEvaluate(IReadOnlyList<LabeledSample> samples, TrainerOptions options, Action<string>? progress = null)
    {
        var labels = LabelSet(samples);
        var folds = AssignFolds(samples, options.Folds);
        var groupSize = samples.GroupBy(s => s.Group).ToDictionary(g => g.Key, g => g.Count());
        var oof = new List<(string Truth, double[] Scores, double Weight)>[options.Folds];
        LinearPassageModel? final = null;
        var done = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Report(string what)
        {
            var n = Interlocked.Increment(ref done);
            progress?.Invoke($"[{n}/{options.Folds + 1}] {what} ({clock.Elapsed.TotalSeconds:0.0} s)");
        }
        // Fits -1 is the final model; 0..Folds-1 the cross-validation folds.
        Parallel.For(-1, options.Folds, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism) }, k =>
        {
            if (k < 0)
            {
                final = Fit(samples, options, 1.0, labels);
                Report($"model fitted on all {samples.Count} passages");
                return;
            }
            var train = new List<LabeledSample>();
            var test = new List<LabeledSample>();
            for (var i = 0; i < samples.Count; i++) (folds[i] == k ? test : train).Add(samples[i]);
            oof[k] = [];
            if (test.Count == 0 || train.Count == 0) { Report($"fold {k + 1} empty"); return; }
            var model = Fit(train, options, 1.0, labels);
            foreach (var s in test)
            {
                var scores = new double[labels.Length];
                model.Scores(s.Text, s.Section, s.Context, s.Position, scores);
                oof[k].Add((s.Label, scores, s.Weight / groupSize[s.Group]));
            }
            Report($"fold {k + 1}: {test.Count} passages of {test.Select(t => t.Group).Distinct().Count()} groups held out");
        });
        var all = oof.SelectMany(f => f).ToList();
        var truth = all.Select(o => o.Truth).ToList();
        var predicted = all.Select(o => labels[ArgMax(o.Scores)]).ToList();
        var cv = EvaluationReport.Score(labels, truth, predicted);
        var temperature = FitTemperature(all.Select(o => (o.Scores, Array.IndexOf(labels, o.Truth), o.Weight)).ToList());
        var info = new TrainingInfo(SampleJson.Fingerprint(samples), samples.Count, options.Seed, options.Epochs, options.L2,
            options.LearningRate, options.MinCount) { CrossValidation = cv };
        var model = final!.With(temperature, info);
        return new TrainingResult(model, cv);
    }

    private static int ArgMax(double[] scores)
    {
        var best = 0;
        for (var l = 1; l < scores.Length; l++) if (scores[l] > scores[best]) best = l;
        return best;
    }

    public static EvaluationReport Evaluate(LinearPassageModel model, IReadOnlyList<LabeledSample> samples)
    {
        var probs = new double[model.Labels.Count];
        var predicted = samples.Select(s => model.Labels[model.Predict(s.Text, s.Section, s.Context, s.Position, probs)]).ToList();
        return EvaluationReport.Score(model.Labels, samples.Select(s => s.Label).ToList(), predicted);
    }

    /// <summary>Expected calibration error: passages binned by confidence (10 equal-width bins), the mean over bins of
    /// |accuracy − mean confidence| weighted by the bin's share. 0 when confidences mean what they say.</summary>
    public static double ExpectedCalibrationError(LinearPassageModel model, IReadOnlyList<LabeledSample> samples, int bins = 10)
    {
        if (samples.Count == 0) return 0;
        var probs = new double[model.Labels.Count];
        var count = new int[bins];
        var confidence = new double[bins];
        var correct = new int[bins];
        foreach (var s in samples)
        {
            var best = model.Predict(s.Text, s.Section, s.Context, s.Position, probs);
            var b = Math.Min(bins - 1, (int)(probs[best] * bins));
            count[b]++;
            confidence[b] += probs[best];
            if (model.Labels[best] == s.Label) correct[b]++;
        }
        double ece = 0;
        for (var b = 0; b < bins; b++)
            if (count[b] > 0) ece += Math.Abs((double)correct[b] / count[b] - confidence[b] / count[b]) * count[b] / samples.Count;
        return ece;
    }

    /// <summary>Fold of every sample: groups (ordinal order) go greedily, largest first, to the emptiest fold.</summary>
    public static int[] AssignFolds(IReadOnlyList<LabeledSample> samples, int folds)
    {
        var sizes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in samples) sizes[s.Group] = sizes.GetValueOrDefault(s.Group) + 1;
        var fill = new int[folds];
        var foldOf = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (group, size) in sizes.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var best = 0;
            for (var f = 1; f < folds; f++) if (fill[f] < fill[best]) best = f;
            foldOf[group] = best;
            fill[best] += size;
        }
        return samples.Select(s => foldOf[s.Group]).ToArray();
    }

    /// <summary>Supervisors' samples replace base samples with the same text; later ones win.</summary>
    public static List<LabeledSample> Merge(IReadOnlyList<LabeledSample> baseSamples, IReadOnlyList<LabeledSample> labelled)
    {
        var latest = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < labelled.Count; i++) latest[Key(labelled[i].Text)] = i;
        var merged = baseSamples.Where(s => !latest.ContainsKey(Key(s.Text))).ToList();
        for (var i = 0; i < labelled.Count; i++)
            if (latest[Key(labelled[i].Text)] == i) merged.Add(labelled[i]);
        return merged;
    }

    private static string Key(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    // ------------------------------------------------------------------------------------------

    private sealed record Encoded(int[] Features, double Scale, int Label, double Weight);

    private static List<Encoded> Encode(IReadOnlyList<LabeledSample> samples, string[] labels, PassageFeaturizer featurizer, TrainerOptions options)
    {
        var buffer = new int[1024];
        var raw = new List<(int[] F, int N, int Label, double Weight)>(samples.Count * 2);
        foreach (var s in samples)
        {
            var label = Array.IndexOf(labels, s.Label);
            if (label < 0) continue;
            var n = featurizer.Featurize(s.Text, s.Section, s.Context, s.Position, ref buffer);
            raw.Add((buffer[..n], n, label, s.Weight));
            if (options.AugmentWithoutContext)
            {
                // Callers often give only the section, sometimes not even that (plain text on `dw classify`):
                // every passage is seen again without context and position, one in five also without section.
                var section = raw.Count % 5 == 4 ? -1 : s.Section;
                n = featurizer.Featurize(s.Text, section, null, -1, ref buffer);
                raw.Add((buffer[..n], n, label, s.Weight));
            }
        }
        // Features seen in fewer than MinCount passages get no weight (the model stays small and less overfit).
        var dim = featurizer.Settings.Dimension;
        var count = new int[dim];
        var last = new int[dim];
        Array.Fill(last, -1);
        for (var i = 0; i < raw.Count; i++)
            foreach (var f in raw[i].F)
                if (last[f] != i) { last[f] = i; count[f]++; }
        var minCount = options.AugmentWithoutContext ? options.MinCount * 2 : options.MinCount;
        return raw.Select(r => new Encoded(r.F.Where(f => f == PassageFeaturizer.BiasIndex || count[f] >= minCount).ToArray(),
            1.0 / Math.Sqrt(r.N), r.Label, r.Weight)).ToList();
    }

    private static float[] Sgd(List<Encoded> data, int labels, TrainerOptions options)
    {
        var dim = options.Featurizer.Dimension;
        var w = new double[dim * labels];
        var g2 = new double[dim]; // AdaGrad accumulator per feature row (shared by its labels: 4× fewer square roots)
        var order = Enumerable.Range(0, data.Count).ToArray();
        var rng = new SplitMix64((ulong)options.Seed);
        Span<double> p = stackalloc double[labels];
        Span<double> grad = stackalloc double[labels];
        var lr = options.LearningRate;
        var l2 = options.L2;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = (int)(rng.Next() % (ulong)(i + 1));
                (order[i], order[j]) = (order[j], order[i]);
            }
            foreach (var idx in order)
            {
                var e = data[idx];
                p.Clear();
                foreach (var f in e.Features)
                    for (var l = 0; l < labels; l++) p[l] += w[f * labels + l];
                LinearPassageModel.Softmax(p, e.Scale, p);
                for (var l = 0; l < labels; l++) grad[l] = e.Weight * (p[l] - (l == e.Label ? 1 : 0)) * e.Scale;
                foreach (var f in e.Features)
                {
                    var row = f * labels;
                    double sq = 0;
                    for (var l = 0; l < labels; l++)
                    {
                        var gi = grad[l] + l2 * w[row + l];
                        sq += gi * gi;
                    }
                    g2[f] += sq / labels;
                    var step = lr / (Math.Sqrt(g2[f]) + 1e-8);
                    for (var l = 0; l < labels; l++) w[row + l] -= step * (grad[l] + l2 * w[row + l]);
                }
            }
        }
        var result = new float[w.Length];
        for (var i = 0; i < w.Length; i++) result[i] = Math.Abs(w[i]) < 1e-5 ? 0f : (float)w[i];
        return result;
    }

    /// <summary>The softmax temperature that minimizes the negative log-likelihood of out-of-fold scores (grid 0.2…5),
    /// every source group weighing its passages' mean sample weight whatever its size: a hand-written report counts as
    /// much as a large template family, and a down-weighted family (synthetic, 0.3) less.</summary>
    internal static double FitTemperature(List<(double[] Scores, int Label, double Weight)> oof)
    {
        if (oof.Count == 0) return 1.0;
        var best = 1.0;
        var bestLoss = double.MaxValue;
        var p = new double[oof[0].Scores.Length];
        for (var t = 0.2; t <= 5.0 + 1e-9; t += 0.02)
        {
            var loss = 0.0;
            foreach (var (scores, label, weight) in oof)
            {
                if (label < 0) continue;
                LinearPassageModel.Softmax(scores, 1.0 / t, p);
                loss -= weight * Math.Log(Math.Max(p[label], 1e-12));
            }
            if (loss < bestLoss - 1e-12) { bestLoss = loss; best = Math.Round(t, 2); }
        }
        return best;
    }

    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
