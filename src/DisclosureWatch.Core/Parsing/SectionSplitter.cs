using DisclosureWatch.Core.Documents;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Parsing;

internal static class SectionSplitter
{
    public static IReadOnlyList<Section> Split(IReadOnlyList<DocumentLine> lines) => [];
}
