using System.Globalization;
using System.Net;
using System.Text;

namespace DisclosureWatch.Worker.Synthetic;

/// <summary>Word's "save as web page": &lt;o:p&gt;, mso- styles, rowspan/colspan.</summary>
internal static class WordHtmlLayout
{
    public static string Render(CorpusReport report)
    {
        var sb = new StringBuilder();
        sb.Append("""
            <html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
            <head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=Generator content="Microsoft Word 15">
            <style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm; text-align:justify; font-size:10.5pt; font-family:等线;} --></style></head>
            <body lang=ZH-CN style='tab-interval:21.0pt'><div class=WordSection1 style='layout-grid:15.6pt'>

            """);
        static string Span(string text) => $"<span style='font-size:16.0pt;font-family:仿宋_GB2312;mso-hansi-font-family:\"Times New Roman\"'>{WebUtility.HtmlEncode(text)}<o:p></o:p></span>";
        foreach (var block in report.Blocks)
        {
            if (block is Paragraph p)
            {
                var style = p.Heading ? " style='mso-outline-level:1'" : "";
                sb.Append(CultureInfo.InvariantCulture, $"<p class=MsoNormal{style}>{(p.Heading ? "<b>" : "")}{Span(p.Text)}{(p.Heading ? "</b>" : "")}</p>\n");
                if (p.Continuation is not null) sb.Append(CultureInfo.InvariantCulture, $"<p class=MsoNormal>{Span(p.Continuation)}</p>\n");
                continue;
            }
            var table = (TableBlock)block;
            sb.Append("<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n");
            for (var r = 0; r < table.Rows.Count; r++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<tr style='mso-yfti-irow:{r};height:20.0pt'>\n");
                foreach (var cell in table.Rows[r].Cells)
                {
                    var spans = (cell.ColSpan > 1 ? $" colspan={cell.ColSpan}" : "") + (cell.RowSpan > 1 ? $" rowspan={cell.RowSpan}" : "");
                    var content = cell.Text.Length == 0 && cell.Wrap is null
                        ? "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"
                        : cell.Wrap is null
                            ? $"<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US style='font-size:10.5pt'>{WebUtility.HtmlEncode(cell.Text)}<o:p></o:p></span></p>"
                            : $"<p class=MsoNormal><span style='font-size:10.5pt'>{WebUtility.HtmlEncode(cell.Text)}<br>{WebUtility.HtmlEncode(cell.Wrap)}<o:p></o:p></span></p>";
                    sb.Append(CultureInfo.InvariantCulture, $"  <td width=64{spans} valign=center style='border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>{content}</td>\n");
                }
                sb.Append("</tr>\n");
            }
            sb.Append("</table>\n<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n");
        }
        sb.Append("</div></body></html>\n");
        return sb.ToString();
    }
}
