using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace DisclosureWatch.Worker.Mail;

/// <summary>Section "Mail": the mailboxes the mail job polls. No account, no mail job.</summary>
internal sealed class MailOptions
{
    public const string Section = "Mail";
    /// <summary>Poll every account every Interval (and once at start-up).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(2);
    public List<MailAccountOptions> Accounts { get; set; } = [];

    /// <summary>Binds and validates "Mail"; every problem is added to <paramref name="problems"/>, never a password.</summary>
    public static MailOptions Bind(IConfiguration config, List<string> problems)
    {
        var section = config.GetSection(Section);
        var options = new MailOptions();
        foreach (var child in section.GetChildren())
            if (child.Key is not (nameof(Interval) or nameof(Accounts)))
                problems.Add($"{Section}:{child.Key}: unknown setting (known: Interval, Accounts)");
        if (section[nameof(Interval)] is { } interval)
        {
            if (TimeSpan.TryParse(interval, CultureInfo.InvariantCulture, out var t)) options.Interval = t;
            else problems.Add($"{Section}:Interval: '{interval}' is not a valid duration (hh:mm:ss)");
        }
        if (options.Interval <= TimeSpan.Zero) problems.Add($"{Section}:Interval: must be positive (got {options.Interval})");

        foreach (var child in section.GetSection(nameof(Accounts)).GetChildren())
            options.Accounts.Add(MailAccountOptions.Bind(child, $"{Section}:Accounts:{child.Key}", problems));
        foreach (var twice in options.Accounts.GroupBy(a => a.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1 && g.Key.Length > 0))
            problems.Add($"{Section}:Accounts: the name '{twice.Key}' is used {twice.Count()} times (names key the bookkeeping: keep them unique and stable)");
        return options;
    }
}

