using DisclosureWatch.Core.Checks;
using DisclosureWatch.Core.Narrative;
using DisclosureWatch.Core.Reports;

namespace DisclosureWatch.Core.Tests.Checks;

/// <summary>
/// Builds an <see cref="AnnualReport"/> in a few lines. Table rows are written as "key v v v" with "_" for a
/// blank cell; a row keeps as many cells as the template has and counts every non-blank token as stated.
/// </summary>
internal sealed class ReportBuilder
{
    private string? organ;
    private string? title;
    private int? year;
    private int? titleYear;
    private int? periodYear;
    private DateOnly? published;
    private string preamble = "";
    private readonly List<Section> sections = [];
    private IReadOnlyList<int>? missing;
    private readonly Dictionary<string, TableRow> t2 = new();
    private readonly Dictionary<string, TableRow> t3 = new();
    private readonly Dictionary<string, TableRow> t4 = new();
    private bool hasT2, hasT3, hasT4;
    private IReadOnlyList<string> t3Columns = Template.T3Columns;
    private readonly List<ParseNote> notes = [];

    public static ReportBuilder Township(string organName = "河曲县社梁乡人民政府", int year = 2024) =>
        new ReportBuilder().Organ(organName).Year(year);

    public ReportBuilder Organ(string name) { organ = name; return this; }
    public ReportBuilder Title(string text) { title = text; return this; }
    public ReportBuilder Year(int y) { year = y; titleYear = y; return this; }
    public ReportBuilder TitleYear(int? y) { titleYear = y; return this; }
    public ReportBuilder PeriodYear(int? y) { periodYear = y; return this; }
    public ReportBuilder Published(int y, int m, int d) { published = new DateOnly(y, m, d); return this; }
    public ReportBuilder Preamble(string text) { preamble = text; return this; }
    public ReportBuilder Missing(params int[] numbers) { missing = numbers; return this; }
    public ReportBuilder Note(string kind, string? table, string? row, string message, string? raw = null)
    { notes.Add(new ParseNote(kind, table, row, message, raw)); return this; }

    /// <summary>Adds section <paramref name="n"/> with the template ordinal and title unless given.</summary>
    public ReportBuilder Section(int n, string text, string? ordinal = "", string? heading = null, bool legacy = false, string? titleText = null)
    {
        ordinal = ordinal == "" ? $"{Prose.Numeral(n)}、" : ordinal;
        var t = titleText ?? Template.SectionTitles[n - 1];
        sections.Add(new Section(n, heading ?? $"{ordinal}{t}", ordinal, t, text, sections.Count * 10) { IsLegacyTitle = legacy });
        return this;
    }

    /// <summary>Adds, in order, every section not yet given, with plausible prose.</summary>
    public ReportBuilder AllSections()
    {
        string[] texts =
        [
            "本年度，我们认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作。",
            "",
            "",
            "",
            "（一）存在的问题。政策解读形式较为单一，信息更新不够及时。\n（二）改进措施。下一步，我们将进一步丰富解读形式，加强信息审核发布。",
            "本年度未收取政府信息公开信息处理费。",
        ];
        for (var n = 1; n <= 6; n++)
            if (sections.All(s => s.Number != n)) Section(n, texts[n - 1]);
        sections.Sort((a, b) => a.Number.CompareTo(b.Number));
        return this;
    }

    public ReportBuilder ZeroTables() => ZeroActiveDisclosure().ZeroApplications().ZeroReviewLitigation();

    public ReportBuilder ZeroActiveDisclosure()
    {
        foreach (var k in Template.T2DocumentRows) T2(k + " 0 0 0");
        foreach (var k in Template.T2SingleRows) T2(k + " 0");
        return this;
    }

    public ReportBuilder ZeroApplications()
    {
        foreach (var k in Template.T3Rows) T3(k + string.Concat(Enumerable.Repeat(" 0", t3Columns.Count)));
        return this;
    }

    public ReportBuilder ZeroReviewLitigation()
    {
        foreach (var k in Template.T4Blocks) T4(k + " 0 0 0 0 0");
        return this;
    }

    public ReportBuilder T3Columns(IReadOnlyList<string> columns) { t3Columns = columns; return this; }

    public ReportBuilder T2(string row, string? label = null)
    {
        hasT2 = true;
        var key = row.Split(' ')[0];
        Put(t2, row, Template.T2DocumentRows.Contains(key) ? 3 : 1, label);
        return this;
    }

    public ReportBuilder T3(string row, string? label = null) { hasT3 = true; Put(t3, row, t3Columns.Count, label); return this; }
    public ReportBuilder T4(string row) { hasT4 = true; Put(t4, row, 5, null); return this; }
    public ReportBuilder RemoveT3Row(string key) { t3.Remove(key); return this; }

    private static void Put(Dictionary<string, TableRow> rows, string spec, int width, string? label)
    {
        var tokens = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var key = tokens[0];
        var values = tokens.Skip(1).Select(v => v == "_" ? TableCell.Blank : TableCell.Parse(v)).ToList();
        var cells = values.Take(width).Cast<TableCell?>().ToList();
        while (cells.Count < width) cells.Add(TableCell.Blank);
        var stated = values.Count(v => !v.IsBlank);
        rows[key] = new TableRow(key, label ?? Template.Label(key), cells, stated, -1);
    }

    public AnnualReport Build() => new()
    {
        Organ = organ,
        Year = year,
        YearSource = year is null ? null : "title",
        TitleYear = titleYear,
        PeriodYear = periodYear,
        PublishedOn = published,
        Title = title ?? (organ is null ? null : $"{organ}{year}年政府信息公开工作年度报告"),
        Preamble = preamble,
        Sections = sections.ToArray(),
        MissingSections = missing ?? Enumerable.Range(1, 6).Where(n => sections.All(s => s.Number != n)).ToArray(),
        ActiveDisclosure = hasT2 ? new StatTable("t2", Template.T2DocumentColumns, Ordered(t2, Template.T2DocumentRows.Concat(Template.T2SingleRows))) : null,
        Applications = hasT3 ? new StatTable("t3", t3Columns, Ordered(t3, Template.T3Rows.Concat(Template.T3Groups))) : null,
        ReviewLitigation = hasT4 ? new StatTable("t4", Template.T4Columns, Ordered(t4, Template.T4Blocks)) : null,
        Notes = notes.ToArray(),
    };

    private static TableRow[] Ordered(Dictionary<string, TableRow> rows, IEnumerable<string> order)
    {
        var keys = order.ToList();
        return rows.Values.OrderBy(r => keys.IndexOf(r.Key) is var i && i < 0 ? int.MaxValue : i).ToArray();
    }

    public ReviewInput Input(AnnualReport? previous = null, IReadOnlyList<Passage>? passages = null) =>
        new(Build(), passages ?? [], previous);
}

/// <summary>Runs one rule and returns what it concluded.</summary>
internal static class Run
{
    public static RuleResult Rule(string id, ReviewInput input) =>
        RuleEngine.Assess(input, [RuleCatalogue.Find(id) ?? throw new ArgumentException($"no rule {id}")]).Single();

    public static RuleResult Rule(string id, ReportBuilder builder, AnnualReport? previous = null) => Rule(id, builder.Input(previous));

    public static string Show(IEnumerable<Finding> findings) =>
        string.Join("\n", findings.Select(f => $"[{f.Severity}] {f.Rule} §{f.Section}: {f.Message} | {f.Evidence}"));
}
