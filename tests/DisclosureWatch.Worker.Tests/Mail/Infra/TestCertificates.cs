using System.Net;

namespace DisclosureWatch.Worker.Tests.Mail.Infra;

/// <summary>
/// A private CA and a server certificate for 127.0.0.1/localhost, made with openssl for each run, plus an unrelated CA
/// to prove that trust is not blanket, and a second server certificate that the CA has revoked. The CA's CRL is served
/// over HTTP on 127.0.0.1 (<see cref="CrlServer"/>) and named in every certificate's CRL distribution point, so the
/// worker's revocation check (on by default) really asks it.
/// </summary>
internal sealed class TestCertificates
{
    public required string CaFile { get; init; }
    public required string OtherCaFile { get; init; }
    public required string CertFile { get; init; }
    public required string KeyFile { get; init; }
    /// <summary>A certificate for the same names, revoked in the CA's CRL.</summary>
    public required string RevokedCertFile { get; init; }
    public required string RevokedKeyFile { get; init; }
    /// <summary>SHA-256 of the server certificate, "AB:CD:..." as openssl prints it.</summary>
    public required string Fingerprint { get; init; }

    public static TestCertificates Create(string dir)
    {
        Tools.EnsurePackages(() => Tools.Succeeds("openssl", "version"), "openssl");
        string P(string f) => Path.Combine(dir, f);
        foreach (var ca in new[] { "ca", "other-ca" })
            Tools.Run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", P(ca + ".key"),
                "-out", P(ca + ".pem"), "-subj", $"/CN=DisclosureWatch test {ca} {Path.GetFileName(Path.GetDirectoryName(dir))}",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        var crlName = $"{Guid.NewGuid():N}.crl";
        var crlUrl = CrlServer.Url(crlName);
        File.WriteAllText(P("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
            + $"keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\ncrlDistributionPoints=URI:{crlUrl}\n");
        File.WriteAllText(P("index.txt"), "");
        File.WriteAllText(P("ca.cnf"), $"""
            [ca]
            default_ca = test
            [test]
            database = {P("index.txt")}
            crlnumber = {P("crlnumber")}
            default_md = sha256
            default_crl_days = 2
            """);
        File.WriteAllText(P("crlnumber"), "01\n");
        foreach (var name in new[] { "server", "revoked" })
        {
            Tools.Run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", P(name + ".key"), "-out", P(name + ".csr"), "-subj", "/CN=localhost");
            Tools.Run("openssl", "x509", "-req", "-in", P(name + ".csr"), "-CA", P("ca.pem"), "-CAkey", P("ca.key"),
                "-CAcreateserial", "-days", "2", "-out", P(name + ".pem"), "-extfile", P("server.ext"));
        }
        Tools.Run("openssl", "ca", "-config", P("ca.cnf"), "-cert", P("ca.pem"), "-keyfile", P("ca.key"), "-revoke", P("revoked.pem"));
        Tools.Run("openssl", "ca", "-config", P("ca.cnf"), "-cert", P("ca.pem"), "-keyfile", P("ca.key"), "-gencrl", "-out", P("ca.crl.pem"));
        Tools.Run("openssl", "crl", "-in", P("ca.crl.pem"), "-outform", "DER", "-out", P("ca.crl"));
        CrlServer.Publish(crlName, File.ReadAllBytes(P("ca.crl")));
        var fingerprint = Tools.Run("openssl", "x509", "-in", P("server.pem"), "-noout", "-fingerprint", "-sha256").Trim();
        return new TestCertificates
        {
            CaFile = P("ca.pem"), OtherCaFile = P("other-ca.pem"), CertFile = P("server.pem"), KeyFile = P("server.key"),
            RevokedCertFile = P("revoked.pem"), RevokedKeyFile = P("revoked.key"),
            Fingerprint = fingerprint[(fingerprint.IndexOf('=') + 1)..],
        };
    }
}

/// <summary>A real HTTP server (HttpListener) on 127.0.0.1, one per test process, serving the test CAs' CRLs.</summary>
internal static class CrlServer
{
    private static readonly Dictionary<string, byte[]> Files = [];
    private static readonly Lazy<int> Port = new(Start);

    public static string Url(string name) => $"http://127.0.0.1:{Port.Value}/{name}";

    public static void Publish(string name, byte[] content)
    {
        lock (Files) Files[name] = content;
    }

    private static int Start()
    {
        var port = Tools.FreePort();
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => listener.Close();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                byte[]? body;
                lock (Files) Files.TryGetValue(context.Request.Url!.AbsolutePath.TrimStart('/'), out body);
                context.Response.StatusCode = body is null ? 404 : 200;
                context.Response.ContentType = "application/pkix-crl";
                if (body is not null) await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });
        return port;
    }
}
