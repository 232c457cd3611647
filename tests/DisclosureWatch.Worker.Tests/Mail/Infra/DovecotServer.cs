using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DisclosureWatch.Worker.Tests.Mail.Infra;

/// <summary>A real Dovecot 2.3 run by the tests as a foreground process: 127.0.0.1 only, free ports for IMAPS
/// (implicit TLS) and IMAP (STARTTLS required before login), a passwd-file with one user per test, maildirs in
/// a temp dir, and the test CA's server certificate. Installed with apt when missing.</summary>
internal sealed class DovecotServer : IAsyncDisposable
{
    public const string Password = "s3cret-密码";
    private const int MailUid = 65534; // nobody: Dovecot refuses uid 0 for mail users
    private readonly string _dir;
    private Process? _process;

    public DovecotServer(TestCertificates certificates, string dir, IEnumerable<string> users)
    {
        _dir = dir;
        Certificates = certificates;
        ImapsPort = Tools.FreePort();
        ImapPort = Tools.FreePort();
        Directory.CreateDirectory(Path.Combine(dir, "run"));
        Directory.CreateDirectory(Path.Combine(dir, "state"));
        Directory.CreateDirectory(Path.Combine(dir, "home"));
        var userList = users.ToList();
        File.WriteAllLines(Path.Combine(dir, "users"), userList.Select(u => $"{u}:{{PLAIN}}{Password}::::::"));
        foreach (var user in userList) Directory.CreateDirectory(Path.Combine(dir, "home", user));
        Tools.Run("chown", "-R", $"{MailUid}:{MailUid}", Path.Combine(dir, "home"));
        File.WriteAllText(ConfigFile, $$"""
            base_dir = {{dir}}/run
            state_dir = {{dir}}/state
            log_path = {{dir}}/dovecot.log
            instance_name = dw-test-{{ImapsPort}}
            listen = 127.0.0.1
            protocols = imap
            ssl = required
            ssl_cert = <{{certificates.CertFile}}
            ssl_key = <{{certificates.KeyFile}}
            disable_plaintext_auth = yes
            auth_mechanisms = plain login
            mail_location = maildir:~/Maildir
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{dir}}/users
            }
            userdb {
              driver = static
              args = uid={{MailUid}} gid={{MailUid}} home={{dir}}/home/%u
            }
            service imap-login {
              chroot =
              inet_listener imap {
                port = {{ImapPort}}
              }
              inet_listener imaps {
                port = {{ImapsPort}}
                ssl = yes
              }
            }
            service anvil {
              chroot =
            }
            """);
        // Dovecot's unprivileged processes (auth as dovecot, imap as nobody) must reach these whatever the umask.
        Tools.Run("chmod", "-R", "a+rX", dir);
    }

    public TestCertificates Certificates { get; }
    public int ImapsPort { get; }
    public int ImapPort { get; }
    private string ConfigFile => Path.Combine(_dir, "dovecot.conf");
    public string Log => File.Exists(Path.Combine(_dir, "dovecot.log")) ? File.ReadAllText(Path.Combine(_dir, "dovecot.log")) : "";

    public bool IsRunning => _process is { HasExited: false };

    public static void EnsureInstalled() =>
        Tools.EnsurePackages(() => File.Exists("/usr/sbin/dovecot") && File.Exists("/usr/lib/dovecot/imap"), "dovecot-imapd");

    public async Task StartAsync()
    {
        var psi = new ProcessStartInfo("/usr/sbin/dovecot") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-F", "-c", ConfigFile }) psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        var output = new StringBuilder();
        _process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        string Diagnostics() { lock (output) return $"dovecot output:\n{output}\nlog:\n{Log}"; }
        await Tools.WaitForPortAsync(ImapsPort, TimeSpan.FromSeconds(30), Diagnostics);
        await Tools.WaitForPortAsync(ImapPort, TimeSpan.FromSeconds(30), Diagnostics);
    }

    /// <summary>Kills the master and every child (imap, imap-login, auth...) at once: connections drop mid-stream.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
        File.Delete(Path.Combine(_dir, "run", "master.pid"));
    }

    /// <summary>SIGSTOP (or SIGCONT) to the master and all its children: the ports still accept connections
    /// (kernel backlog) but nothing answers — a hung server.</summary>
    public void Freeze(bool frozen)
    {
        // The master first, so that it forks no new child meanwhile; a child that exits between the listing and its
        // signal is simply gone (signalling it fails, which is fine), and must not fail the test or leave the rest frozen.
        foreach (var pid in ProcessTree(_process!.Id))
            Tools.Succeeds("kill", frozen ? "-STOP" : "-CONT", pid.ToString(CultureInfo.InvariantCulture));
    }

    private static List<int> ProcessTree(int root)
    {
        var pids = new List<int>();
        void Collect(int pid)
        {
            pids.Add(pid);
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                    foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        Collect(int.Parse(child, CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // exited while we looked
        }
        Collect(root);
        return pids;
    }

    public string MaildirOf(string user) => Path.Combine(_dir, "home", user, "Maildir");

    private static int _delivered;

    /// <summary>Delivers raw messages the way an MDA does: write into Maildir/tmp, rename into Maildir/new.</summary>
    public void Deliver(string user, string folder, IEnumerable<string> emlFiles)
    {
        var root = MaildirOf(user);
        var box = folder == "INBOX" ? root : Path.Combine(root, "." + folder);
        foreach (var sub in new[] { "tmp", "new", "cur" }) Directory.CreateDirectory(Path.Combine(box, sub));
        foreach (var eml in emlFiles)
        {
            // Unique across calls: two deliveries to one mailbox within a second must not share a name.
            var name = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.M{Interlocked.Increment(ref _delivered)}P{Environment.ProcessId}.dwtest";
            var tmp = Path.Combine(box, "tmp", name);
            File.Copy(eml, tmp);
            File.Move(tmp, Path.Combine(box, "new", name));
        }
        Tools.Run("chown", "-R", $"{MailUid}:{MailUid}", Path.Combine(_dir, "home", user));
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}

/// <summary>
/// One Dovecot for a test collection, with its own CA and one passwd-file user per test, so that tests never see
/// each other's mail. Shared by the mail library's tests and the mail job's.
/// </summary>
public abstract class DovecotFixtureBase(string[] users, string name) : Xunit.IAsyncLifetime
{
    internal DovecotServer Server { get; private set; } = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        DovecotServer.EnsureInstalled();
        _dir = Tools.NewTempDir(name);
        var certificates = TestCertificates.Create(Directory.CreateDirectory(Path.Combine(_dir, "certs")).FullName);
        Server = new DovecotServer(certificates, _dir, users);
        await Server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
