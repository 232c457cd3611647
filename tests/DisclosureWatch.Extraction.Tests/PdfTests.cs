using System.Globalization;
using System.Text;

namespace DisclosureWatch.Extraction.Tests;

/// <summary>Real PDFs through the real pdftotext (poppler-utils, installed by .ci/install-deps).</summary>
public class PdfTests
{
    private static string Huaian => Path.Combine(RepoPaths.RealReports, "huaian-city-2024.pdf");

    [Fact]
    public void The_huaian_report_comes_through_pdftotext_with_its_numbers()
    {
        var document = DocumentReader.Read(Huaian);
        var text = string.Join('\n', document.Lines.Select(l => l.Text));

        Assert.Equal("pdf", document.Format);
        Assert.Contains("淮安市人民政府", text);
        Assert.Contains("3119", text);
        Assert.Contains("一、总体情况", text);
        Assert.DoesNotContain('\f', text); // page breaks are line breaks
        Assert.All(document.Lines, l => Assert.False(l.IsTableRow)); // -layout keeps columns as spaces for the parser
    }

    [Fact]
    public void A_pdf_from_memory_reads_like_the_file()
    {
        var fromFile = DocumentReader.Read(Huaian);
        var fromBytes = DocumentReader.Read(File.ReadAllBytes(Huaian), "attachment.pdf");
        using var stream = File.OpenRead(Huaian);
        var fromStream = DocumentReader.Read(stream, "attachment.pdf");

        Assert.Equal(fromFile.Lines, fromBytes.Lines);
        Assert.Equal(fromFile.Lines, fromStream.Lines);
    }

    [Fact]
    public void A_pdf_with_pages_but_no_text_is_reported_as_scanned()
    {
        var e = Assert.Throws<ExtractionException>(() => DocumentReader.Read(PdfWithoutText(pages: 3), "scan.pdf"));

        Assert.Equal("scan.pdf", e.File);
        Assert.StartsWith("PDF没有文字层（可能是扫描件）", e.Reason);
        Assert.Contains("3页", e.Reason);
    }

    [Fact]
    public void A_password_protected_pdf_says_so()
    {
        var e = Assert.Throws<ExtractionException>(() => DocumentReader.Read(RepoPaths.Fixture("encrypted.pdf")));

        Assert.StartsWith("PDF已加密（设有密码）", e.Reason);
        Assert.Contains("Incorrect password", e.Reason);
    }

    [Fact]
    public void A_corrupt_pdf_reports_pdftotexts_complaint()
    {
        var junk = Encoding.ASCII.GetBytes("%PDF-1.7\n" + new string('x', 5000));

        var e = Assert.Throws<ExtractionException>(() => DocumentReader.Read(junk, "broken.pdf"));

        Assert.StartsWith("PDF文件已损坏或不是PDF，无法读取（pdftotext 退出码", e.Reason);
        Assert.DoesNotContain("Syntax", e.Reason); // poppler's "Syntax Error: …" prefixes go, its words stay as the detail
        Assert.DoesNotContain("broken.pdf", e.Reason); // the file is named once, by ExtractionException
        Assert.DoesNotContain(".pdf'", e.Reason);
    }

