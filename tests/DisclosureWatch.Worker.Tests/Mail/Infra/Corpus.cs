using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace DisclosureWatch.Worker.Tests.Mail.Infra;

/// <summary>The test mails, composed once per run by Fixtures/compose_corpus.py with Python's email package from
/// the shared seeds and real reports, with the manifest of what each one must yield.</summary>
internal static class Corpus
{
    private static readonly Lazy<string> Dir = new(() =>
    {
        var dir = Tools.NewTempDir("dw-corpus");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(dir, recursive: true);
        Tools.Run(Tools.Python, Tools.FixturePath("compose_corpus.py"), dir,
            Path.Combine(Tools.SharedDir, "seeds"), Path.Combine(Tools.SharedDir, "real-reports"));
        return dir;
    });

    private static readonly Lazy<Dictionary<string, Expected>> ManifestLazy = new(() =>
        JsonSerializer.Deserialize<Dictionary<string, Expected>>(File.ReadAllText(Path.Combine(Dir.Value, "manifest.json")),
            new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!);

    public static IReadOnlyDictionary<string, Expected> Manifest => ManifestLazy.Value;

    /// <summary>The .eml files in name order (01-docx-pdf.eml ... 05-no-report.eml).</summary>
    public static IReadOnlyList<string> Files => Manifest.Keys.Order().Select(k => Path.Combine(Dir.Value, k)).ToList();

    public static string PathOf(string name) => Path.Combine(Dir.Value, name);

    /// <summary>A separate corpus holding one message with a random attachment of <paramref name="bytes"/>, in
    /// <paramref name="dir"/>.</summary>
    public static string Big(int bytes, string dir)
    {
        Tools.Run(Tools.Python, Tools.FixturePath("compose_corpus.py"), dir,
            Path.Combine(Tools.SharedDir, "seeds"), Path.Combine(Tools.SharedDir, "real-reports"), "--big", bytes.ToString(CultureInfo.InvariantCulture));
        return Path.Combine(dir, "99-big.eml");
    }

    public static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public sealed record Expected(string Subject, List<ExpectedAttachment> Attachments, string? BodyContains,
        string? ForwardedSubject, string? ForwardedBodyContains);

    public sealed record ExpectedAttachment(string Filename, string Sha256, long Size, string? TextOfSeed);
}
