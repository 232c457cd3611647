using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DisclosureWatch.Worker.Tests.Mail.Infra;

/// <summary>Small helpers for the integration fixtures: running programs, apt installs, ports, paths.</summary>
internal static class Tools
{
    /// <summary>Runs a program to completion; a non-zero exit fails loudly with its output.</summary>
    public static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0)
#pragma warning disable RS0030 // a synchronous process runner: the pipes drain on the pool; the process has exited
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
#pragma warning restore RS0030
    }

    public static bool Succeeds(string file, params string[] args)
    {
        try { Run(file, args); return true; }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { return false; }
    }

    private static readonly object AptLock = new();

    /// <summary>Installs Debian packages unless <paramref name="present"/> says they are there already.
    /// Other test projects may run apt at the same time, hence the dpkg lock timeout.</summary>
    public static void EnsurePackages(Func<bool> present, params string[] packages)
    {
        lock (AptLock)
        {
            if (present()) return;
            string[] install = ["-o", "DPkg::Lock::Timeout=600", "install", "-y", "-q", "--no-install-recommends", .. packages];
            if (!Succeeds("apt-get", install))
            {
                Run("apt-get", "-o", "DPkg::Lock::Timeout=600", "update", "-q");
                Run("apt-get", install);
            }
            if (!present()) throw new InvalidOperationException($"installed {string.Join(' ', packages)} but they are still missing");
        }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static async Task WaitForPortAsync(int port, TimeSpan timeout, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline) { await Task.Delay(100); }
            catch (SocketException e) { throw new InvalidOperationException($"port {port} never opened: {e.Message}\n{diagnostics()}"); }
        }
    }

    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>The project's shared/ folder (seeds, real reports): $DW_SHARED, a "shared" folder beside an
    /// ancestor of the test binaries (CI clones the repo next to it), or /work/shared.</summary>
    public static string SharedDir
    {
        get
        {
            if (Environment.GetEnvironmentVariable("DW_SHARED") is { Length: > 0 } env) return env;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared");
                if (Directory.Exists(Path.Combine(candidate, "seeds"))) return candidate;
            }
            return "/work/shared";
        }
    }

    public static string Python => "/usr/bin/python3"; // Debian's, which sees python3-aiosmtpd (not a pyenv one)

    public static string NewTempDir(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
