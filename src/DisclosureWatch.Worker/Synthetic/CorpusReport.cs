namespace DisclosureWatch.Worker.Synthetic;

/// <summary>The ways a report reaches us: each renders the same report with its own table structure.</summary>
internal enum Layout
{
    /// <summary>Tab-separated text as Word's copy gives it (merged cells as empty positions).</summary>
    TabText,
    /// <summary>One markdown pipe table per statutory table.</summary>
    PipeMarkdown,
    /// <summary>OCR markdown: every template row its own little table under a ### heading, generic headers 项目|列1…|合计.</summary>
    OcrRowTables,
    /// <summary>OCR markdown: row labels as loose text lines, the numbers as label-less pipe rows, the applicant header over rows.</summary>
    OcrLooseLabels,
    /// <summary>Word's "save as web page": &lt;o:p&gt;, mso- styles, rowspan/colspan.</summary>
    WordHtml,
    /// <summary>A .docx written with OpenXML: gridSpan, vMerge.</summary>
    Docx,
    /// <summary>The docx through LibreOffice to PDF, then pdftotext -layout.</summary>
    Pdf,
    /// <summary>Each cell on its own tab-indented line, rows separated by empty lines.</summary>
    CellPerLine,
}

/// <summary>What a layout's text suffers on the way.</summary>
internal enum Noise
{
    None,
    /// <summary>Label characters dropped, substituted or added; an ordinal lost.</summary>
    LabelCharacters,
    /// <summary>Long labels wrapped over two lines or rows.</summary>
    WrappedLabels,
    /// <summary>Table-2 cells annotated in place: "31（其中新制定12件）".</summary>
    AnnotatedCells,
    /// <summary>Headings of sections 二, 三, 四 lost.</summary>
    LostHeadings,
    /// <summary>The title wrapped over two lines.</summary>
    WrappedTitle,
    /// <summary>All of the above at once.</summary>
    All,
}

/// <summary>One expected cell: where it is and what it should read (null: the report does not give it in this shape).</summary>
internal sealed record ExpectedCell(string Table, string Row, int Column, decimal? Value);

/// <summary>A generated report: what it says (the truth to compare with) and how it is written.</summary>
internal sealed class CorpusReport
{
    public required int Number { get; init; }
    public required Layout Layout { get; init; }
    public required Noise Noise { get; init; }
    public required string Organ { get; init; }
    public required int Year { get; init; }
    /// <summary>Table 2 in the 2019 template's shape (本年新制作/本年新公开/对外公开总数量).</summary>
    public required bool Template2019 { get; init; }
    /// <summary>Every template cell of tables 2, 3 and 4 with its true value.</summary>
    public required IReadOnlyList<ExpectedCell> Cells { get; init; }
    /// <summary>Sections 1..6 whose heading is written (lost headings are not).</summary>
    public required IReadOnlyList<int> HeadedSections { get; init; }
    /// <summary>The document as blocks, before a layout renders it.</summary>
    internal IReadOnlyList<Block> Blocks { get; init; } = [];

    public bool Has(Noise noise) => Noise == noise || Noise == Noise.All;
}

internal abstract record Block;
internal sealed record Paragraph(string Text, bool Heading = false, string? Continuation = null) : Block;
internal sealed record TableBlock(int Number, IReadOnlyList<GridRow> Rows) : Block;

/// <summary>A table row: its cells (with spans) and, for a data row, the template key and its label and values.</summary>
internal sealed record GridRow(IReadOnlyList<GridCell> Cells, string? Key = null, string? Label = null, IReadOnlyList<string>? Values = null);

/// <summary>A cell: text (a wrapped label has two parts), spans.</summary>
internal sealed record GridCell(string Text, int ColSpan = 1, int RowSpan = 1, string? Wrap = null)
{
    /// <summary>The cell's full text (both parts of a wrapped label, without the break).</summary>
    public string Full => Wrap is null ? Text : Text + Wrap;
}
