using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Narrative;

public static class PassageSegmenter
{
    public static IReadOnlyList<Passage> Segment(AnnualReport report) => [];
}
