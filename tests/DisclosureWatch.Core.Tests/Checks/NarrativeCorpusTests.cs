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

    private static (NarrativeCorpus.Generated Report, AnnualReport Parsed, IReadOnlyList<Finding> Findings) Read(int seed)
    {
        var g = NarrativeCorpus.Make(seed);
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
}
