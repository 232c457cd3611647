using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Documents;
using DisclosureWatch.Core.Parsing;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Tests.Checks;

/// <summary>
/// Correct reports in many voices (<see cref="NarrativeCorpus"/>) read back: the organ, the year and the six
/// sections right, and not one finding beyond the off-template headings the generator wrote on purpose.
/// </summary>
public class NarrativeCorpusTests
{
    private const int Reports = 1500;

    private static (NarrativeCorpus.Generated Report, AnnualReport Parsed, IReadOnlyList<Finding> Findings) Read(int seed,
        NarrativeCorpus.Mistake mistake = NarrativeCorpus.Mistake.None)
    {
        var g = NarrativeCorpus.Make(seed, mistake);
        var parsed = ReportParser.Parse(ExtractedDocument.FromText("md", g.Text));
        return (g, parsed, RuleEngine.Evaluate(new ReviewInput(parsed, [])));
    }

    private static string Describe(NarrativeCorpus.Generated g, AnnualReport p, IEnumerable<Finding> findings) =>
        $"seed {g.Seed} ({g.Kind}, title {g.Shape}, lost {string.Join(",", g.LostHeadings)}): organ {p.Organ} year {p.Year} sections {string.Join(",", p.Sections.Select(s => s.Number))}\n" +
        Run.Show(findings) + "\n---\n" + g.Text;

    [Fact]
    public void Correct_reports_in_every_voice_read_right_and_draw_no_finding()
    {
        // failures by what went wrong, with the first report of each kind
        var failures = new SortedDictionary<string, (int Count, string First)>(StringComparer.Ordinal);
        void Fail(string what, string detail) =>
            failures[what] = failures.TryGetValue(what, out var f) ? (f.Count + 1, f.First) : (1, detail);
        for (var seed = 0; seed < Reports; seed++)
        {
            var (g, p, findings) = Read(seed);
            // the headings the generator left out are reported as such (structure.heading), nothing else is
            var unexpected = findings.Where(f => !(f.Rule == "structure.heading" && f.Section is { } s && g.LostHeadings.Contains(s))).ToList();
            var detail = Describe(g, p, unexpected);
            if (p.Organ != g.Organ) Fail($"organ ({g.Shape}, {g.Kind})", detail);
            if (p.Year != g.Year) Fail($"year ({g.Shape})", detail);
            if (!p.Sections.Select(s => s.Number).SequenceEqual([1, 2, 3, 4, 5, 6]) || p.MissingSections.Count > 0) Fail("sections", detail);
            foreach (var n in g.LostHeadings)
                if (p.Section(n) is not { HeadingMissing: true } || !findings.Any(f => f.Rule == "structure.heading" && f.Section == n))
                    Fail($"lost heading {n} not reported", detail);
            if (p.Applications?.Value("newReceived", Template.T3Total) != g.NewReceived) Fail("table 3 not read", detail);
            foreach (var rule in unexpected.Select(f => $"{f.Rule} ({f.Severity})").Distinct()) Fail(rule, detail);
        }
        Assert.True(failures.Count == 0, $"of {Reports} reports:\n" + string.Join("\n", failures.Select(f => $"{f.Value.Count} × {f.Key}")) +
            "\n\n" + string.Join("\n\n", failures.Select(f => $"first {f.Key}: {f.Value.First}")));
    }

    /// <summary>The same reports with one real mistake each: the rule that owns it still reports it.</summary>
    [Theory]
    [InlineData(NarrativeCorpus.Mistake.WrongTotal, "text.table-mismatch", Severity.Error)]
    [InlineData(NarrativeCorpus.Mistake.WrongSelfName, "name.self-reference", Severity.Error)]
    [InlineData(NarrativeCorpus.Mistake.ForeignSite, "name.foreign-place", Severity.Error)]
    [InlineData(NarrativeCorpus.Mistake.StaleYear, "year.mismatch", Severity.Warning)]
    public void A_real_mistake_in_the_same_reports_is_still_reported(NarrativeCorpus.Mistake mistake, string rule, Severity severity)
    {
        var missed = new List<string>();
        var tried = 0;
        for (var seed = 0; seed < 300; seed++)
        {
            var (g, p, findings) = Read(seed, mistake);
            var applies = mistake switch
            {
                NarrativeCorpus.Mistake.WrongSelfName => g.Kind != "bureau",
                NarrativeCorpus.Mistake.ForeignSite => g.County is { } c && g.Organ.StartsWith(c + "县", StringComparison.Ordinal),
                _ => true,
            };
            if (!applies) continue;
            tried++;
            if (!findings.Any(f => f.Rule == rule && f.Severity == severity)) missed.Add(Describe(g, p, findings));
        }
        Assert.True(tried > 50, $"only {tried} reports apply");
        Assert.True(missed.Count == 0, $"{missed.Count} of {tried} missed; the first:\n{missed.FirstOrDefault()}");
    }
}
