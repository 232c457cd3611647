using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace DisclosureWatch.Worker.Tests.Mail.Infra;

/// <summary>A real SMTP server (Fixtures/smtp_server.py on Debian's python3-aiosmtpd) with an implicit-TLS port
/// and a STARTTLS port, AUTH required, saving what it receives to <see cref="OutDir"/>.</summary>
internal sealed class SmtpServer : IAsyncDisposable
{
    public const string User = "digest@dw.test";
    public const string Password = "smtp-密码-1";
    private Process? _process;

    private SmtpServer(TestCertificates certificates, string outDir)
    {
        Certificates = certificates;
        OutDir = outDir;
        ImplicitPort = Tools.FreePort();
        StartTlsPort = Tools.FreePort();
    }

    public TestCertificates Certificates { get; }
    public string OutDir { get; }
    public int ImplicitPort { get; }
    public int StartTlsPort { get; }

    public static async Task<SmtpServer> StartAsync(TestCertificates certificates, string outDir)
    {
        Tools.EnsurePackages(() => Tools.Succeeds(Tools.Python, "-c", "import aiosmtpd"), "python3-aiosmtpd");
        var server = new SmtpServer(certificates, outDir);
        var psi = new ProcessStartInfo(Tools.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Tools.FixturePath("smtp_server.py"), certificates.CertFile, certificates.KeyFile, outDir,
                     User, Password, server.ImplicitPort.ToString(CultureInfo.InvariantCulture), server.StartTlsPort.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        server._process = Process.Start(psi)!;
        var ready = server._process.StandardOutput.ReadLineAsync();
        if (await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(30))) != ready || await ready != "READY")
        {
            server._process.Kill(true);
            throw new InvalidOperationException("smtp_server.py did not start: " + await server._process.StandardError.ReadToEndAsync());
        }
        return server;
    }

    /// <summary>Waits (on the file system's event, at most 30 s) for the n-th received message and returns its path and envelope.
    /// The server writes NNN.eml, then renames NNN.json into place: the envelope's appearance means both are whole.</summary>
    public async Task<(string Eml, JsonElement Envelope)> ReceivedAsync(int n)
    {
        var eml = Path.Combine(OutDir, $"{n:000}.eml");
        var json = Path.Combine(OutDir, $"{n:000}.json");
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (var watcher = new FileSystemWatcher(OutDir, Path.GetFileName(json)) { NotifyFilter = NotifyFilters.FileName })
        {
            watcher.Renamed += (_, _) => written.TrySetResult();
            watcher.EnableRaisingEvents = true;
            if (!File.Exists(json)) await written.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        return (eml, JsonDocument.Parse(await File.ReadAllTextAsync(json)).RootElement);
    }

    /// <summary>What Python's email parser (Fixtures/inspect_eml.py) reads in a message.</summary>
    public static JsonElement Inspect(string eml) =>
        JsonDocument.Parse(Tools.Run(Tools.Python, Tools.FixturePath("inspect_eml.py"), eml)).RootElement;

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }
}