    /// <summary>A valid PDF whose pages hold only a filled rectangle: what a scanner's image-only PDF looks like to pdftotext.</summary>
    internal static byte[] PdfWithoutText(int pages)
    {
        const string drawing = "0.6 g 72 72 451 698 re f";
        return PdfReader.MinimalPdf(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(' ', Enumerable.Range(0, pages).Select(i => $"{4 + i} 0 R"))}] /Count {pages} >>",
            $"<< /Length {drawing.Length} >>\nstream\n{drawing}\nendstream",
            .. Enumerable.Repeat("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 3 0 R >>", pages),
        ]);
    }

    private static IEnumerable<string> SeedPdfs() =>
        Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "DisclosureWatch.Worker.Tests", "Fixtures", "pdf"), "*.pdf").Order(StringComparer.Ordinal);

    [Fact]
    public void Pdfs_read_together_give_each_the_lines_it_gives_alone()
    {
        string[] pdfs = [Huaian, .. SeedPdfs()];

        var together = DocumentReader.ReadPdfs(pdfs);

        Assert.Equal(6, together.Count);
        for (var i = 0; i < pdfs.Length; i++)
        {
            Assert.NotNull(together[i]);
            Assert.Equal(DocumentReader.Read(pdfs[i]).Lines, together[i]!.Lines);
        }
    }

    [Fact]
    public void A_pdf_the_group_cannot_read_is_left_to_be_read_alone()
    {
        var dir = Directory.CreateTempSubdirectory("dw-pdf-group-").FullName;
        try
        {
            var scanned = Path.Combine(dir, "scan.pdf");
            File.WriteAllBytes(scanned, PdfWithoutText(pages: 2));
            var seed = SeedPdfs().First();

            var withScan = DocumentReader.ReadPdfs([seed, scanned, Huaian]);

            Assert.Null(withScan[1]); // alone it fails with the scanned-PDF reason, which Read gives
            Assert.Equal(DocumentReader.Read(seed).Lines, withScan[0]!.Lines);
            Assert.Equal(DocumentReader.Read(Huaian).Lines, withScan[2]!.Lines);

            // pdfunite refuses an encrypted PDF and a broken one: the whole group is read file by file.
            var broken = Path.Combine(dir, "broken.pdf");
            File.WriteAllText(broken, "%PDF-1.7\n" + new string('x', 5000));
            Assert.All(DocumentReader.ReadPdfs([seed, RepoPaths.Fixture("encrypted.pdf"), Huaian]), Assert.Null);
            Assert.All(DocumentReader.ReadPdfs([seed, broken, Huaian]), Assert.Null);
            // Not PDFs, missing or alone: nothing to group.
            Assert.All(DocumentReader.ReadPdfs([seed, Path.Combine(dir, "missing.pdf"), Path.Combine(RepoPaths.Fixtures, "000_7ac7e868a8ffd8af.docx")]), Assert.Null);
            Assert.All(DocumentReader.ReadPdfs([seed, Huaian], new ExtractionOptions { PdfunitePath = Path.Combine(dir, "no-pdfunite") }), Assert.Null);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_separator_page_reads_back_as_its_text_alone()
    {
        var dir = Directory.CreateTempSubdirectory("dw-separator-").FullName;
        try
        {
            var path = Path.Combine(dir, "separator.pdf");
            File.WriteAllBytes(path, PdfReader.SeparatorPdf());
            var lines = DocumentReader.Read(path, new ExtractionOptions { MinPdfCharsPerPage = 1 }).Lines.Select(l => l.Text.Trim()).Where(t => t.Length > 0);

            Assert.Equal([PdfReader.SeparatorText], lines);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("a\fb\fSEP\fc\fSEP\f", new[] { "a\fb\f", "c\f" })]
    [InlineData("SEP\f\fSEP\f", new[] { "", "\f" })] // an empty document, and one blank page
    [InlineData("a\fSEP\fb\f", new[] { "a\f", "b\f" })] // pages after the last separator: one part more than separators
    [InlineData("a\fSEP\fb", new[] { "a\f", "b" })]
    public void A_group_text_is_cut_at_its_separator_pages(string text, string[] parts) =>
        Assert.Equal(parts, PdfReader.SplitAtSeparators(text.Replace("SEP", "  " + PdfReader.SeparatorText + "\n")));
}

/// <summary>Tests that put their own pdftotext first on PATH: they must not run beside other PDF tests.</summary>
[CollectionDefinition(nameof(PathCollection), DisableParallelization = true)]
public class PathCollection;

/// <summary>
/// Our handling of a pdftotext that misbehaves: a real executable script named pdftotext, first on PATH,
/// that hangs (with a child of its own), floods its output, or is absent.
/// </summary>
[Collection(nameof(PathCollection))]
public sealed class PdftotextProcessTests : IDisposable
{
    private readonly string bin = Directory.CreateTempSubdirectory("dw-fake-pdftotext-").FullName;
    private readonly string? originalPath = Environment.GetEnvironmentVariable("PATH");

    private static string Huaian => Path.Combine(RepoPaths.RealReports, "huaian-city-2024.pdf");

    private void FakePdftotext(string script)
    {
        var path = Path.Combine(bin, "pdftotext");
        File.WriteAllText(path, "#!/bin/sh\n" + script + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Environment.SetEnvironmentVariable("PATH", bin + Path.PathSeparator + originalPath);
    }

    [Fact]
    public void A_hanging_pdftotext_is_killed_with_its_children_at_the_time_limit()
    {
        var childPid = Path.Combine(bin, "child.pid");
        FakePdftotext($"sleep 300 &\necho $! > '{childPid}'\nwait");

        var e = Assert.Throws<ExtractionException>(() =>
            DocumentReader.Read(Huaian, new ExtractionOptions { PdfTimeout = TimeSpan.FromSeconds(1) }));

        Assert.Equal("pdftotext timed out after 1 s (process tree killed)", e.Reason);
        var pid = int.Parse(File.ReadAllText(childPid).Trim(), CultureInfo.InvariantCulture);
        Assert.True(WaitUntilGone(pid), $"the hanging child {pid} still runs");
    }

    [Fact]
    public void A_pdftotext_flooding_its_output_is_stopped_at_the_cap()
    {
        FakePdftotext("exec yes 政府信息公开工作年度报告");

        var e = Assert.Throws<ExtractionException>(() =>
            DocumentReader.Read(Huaian, new ExtractionOptions { MaxPdfTextChars = 100_000 }));

        Assert.Equal("pdftotext output exceeds 100,000 characters", e.Reason);
    }

    [Fact]
    public void A_missing_pdftotext_says_which_package_to_install()
    {
        Environment.SetEnvironmentVariable("PATH", bin); // an empty directory: no pdftotext anywhere

        var e = Assert.Throws<ExtractionException>(() => DocumentReader.Read(Huaian));

        Assert.StartsWith("pdftotext not found: install poppler-utils", e.Reason);
    }

    [Fact]
    public void The_real_pdftotext_is_used_again_once_path_is_restored()
    {
        FakePdftotext("exit 3");
        Assert.Contains("退出码 3", Assert.Throws<ExtractionException>(() => DocumentReader.Read(Huaian)).Reason);

        Environment.SetEnvironmentVariable("PATH", originalPath);
        Assert.NotEmpty(DocumentReader.Read(Huaian).Lines);
    }

    /// <summary>True once the process is gone or a zombie (killed, waiting for init to reap it).</summary>
    private static bool WaitUntilGone(int pid)
    {
        for (var i = 0; i < 100; i++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat)) return true;
            try
            {
                var state = File.ReadAllText(stat).Split(')')[^1].Trim()[0];
                if (state is 'Z' or 'X') return true;
            }
            catch (IOException)
            {
                return true;
            }
            Thread.Sleep(50);
        }
        return false;
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PATH", originalPath);
        Directory.Delete(bin, recursive: true);
    }
}
