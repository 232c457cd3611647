using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using DisclosureWatch.Worker.Inbox;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Tests.Hosting;

/// <summary>A temporary data directory, removed afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("dw-test-").FullName;

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

public static class Seeds
{
    public static string Folder => SyntheticReports.FindSeeds(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException("shared/seeds not found above " + AppContext.BaseDirectory);

    public static string[] Files => Directory.GetFiles(Folder, "*.txt").Order(StringComparer.Ordinal).ToArray();

    /// <summary>The three bad inputs of the issue: an empty .txt, random bytes named .pdf, a truncated .docx.</summary>
    public static void WriteBadFiles(string folder)
    {
        File.WriteAllBytes(System.IO.Path.Combine(folder, "empty.txt"), []);
        var random = new byte[4096];
        new Random(42).NextBytes(random);
        File.WriteAllBytes(System.IO.Path.Combine(folder, "random.pdf"), random);
        var docx = SyntheticReports.FindSeeds(AppContext.BaseDirectory) is { } seeds
            ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(seeds)!, "real-reports", "national-template-2021.docx")
            : throw new FileNotFoundException("national-template-2021.docx");
        var bytes = File.ReadAllBytes(docx);
        File.WriteAllBytes(System.IO.Path.Combine(folder, "truncated.docx"), bytes[..(bytes.Length / 3)]);
    }

    public static void CopyTo(string folder)
    {
        foreach (var f in Files) File.Copy(f, System.IO.Path.Combine(folder, System.IO.Path.GetFileName(f)));
    }
}

/// <summary>
/// Sonarr-style: every log entry of a test host is kept, and a test fails when an Error or Critical entry was
/// written that the test did not expect.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AssertNoUnexpectedErrors(Func<string, bool>? expected = null)
    {
        var errors = Entries.Where(e => e.Level >= LogLevel.Error && !(expected?.Invoke(e.Message) ?? false)).ToList();
        Assert.True(errors.Count == 0, "unexpected Error-level log entries:\n" +
            string.Join("\n", errors.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception}")));
    }

    public void Dispose() { }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((logLevel, category, formatter(state, exception), exception));
    }
}

/// <summary>The built `dw` run as a real process (dotnet dw.dll …), its console output kept.</summary>
public sealed class DwProcess : IDisposable
{
    private readonly Process _process;
    public ConcurrentQueue<string> Output { get; } = new();

    public DwProcess(string workingDirectory, IDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(System.IO.Path.Combine(AppContext.BaseDirectory, "dw.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("DW_", StringComparison.Ordinal) || k is "INVOCATION_ID" or "JOURNAL_STREAM").ToList())
            psi.Environment.Remove(key);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        _process = new Process { StartInfo = psi };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) Output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Output.Enqueue(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Text => string.Join("\n", Output);

    public void KillHard() { _process.Kill(entireProcessTree: true); _process.WaitForExit(); }

    /// <summary>SIGTERM, as systemd stops a service; returns the exit code.</summary>
    public int Terminate(TimeSpan timeout)
    {
        if (kill(_process.Id, 15) != 0) throw new InvalidOperationException("kill(SIGTERM) failed");
        if (!_process.WaitForExit(timeout)) { KillHard(); throw new TimeoutException("dw did not stop within " + timeout + ":\n" + Text); }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) { KillHard(); throw new TimeoutException("dw did not exit:\n" + Text); }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Error-level console lines ("fail:", "crit:") the process wrote.</summary>
    public IReadOnlyList<string> ErrorLines => Output.Where(l => l.Contains(" fail: ") || l.Contains(" crit: ") || l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal)).ToList();

    public void Dispose()
    {
        if (!_process.HasExited) KillHard();
        _process.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}

public static class Wait
{
    public static void Until(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout) Assert.Fail($"timed out after {timeout}: {describe()}");
            Thread.Sleep(50);
        }
    }

    public static int FilesUnder(string folder) => Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count() : 0;
}
