using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Classification;
using DisclosureWatch.Core.Documents;
using DisclosureWatch.Core.Narrative;
using DisclosureWatch.Core.Parsing;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core;

/// <summary>Everything the core says about one report.</summary>
public sealed record Analysis(AnnualReport Report, IReadOnlyList<Finding> Findings, IReadOnlyList<Passage> Passages)
{
    /// <summary>The hash of the report's normalised text (<see cref="ExtractedDocument.TextSha256"/>): the same content in
    /// another encoding or file is the same report. Null when the analysis was not made from a document (read back).</summary>
    public string? TextSha256 { get; init; }
}

/// <summary>The core pipeline: parse, segment and classify the narrative, run the review rules.</summary>
public sealed class ReportAnalyzer(IPassageClassifier? classifier = null)
{
    /// <summary>The passage model in use, if any (its version is stored with every passage).</summary>
    public IPassageClassifier? Classifier => classifier;

    public Analysis Analyze(ExtractedDocument document, AnnualReport? previous = null)
    {
        var report = ReportParser.Parse(document);
        var passages = PassageSegmenter.Segment(report);
        if (classifier is not null) passages = classifier.Classify(passages);
        var findings = RuleEngine.Evaluate(new ReviewInput(report, passages, previous));
        return new Analysis(report, findings, passages) { TextSha256 = document.TextSha256() };
    }

    /// <summary>The review again, now with the same organ's report of the year before (the cross-year rules run).</summary>
    public static Analysis ReviewAgainst(Analysis analysis, AnnualReport previous) =>
        analysis with { Findings = RuleEngine.Evaluate(new ReviewInput(analysis.Report, analysis.Passages, previous)) };
}
