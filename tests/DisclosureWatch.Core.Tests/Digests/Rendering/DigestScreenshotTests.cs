using DisclosureWatch.Core.Digests;

namespace DisclosureWatch.Core.Tests.Digests.Rendering;

/// <summary>
/// The seed week's digest rendered by a real browser engine (headless Chromium) the size of a mail reading pane.
/// The screenshots stay in the test output (TestResults/digest*.png) for a person to look at.
/// </summary>
public class DigestScreenshotTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static string Output(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    [Fact]
    public void The_seed_week_renders_with_its_bars_and_text()
    {
        var digest = DigestSamples.Build(DigestSamples.SeedWeek());
        var html = Output("digest.html");
        File.WriteAllText(html, digest.Html);
        File.WriteAllText(Output("digest.txt"), digest.Subject + "\n\n" + digest.Text);

        // What a reading pane shows first (800 × 2000), and the whole digest.
        var top = Output("digest.png");
        chromium.Screenshot(html, top, 2000);
        var full = Output("digest-full.png");
        chromium.Screenshot(html, full, 6000);

        Assert.True(new FileInfo(top).Length > 20_000, $"{top} is only {new FileInfo(top).Length} bytes");
        var png = Png.Read(top);
        Assert.Equal((800, 2000), (png.Width, png.Height));
        // The header band, and the error bars of the first reports, are on the first screen.
        Assert.True(png.Count("#1f4e79") > 5_000, "the header band is missing");
        Assert.True(png.Count(DigestHtml.ErrorColour) > 500, "no error bar on the first screen");

        var whole = Png.Read(full);
        Assert.True(whole.Count(DigestHtml.ThemeColour) > 1_000, "no theme bar");
        Assert.True(whole.Count(DigestHtml.BoilerColour) > 300, "no boilerplate bar");
        // One bar per theme: the theme colour appears in as many separate bands (bar height 10px) as there are themes.
        var themeRows = whole.RowsWith(DigestHtml.ThemeColour).ToList();
        Assert.True(Bands(themeRows) >= digest.Figures.Themes.Count, $"{Bands(themeRows)} bands for {digest.Figures.Themes.Count} themes");
    }

    [Fact]
    public void An_empty_week_renders_without_bars()
    {
        var input = DigestSamples.SeedWeek() with { Reports = [], OrgansReported = [] };
        var html = Output("digest-empty.html");
        File.WriteAllText(html, DigestSamples.Build(input).Html);
        var png = Output("digest-empty.png");
        chromium.Screenshot(html, png, 2000);
        var image = Png.Read(png);
        Assert.True(image.Count("#1f4e79") > 5_000);
        Assert.Equal(0, image.Count(DigestHtml.ErrorColour) + image.Count(DigestHtml.ThemeColour));
    }

    private static int Bands(List<int> rows) => rows.Count == 0 ? 0 : 1 + rows.Zip(rows.Skip(1)).Count(p => p.Second - p.First > 1);
}
