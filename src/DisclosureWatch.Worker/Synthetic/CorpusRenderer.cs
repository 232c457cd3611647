using System.Text;

namespace DisclosureWatch.Worker.Synthetic;

/// <summary>Writes a <see cref="CorpusReport"/> in its layout: a file name (its extension gives the format) and the bytes.</summary>
internal static class CorpusRenderer
{
    public static (string FileName, byte[] Bytes) Render(CorpusReport report) => report.Layout switch
    {
        Layout.TabText => Text(report, "txt", TextLayouts.TabText(report)),
        Layout.PipeMarkdown => Text(report, "md", TextLayouts.Pipe(report)),
        Layout.OcrRowTables => Text(report, "md", TextLayouts.OcrRows(report)),
        Layout.OcrLooseLabels => Text(report, "md", TextLayouts.OcrLoose(report)),
        Layout.WordHtml => Text(report, "html", WordHtmlLayout.Render(report)),
        Layout.CellPerLine => Text(report, "txt", TextLayouts.CellPerLine(report)),
        Layout.Docx or Layout.Pdf => ($"report-{report.Number:D6}.docx", DocxLayout.Render(report)),
        _ => throw new ArgumentOutOfRangeException(nameof(report)),
    };

    private static (string, byte[]) Text(CorpusReport report, string extension, string text) =>
        ($"report-{report.Number:D6}.{extension}", Encoding.UTF8.GetBytes(text));
}
