using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DisclosureWatch.Worker.Synthetic;

namespace DisclosureWatch.Worker.Inbox;

/// <summary>
/// Many distinct reports from the five real seeds, for the bench and the crash/cluster tests: report k is seed
/// k mod 5 with its place names replaced by a made-up one, its table numbers shifted, and a closing line
/// carrying k so every file has its own sha256.
/// </summary>
internal sealed partial class SyntheticReports
{
    private static readonly string[] Syllables =
        ["青", "云", "石", "桥", "河", "东", "西", "南", "北", "安", "平", "宁", "兴", "泉", "林", "山", "和", "丰", "新", "阳"];

    private readonly IReadOnlyList<string> _seeds;

    public SyntheticReports(IReadOnlyList<string> seedTexts)
    {
        if (seedTexts.Count == 0) throw new ArgumentException("no seed reports", nameof(seedTexts));
        _seeds = seedTexts;
    }

    /// <summary>The seeds of /work/shared/seeds: looked for as shared/seeds in the folders above <paramref name="start"/>.</summary>
    public static SyntheticReports FromSeedFolder(string? folder = null, string? start = null)
    {
        folder ??= FindSeeds(start ?? AppContext.BaseDirectory)
            ?? throw new DirectoryNotFoundException("shared/seeds not found above " + (start ?? AppContext.BaseDirectory) + " (give --seeds DIR)");
        var texts = Directory.EnumerateFiles(folder, "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        return new SyntheticReports(texts);
    }

    /// <summary>The seeds of <paramref name="folder"/> when given, else shared/seeds above the working directory, else above the binary (the benches).</summary>
    public static SyntheticReports Find(string? folder) =>
        FromSeedFolder(folder ?? FindSeeds(Environment.CurrentDirectory));

    public static string? FindSeeds(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "seeds");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    public string Text(int k)
    {
        var i = k / _seeds.Count;
        var place = Syllables[i % 20] + Syllables[i / 20 % 20] + Syllables[i / 400 % 20];
        var text = _seeds[k % _seeds.Count];
        var first = PlaceName().Match(text);
        if (first.Success) text = text.Replace(first.Groups[1].Value, place);
        var shift = i % 9;
        var sb = new StringBuilder(text.Length + 64);
        foreach (var line in text.Split('\n'))
        {
            sb.Append(line.Contains('\t') || line.Contains('|') ? Cell().Replace(line, m => (int.Parse(m.Value, CultureInfo.InvariantCulture) + shift).ToString(CultureInfo.InvariantCulture)) : line);
            sb.Append('\n');
        }
        sb.Append(CultureInfo.InvariantCulture, $"（报送编号：{k:D6}）\n");
        return sb.ToString();
    }

    /// <summary>Writes reports first..first+count-1 as NNNNNN.txt into <paramref name="folder"/> (via a .part file and a rename, as a careful sender would).</summary>
    public void Write(string folder, int count, int first = 0)
    {
        Directory.CreateDirectory(folder);
        for (var k = first; k < first + count; k++)
        {
            var path = Path.Combine(folder, $"{k:D6}.txt");
            File.WriteAllText(path + ".part", Text(k));
            File.Move(path + ".part", path, overwrite: true);
        }
    }

    /// <summary>
    /// Writes reports first..first+count-1 as NNNNNN.pdf into <paramref name="folder"/>: their texts laid out by
    /// LibreOffice (one call, a private profile), each a distinct report that pdftotext reads back.
    /// </summary>
    public void WritePdfs(string folder, int count, int first = 0)
    {
        var staging = Directory.CreateTempSubdirectory("dw-pdf-").FullName;
        try
        {
            var texts = new List<string>();
            for (var k = first; k < first + count; k++)
            {
                var path = Path.Combine(staging, $"{k:D6}.txt");
                File.WriteAllText(path, Text(k));
                texts.Add(path);
            }
            Directory.CreateDirectory(folder);
            foreach (var pdf in LibreOffice.ConvertToPdf(texts, staging, "Text (encoded):UTF8,LF,,,"))
                File.Move(pdf, Path.Combine(folder, Path.GetFileName(pdf)), overwrite: true);
        }
        finally { Directory.Delete(staging, recursive: true); }
    }

    [GeneratedRegex(@"([\u4e00-\u9fa5]{2})(?:县|乡|镇|区|市)")]
    private static partial Regex PlaceName();

    /// <summary>A value cell: a number standing alone between separators.</summary>
    [GeneratedRegex(@"(?<=^|[\t|]\s*)\d{1,6}(?=\s*(?:[\t|]|$))")]
    private static partial Regex Cell();
}
