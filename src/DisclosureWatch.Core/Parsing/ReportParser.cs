using DisclosureWatch.Core.Documents;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Parsing;

/// <summary>Reads an extracted document into an <see cref="AnnualReport"/>: metadata, sections and the three tables.</summary>
public static class ReportParser
{
    public static AnnualReport Parse(ExtractedDocument document)
    {
        var sections = SectionSplitter.Split(document.Lines);
        return new AnnualReport { Sections = sections };
    }
}
