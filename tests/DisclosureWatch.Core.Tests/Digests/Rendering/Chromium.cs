using System.Diagnostics;

namespace DisclosureWatch.Core.Tests.Digests.Rendering;

/// <summary>
/// Headless Chromium (Debian's chromium package) with a CJK font, installed by the fixture when missing — the
/// test fails loudly if it cannot be. Each screenshot runs in a fresh profile directory with networking off.
/// </summary>
public sealed class Chromium
{
    public string Executable { get; }

    public Chromium()
    {
        if (Find() is null || !HasCjkFont())
            Install();
        Executable = Find() ?? throw new InvalidOperationException("chromium is not installed and apt-get could not install it");
        if (!HasCjkFont()) throw new InvalidOperationException("no CJK font (fonts-noto-cjk) after installation: Chinese would render as boxes");
    }

    /// <summary>Renders <paramref name="htmlFile"/> at 800 × <paramref name="height"/> into <paramref name="pngFile"/>.</summary>
    public void Screenshot(string htmlFile, string pngFile, int height = 2000)
    {
        var profile = Directory.CreateTempSubdirectory("dw-chromium-");
        try
        {
            File.Delete(pngFile);
            var psi = new ProcessStartInfo(Executable)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var a in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                         "--user-data-dir=" + profile.FullName, "--screenshot=" + pngFile, $"--window-size=800,{height}",
                         new Uri(htmlFile).AbsoluteUri,
                     })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            _ = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish the screenshot of {htmlFile} in 120 s");
            }
            if (!File.Exists(pngFile))
#pragma warning disable RS0030 // a synchronous process runner: the pipes drain on the pool; the process has exited
                throw new InvalidOperationException($"chromium exited {p.ExitCode} without writing {pngFile}: {stderr.Result}");
#pragma warning restore RS0030
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { /* a crashpad helper may still hold a file */ }
        }
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Append("/usr/bin"))
        {
            var path = Path.Combine(dir, "chromium");
            if (File.Exists(path)) return path;
        }
        return null;
    }

    private static bool HasCjkFont()
    {
        try { return Run("fc-list", ":lang=zh", TimeSpan.FromSeconds(30)).Output.Trim().Length > 0; }
        catch (System.ComponentModel.Win32Exception) { return false; } // no fontconfig yet
    }

    private static void Install()
    {
        string[] args = ["-o", "DPkg::Lock::Timeout=600", "install", "-y", "-q", "--no-install-recommends", "chromium", "fonts-noto-cjk"];
        var first = Run("apt-get", args, TimeSpan.FromMinutes(15));
        if (first.Code == 0) return;
        var update = Run("apt-get", ["-o", "DPkg::Lock::Timeout=600", "update", "-q"], TimeSpan.FromMinutes(10));
        var second = Run("apt-get", args, TimeSpan.FromMinutes(15));
        if (second.Code != 0)
            throw new InvalidOperationException($"apt-get install chromium fonts-noto-cjk failed ({second.Code}): {update.Output}\n{second.Output}");
    }

    private static (int Code, string Output) Run(string file, string arg, TimeSpan timeout) => Run(file, [arg], timeout);

    private static (int Code, string Output) Run(string file, string[] args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(timeout)) { p.Kill(entireProcessTree: true); return (-1, $"{file} timed out"); }
#pragma warning disable RS0030 // a synchronous process runner: the pipes drain on the pool; the process has exited
        return (p.ExitCode, output + err.Result);
#pragma warning restore RS0030
    }
}