/// <summary>One mailbox. Messages are read from <see cref="Folder"/> and moved, once their reports are stored, to
/// <see cref="ProcessedFolder"/> (or <see cref="FailedFolder"/> when a report in them could not be read); an empty
/// folder setting leaves them in place flagged $DwProcessed / $DwFailed.</summary>
internal sealed class MailAccountOptions
{
    /// <summary>Names the account in the bookkeeping and in logs; keep it stable.</summary>
    public string Name { get; set; } = "";
    public string Host { get; set; } = "";
    /// <summary>Default 993 (Implicit) or 143 (StartTls).</summary>
    public int? Port { get; set; }
    public MailSecurity Security { get; set; } = MailSecurity.Implicit;
    public string User { get; set; } = "";
    /// <summary>The password, or <see cref="PasswordFile"/> (a file holding it: keeps it out of appsettings).</summary>
    public string? Password { get; set; }
    public string? PasswordFile { get; set; }
    public string Folder { get; set; } = "INBOX";
    public string ProcessedFolder { get; set; } = "Processed";
    public string FailedFolder { get; set; } = "Failed";
    /// <summary>PEM/DER of the one CA to trust instead of the system store.</summary>
    public string? TrustedCaFile { get; set; }
    /// <summary>SHA-256 of the server certificate (openssl x509 -noout -fingerprint -sha256).</summary>
    public string? TrustedCertificateSha256 { get; set; }
    /// <summary>An attachment over this size is refused, with the reason recorded.</summary>
    public long MaxAttachmentBytes { get; set; } = 40L * 1024 * 1024;
    /// <summary>A message over this size is not downloaded; it goes to the failed folder with the reason.</summary>
    public long MaxMessageBytes { get; set; } = 64L * 1024 * 1024;
    /// <summary>Ask the CA whether the server certificate was revoked (CRL / OCSP); set false only on a closed network
    /// that cannot reach them.</summary>
    public bool CheckRevocation { get; set; } = true;
    /// <summary>Every read and write on the connection, and the answer to IDLE's DONE.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>The whole poll of the account (log in, search, download, move): a server that trickles bytes fails it.</summary>
    public TimeSpan PollDeadline { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Wait for new mail with IMAP IDLE where the server offers it (polling every Mail:Interval stays).</summary>
    public bool Idle { get; set; } = true;
    /// <summary>IDLE is ended and started again after this (RFC 2177: servers may drop an idle client after 30 minutes).</summary>
    public TimeSpan IdleRenew { get; set; } = MaxIdleRenew;
    public static readonly TimeSpan MaxIdleRenew = TimeSpan.FromMinutes(29);
    /// <summary>A file receiving the IMAP conversation, passwords masked; unset (the default): no protocol log.</summary>
    public string? ProtocolLog { get; set; }

    public int EffectivePort => Port ?? (Security == MailSecurity.Implicit ? 993 : 143);

    public MailServer Server => new()
    {
        Host = Host, Port = EffectivePort, Security = Security, TrustedCaFile = TrustedCaFile, TrustedCertificateSha256 = TrustedCertificateSha256,
        CheckRevocation = CheckRevocation, Timeout = Timeout, ProtocolLog = ProtocolLog,
    };

    /// <summary>The password, read from <see cref="PasswordFile"/> when that is set (trailing line break dropped).</summary>
    public string ReadPassword() => PasswordFile is { Length: > 0 } file ? File.ReadAllText(file).TrimEnd('\r', '\n') : Password ?? "";

    /// <summary>What logs may say about the account: never the password.</summary>
    public override string ToString() => $"{Name} ({User}@{Host}:{EffectivePort}, {Security}, {Folder})";

    internal static MailAccountOptions Bind(IConfigurationSection section, string path, List<string> problems)
    {
        var a = new MailAccountOptions();
        var properties = typeof(MailAccountOptions).GetProperties().Where(p => p.CanWrite).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (!properties.TryGetValue(child.Key, out var property))
            {
                problems.Add($"{path}:{child.Key}: unknown setting (known: {string.Join(", ", properties.Keys)})");
                continue;
            }
            if (child.Value is not { } value) continue;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            try
            {
                object? converted;
                if (!type.IsEnum) converted = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
                else if (!Enum.TryParse(type, value, ignoreCase: true, out converted) || !Enum.IsDefined(type, converted!)) throw new FormatException();
                property.SetValue(a, converted);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException || e.InnerException is FormatException or OverflowException)
            {
                // Never echo the value of a password setting.
                var shown = property.Name == nameof(Password) ? "the value" : $"'{value}'";
                problems.Add($"{path}:{property.Name}: {shown} is not a valid {(type.IsEnum ? string.Join(" or ", Enum.GetNames(type)) : type == typeof(TimeSpan) ? "duration (hh:mm:ss)" : type == typeof(bool) ? "true or false" : "number")}");
            }
        }

        if (string.IsNullOrWhiteSpace(a.Name)) problems.Add($"{path}:Name: required (names the account in the bookkeeping)");
        if (string.IsNullOrWhiteSpace(a.Host)) problems.Add($"{path}:Host: required");
        if (a.EffectivePort is < 1 or > 65535) problems.Add($"{path}:Port: must be 1..65535 (got {a.EffectivePort})");
        if (string.IsNullOrWhiteSpace(a.User)) problems.Add($"{path}:User: required");
        var hasPassword = !string.IsNullOrEmpty(a.Password);
        var hasFile = !string.IsNullOrEmpty(a.PasswordFile);
        if (hasPassword == hasFile) problems.Add($"{path}: set exactly one of Password and PasswordFile");
        else if (hasFile && !File.Exists(a.PasswordFile)) problems.Add($"{path}:PasswordFile: {a.PasswordFile}: no such file");
        if (string.IsNullOrWhiteSpace(a.Folder)) problems.Add($"{path}:Folder: must not be empty");
        if (string.Equals(a.ProcessedFolder, a.Folder, StringComparison.Ordinal) || string.Equals(a.FailedFolder, a.Folder, StringComparison.Ordinal))
            problems.Add($"{path}: ProcessedFolder and FailedFolder must differ from Folder '{a.Folder}' (messages are moved out of it)");
        if (a.TrustedCaFile is { Length: > 0 } ca && !File.Exists(ca)) problems.Add($"{path}:TrustedCaFile: {ca}: no such file");
        if (a.TrustedCertificateSha256 is { Length: > 0 } pin && pin.Count(Uri.IsHexDigit) != 64)
            problems.Add($"{path}:TrustedCertificateSha256: '{pin}' is not a SHA-256 (64 hex digits, colons allowed)");
        if (a.MaxAttachmentBytes <= 0) problems.Add($"{path}:MaxAttachmentBytes: must be positive");
        if (a.MaxMessageBytes <= 0) problems.Add($"{path}:MaxMessageBytes: must be positive");
        if (a.Timeout <= TimeSpan.Zero) problems.Add($"{path}:Timeout: must be positive");
        if (a.PollDeadline <= TimeSpan.Zero) problems.Add($"{path}:PollDeadline: must be positive");
        if (a.IdleRenew <= TimeSpan.Zero || a.IdleRenew > MaxIdleRenew) problems.Add($"{path}:IdleRenew: must be positive and at most {MaxIdleRenew} (got {a.IdleRenew})");
        return a;
    }
}
