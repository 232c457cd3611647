namespace DisclosureWatch.Core.Reports;

/// <summary>A parsed 政府信息公开工作年度报告: metadata, the six sections and the three statutory tables.</summary>
public sealed class AnnualReport
{
    /// <summary>The organ as written in the title, e.g. 河曲县社梁乡人民政府; null when the title names none.</summary>
    public string? Organ { get; init; }
    /// <summary>The report year (title, then statistical period, then body).</summary>
    public int? Year { get; init; }
    /// <summary>Where <see cref="Year"/> came from: title, period or body.</summary>
    public string? YearSource { get; init; }
    /// <summary>The year the title names, if any (year.period compares it with the period and body).</summary>
    public int? TitleYear { get; init; }
    /// <summary>The year(s) of the statistical period sentence (统计期限/统计时间 …), if any.</summary>
    public int? PeriodYear { get; init; }
    /// <summary>The signing or publication date, when the report gives one.</summary>
    public DateOnly? PublishedOn { get; init; }
    /// <summary>The title as written (lines before the first section joined), if found.</summary>
    public string? Title { get; init; }
    /// <summary>Text before section 一 (title block and preamble), for rules that look at it.</summary>
    public string Preamble { get; init; } = "";

    /// <summary>Sections in document order (not necessarily 1..6; a section may be missing).</summary>
    public IReadOnlyList<Section> Sections { get; init; } = [];
    /// <summary>Section numbers (1..6) the text does not contain.</summary>
    public IReadOnlyList<int> MissingSections { get; init; } = [];

    /// <summary>Table 2 (主动公开): rows regulations, normativeDocuments (made/repealed/valid), licensing, punishment, coercion, fees.</summary>
    public StatTable? ActiveDisclosure { get; init; }
    /// <summary>Table 3 (收到和处理申请): 25 rows × 7 columns (group keys when a group is given as one line).</summary>
    public StatTable? Applications { get; init; }
    /// <summary>Table 4 (行政复议/行政诉讼): rows review, litigationDirect, litigationAfterReview × 5 columns.</summary>
    public StatTable? ReviewLitigation { get; init; }

    /// <summary>What the parser could not read unambiguously, and why (never silently guessed).</summary>
    public IReadOnlyList<ParseNote> Notes { get; init; } = [];

    public Section? Section(int number) => Sections.FirstOrDefault(s => s.Number == number);
}

/// <summary>A top-level section.</summary>
/// <param name="Number">Normalized number 1..6 (from the title's meaning, not only its ordinal).</param>
/// <param name="Heading">The heading line as written (markup removed), e.g. "一、总体情况".</param>
/// <param name="Ordinal">The ordinal as written ("一、", "（三）", "四.", …) or null when the heading has none.</param>
/// <param name="Title">The heading without its ordinal, e.g. "总体情况".</param>
/// <param name="Text">The section's body text (lines joined with '\n'; table rows as tab-joined cells).</param>
/// <param name="Line">The heading's 0-based line index in the extracted document.</param>
public sealed record Section(int Number, string Heading, string? Ordinal, string Title, string Text, int Line)
{
    /// <summary>The 2019-era wording of section 4 (…工作被申请行政复议、提起行政诉讼情况) or another old title.</summary>
    public bool IsLegacyTitle { get; init; }

    /// <summary>The heading itself is lost: the section was recognised by its sub-headings (（一）存在的主要问题 … （二）改进情况),
    /// and <see cref="Heading"/> is the first of them.</summary>
    public bool HeadingMissing { get; init; }
}

/// <summary>Something the parser could not read unambiguously or found off-template.</summary>
/// <param name="Kind">shape (value count or label off-template), ambiguous (left null), missing-table, extraction.</param>
/// <param name="Table">t2, t3, t4 or null.</param>
/// <param name="Row">The row key, when the note is about a row.</param>
/// <param name="Message">A human explanation (Chinese or English).</param>
/// <param name="Raw">The line as written.</param>
public sealed record ParseNote(string Kind, string? Table, string? Row, string Message, string? Raw = null);
