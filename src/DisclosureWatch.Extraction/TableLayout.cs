namespace DisclosureWatch.Extraction;

/// <summary>What tells a layout table (a frame around the report or its narrative) from a data table.</summary>
internal static class TableLayout
{
    /// <summary>
    /// No statistics cell says this much: the longest labels of the national template are under 50 characters.
    /// A cell with more text is a frame around narrative, and its table is read as ordinary content.
    /// </summary>
    public const int MaxDataCellChars = 300;
}
