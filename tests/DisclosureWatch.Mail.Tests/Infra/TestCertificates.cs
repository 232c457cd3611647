
namespace DisclosureWatch.Mail.Tests.Infra;

/// <summary>A private CA and a server certificate for 127.0.0.1/localhost, made with openssl for each run, plus an
/// unrelated CA to prove that trust is not blanket.</summary>
internal sealed class TestCertificates
{
    public required string CaFile { get; init; }
    public required string OtherCaFile { get; init; }
    public required string CertFile { get; init; }
    public required string KeyFile { get; init; }
    /// <summary>SHA-256 of the server certificate, "AB:CD:..." as openssl prints it.</summary>
    public required string Fingerprint { get; init; }

    public static TestCertificates Create(string dir)
    {
        Tools.EnsurePackages(() => Tools.Succeeds("openssl", "version"), "openssl");
        string P(string f) => Path.Combine(dir, f);
        foreach (var ca in new[] { "ca", "other-ca" })
            Tools.Run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", P(ca + ".key"),
                "-out", P(ca + ".pem"), "-subj", $"/CN=DisclosureWatch test {ca}",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Tools.Run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", P("server.key"), "-out", P("server.csr"),
            "-subj", "/CN=localhost");
        File.WriteAllText(P("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
            + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        Tools.Run("openssl", "x509", "-req", "-in", P("server.csr"), "-CA", P("ca.pem"), "-CAkey", P("ca.key"),
            "-CAcreateserial", "-days", "2", "-out", P("server.pem"), "-extfile", P("server.ext"));
        var fingerprint = Tools.Run("openssl", "x509", "-in", P("server.pem"), "-noout", "-fingerprint", "-sha256").Trim();
        return new TestCertificates
        {
            CaFile = P("ca.pem"), OtherCaFile = P("other-ca.pem"), CertFile = P("server.pem"), KeyFile = P("server.key"),
            Fingerprint = fingerprint[(fingerprint.IndexOf('=') + 1)..],
        };
    }
}
