using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DisclosureWatch.Mail.Tls;

public enum TlsMode
{
    /// <summary>TLS from the first byte (IMAPS 993, SMTPS 465).</summary>
    Implicit,
    /// <summary>Plain connection upgraded with STARTTLS before any credentials are sent (IMAP 143, SMTP 587/25).</summary>
    StartTls,
}

/// <summary>How to connect and which server certificate to accept. Validation is always on: by default the system
/// trust store and the host name decide. A private server can be trusted through exactly one CA certificate
/// (<see cref="TrustedCaFile"/>: the chain must end there, host name still checked) or one pinned certificate
/// (<see cref="TrustedCertificateSha256"/>: that exact certificate, whatever its name or issuer). If both are set,
/// both must hold. There is deliberately no switch that accepts any certificate.</summary>
public sealed record TlsOptions
{
    public TlsMode Mode { get; init; } = TlsMode.Implicit;
    /// <summary>PEM or DER file of the one CA to trust, instead of the system store.</summary>
    public string? TrustedCaFile { get; init; }
    /// <summary>SHA-256 of the server's leaf certificate (hex, colons/spaces allowed), e.g. from
    /// <c>openssl x509 -noout -fingerprint -sha256</c>.</summary>
    public string? TrustedCertificateSha256 { get; init; }
    /// <summary>Name to send as SNI and to check the certificate against; defaults to the host connected to.</summary>
    public string? ServerName { get; init; }
}

/// <summary>The certificate decision for <see cref="TlsOptions"/>; records why a certificate was refused.</summary>
internal sealed class CertificateValidator(TlsOptions options)
{
    private X509Certificate2? _ca;

    public string? Refusal { get; private set; }

    /// <summary>With neither option: the system's verdict. With a pin: the leaf must have that SHA-256. With a CA
    /// file: the chain must end at that CA (the system store does not count) and the name must match. Every
    /// configured option must hold.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null) { Refusal = "the server sent no certificate"; return false; }
        if (options.TrustedCertificateSha256 is null && options.TrustedCaFile is null)
        {
            if (errors == SslPolicyErrors.None) return true;
            Refusal = $"certificate not trusted ({errors}"
                + (chain is null ? "" : ": " + string.Join(", ", chain.ChainStatus.Select(s => s.Status))) + ")";
            return false;
        }
        using var leaf = new X509Certificate2(certificate);
        if (options.TrustedCertificateSha256 is { } pin)
        {
            var expected = new string(pin.Where(Uri.IsHexDigit).ToArray()).ToUpperInvariant();
            var actual = Convert.ToHexString(SHA256.HashData(leaf.RawData));
            if (expected != actual)
            {
                Refusal = $"certificate SHA-256 {actual} does not match the pinned {expected}";
                return false;
            }
        }
        if (options.TrustedCaFile is { } caFile)
        {
            if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
            {
                Refusal = $"certificate not valid for this host ({errors})";
                return false;
            }
            _ca ??= X509CertificateLoader.LoadCertificateFromFile(caFile);
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.Add(_ca);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
                foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            if (!custom.Build(leaf))
            {
                Refusal = "certificate does not chain to " + caFile + ": " + string.Join(", ", custom.ChainStatus.Select(s => s.Status));
                return false;
            }
        }
        return true;
    }
}
