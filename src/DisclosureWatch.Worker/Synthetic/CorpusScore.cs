using System.Globalization;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Worker.Synthetic;

/// <summary>
/// How a parsed report compares with what was generated, cell by cell: right, wrong (a number that is not the
/// report's), unread (null where the report gives a number), and cells the report gives in another shape
/// (2019's columns) that must stay null. Metadata (organ, year, sections) is compared apart.
/// </summary>
internal sealed class CorpusScore
{
    public int Right { get; private set; }
    public int Wrong { get; private set; }
    public int Unread { get; private set; }
    /// <summary>Cells the report does not give in the template's meaning, rightly left null.</summary>
    public int RightlyNull { get; private set; }
    public int Reports { get; private set; }
    public int MetadataWrong { get; private set; }
    public List<string> WrongCells { get; } = [];
    public List<string> MetadataProblems { get; } = [];

    /// <summary>Cells given as numbers that were read (right or wrong), over all cells given as numbers.</summary>
    public double ReadShare => Right + Wrong + Unread == 0 ? 1 : (double)(Right + Wrong) / (Right + Wrong + Unread);

    public void Add(CorpusReport expected, AnnualReport parsed)
    {
        Reports++;
        foreach (var cell in expected.Cells)
        {
            var table = cell.Table switch { "t2" => parsed.ActiveDisclosure, "t3" => parsed.Applications, _ => parsed.ReviewLitigation };
            var got = table?.Cell(cell.Row, cell.Column)?.Value;
            if (cell.Value is null)
            {
                if (got is null) RightlyNull++;
                else Fail($"{cell.Table}.{cell.Row}[{cell.Column}] = {got} (not given in this shape)");
            }
            else if (got is null) Unread++;
            else if (got == cell.Value) Right++;
            else Fail($"{cell.Table}.{cell.Row}[{cell.Column}] = {got}, expected {cell.Value}");
        }

        var problems = new List<string>();
        if (parsed.Organ != expected.Organ) problems.Add($"organ “{parsed.Organ}”, expected “{expected.Organ}”");
        if (parsed.Year != expected.Year) problems.Add($"year {parsed.Year?.ToString(CultureInfo.InvariantCulture) ?? "null"}, expected {expected.Year}");
        var sections = parsed.Sections.Select(s => s.Number).Order().ToArray();
        if (!sections.SequenceEqual(expected.HeadedSections)) problems.Add($"sections {string.Join(",", sections)}, expected {string.Join(",", expected.HeadedSections)}");
        if (problems.Count > 0)
        {
            MetadataWrong++;
            if (MetadataProblems.Count < 20) MetadataProblems.Add($"report {expected.Number} ({expected.Layout}/{expected.Noise}): {string.Join("; ", problems)}");
        }

        void Fail(string what)
        {
            Wrong++;
            if (WrongCells.Count < 40) WrongCells.Add($"report {expected.Number} ({expected.Layout}/{expected.Noise}): {what}");
        }
    }

    public void Add(CorpusScore other)
    {
        Right += other.Right;
        Wrong += other.Wrong;
        Unread += other.Unread;
        RightlyNull += other.RightlyNull;
        Reports += other.Reports;
        MetadataWrong += other.MetadataWrong;
        foreach (var w in other.WrongCells) if (WrongCells.Count < 40) WrongCells.Add(w);
        foreach (var m in other.MetadataProblems) if (MetadataProblems.Count < 20) MetadataProblems.Add(m);
    }
}
