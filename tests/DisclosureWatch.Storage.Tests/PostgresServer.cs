using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace DisclosureWatch.Tests.Shared;

/// <summary>
/// A real PostgreSQL for the tests: installed with apt-get when missing, initdb into a temporary folder,
/// started with pg_ctl on a free loopback port (as the postgres user when we are root), stopped and removed
/// at the end. Fails loudly when it cannot; never skips.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _dir;
    private readonly string _bin;
    private int _databases;

    public int Port { get; }

    public PostgresServer()
    {
        _bin = FindBin() ?? Install();
        _dir = Path.Combine(Path.GetTempPath(), $"dw-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(_dir);
        var root = Environment.UserName == "root";
        if (root) Run("chown", ["-R", "postgres:postgres", _dir]);
        Port = FreePort();
        var data = Path.Combine(_dir, "data");
        RunPg("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"], root);
        RunPg("pg_ctl", ["start", "-w", "-t", "60", "-D", data, "-l", Path.Combine(_dir, "server.log"),
            "-o", $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"], root);
    }

    /// <summary>A fresh, empty database; returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = $"dw_test_{Interlocked.Increment(ref _databases)}";
        using (var c = new NpgsqlConnection(ConnectionString("postgres")))
        {
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            cmd.ExecuteNonQuery();
        }
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=20;Timeout=30";

    public void Dispose()
    {
        try { RunPg("pg_ctl", ["stop", "-m", "immediate", "-w", "-D", Path.Combine(_dir, "data")], Environment.UserName == "root"); }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        }
    }

    private static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
            : null;

    private static string Install()
    {
        Run("apt-get", ["-o", "DPkg::Lock::Timeout=600", "update", "-qq"]);
        Run("apt-get", ["-o", "DPkg::Lock::Timeout=600", "install", "-y", "-qq", "--no-install-recommends", "postgresql"],
            ("DEBIAN_FRONTEND", "noninteractive"));
        return FindBin() ?? throw new InvalidOperationException("postgresql installed but no initdb under /usr/lib/postgresql/*/bin");
    }

    private void RunPg(string tool, string[] args, bool asPostgres)
    {
        var exe = Path.Combine(_bin, tool);
        if (asPostgres) Run("runuser", ["-u", "postgres", "--", exe, .. args]);
        else Run(exe, args);
    }

    private static void Run(string file, string[] args, params (string, string)[] env)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10))) { p.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', args)} timed out"); }
        if (p.ExitCode != 0)
#pragma warning disable RS0030 // a synchronous process runner: the pipes drain on the pool; the process has exited
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
#pragma warning restore RS0030
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
