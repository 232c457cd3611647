using System.Globalization;
using System.Text;
using DisclosureWatch.Core.Parsing;
using DisclosureWatch.Extraction;

namespace DisclosureWatch.Worker.Synthetic;

/// <summary>Generates, renders, reads back and scores a corpus: a score per layout × noise.</summary>
internal static class CorpusRun
{
    public static Dictionary<(Layout Layout, Noise Noise), CorpusScore> Run(
        int seed, int perCombination, IEnumerable<Layout> layouts, IEnumerable<Noise>? noises = null, string? workDir = null)
    {
        var reports = LayoutCorpus.Generate(seed, perCombination, layouts, noises).ToList();
        var scores = new Dictionary<(Layout, Noise), CorpusScore>();
        CorpusScore ScoreOf(CorpusReport r) => scores.TryGetValue((r.Layout, r.Noise), out var s) ? s : scores[(r.Layout, r.Noise)] = new CorpusScore();

        var pdfReports = reports.Where(r => r.Layout == Layout.Pdf).ToList();
        foreach (var report in reports.Where(r => r.Layout != Layout.Pdf))
        {
            var (name, bytes) = CorpusRenderer.Render(report);
            var parsed = ReportParser.Parse(DocumentReader.Read(bytes, name));
            ScoreOf(report).Add(report, parsed);
        }
        if (pdfReports.Count > 0)
        {
            var dir = workDir ?? Path.Combine(Path.GetTempPath(), $"dw-corpus-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(dir);
            try
            {
                var docx = new List<string>();
                foreach (var report in pdfReports)
                {
                    var (name, bytes) = CorpusRenderer.Render(report);
                    var path = Path.Combine(dir, name);
                    File.WriteAllBytes(path, bytes);
                    docx.Add(path);
                }
                var pdfs = LibreOffice.ConvertToPdf(docx, dir);
                for (var i = 0; i < pdfReports.Count; i++)
                    ScoreOf(pdfReports[i]).Add(pdfReports[i], ReportParser.Parse(DocumentReader.Read(pdfs[i])));
            }
            finally
            {
                if (workDir is null) Directory.Delete(dir, recursive: true);
            }
        }
        return scores;
    }

    /// <summary>The scores as a table: per layout × noise the read share and wrong cells, then per layout and per noise.</summary>
    public static string Table(Dictionary<(Layout Layout, Noise Noise), CorpusScore> scores)
    {
        var sb = new StringBuilder();
        var layouts = scores.Keys.Select(k => k.Layout).Distinct().Order().ToList();
        var noises = scores.Keys.Select(k => k.Noise).Distinct().Order().ToList();
        sb.Append(CultureInfo.InvariantCulture, $"{"layout",-15}");
        foreach (var n in noises) sb.Append(CultureInfo.InvariantCulture, $"{n,18}");
        sb.Append(CultureInfo.InvariantCulture, $"{"layout total",22}\n");
        foreach (var l in layouts)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{l,-15}");
            var total = new CorpusScore();
            foreach (var n in noises)
            {
                if (!scores.TryGetValue((l, n), out var s)) { sb.Append(CultureInfo.InvariantCulture, $"{"",18}"); continue; }
                total.Add(s);
                sb.Append(CultureInfo.InvariantCulture, $"{Cell(s),18}");
            }
            sb.Append(CultureInfo.InvariantCulture, $"{Cell(total),22}\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"{"noise total",-15}");
        var all = new CorpusScore();
        foreach (var n in noises)
        {
            var total = new CorpusScore();
            foreach (var s in scores.Where(kv => kv.Key.Noise == n)) total.Add(s.Value);
            all.Add(total);
            sb.Append(CultureInfo.InvariantCulture, $"{Cell(total),18}");
        }
        sb.Append(CultureInfo.InvariantCulture, $"{Cell(all),22}\n");
        sb.Append(CultureInfo.InvariantCulture, $"(each cell: read share of the cells given as numbers / wrong cells; {all.Reports} reports, " +
                  $"{all.Right + all.Wrong + all.Unread + all.RightlyNull} cells, {all.Right} right, {all.Wrong} wrong, {all.Unread} unread, " +
                  $"{all.RightlyNull} rightly null; organ/year/sections wrong in {all.MetadataWrong} reports)\n");
        return sb.ToString();

        static string Cell(CorpusScore s) => $"{s.ReadShare * 100:0.00}%/{s.Wrong}";
    }
}
