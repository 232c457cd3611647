using System.Globalization;
using DisclosureWatch.Core.Digests;
using DisclosureWatch.Worker.Configuration;
using DisclosureWatch.Worker.Mail;
using Microsoft.Extensions.Configuration;
using Quartz;

namespace DisclosureWatch.Worker.Digests;

/// <summary>A configured supervisor with its parsed schedule and time zone.</summary>
internal sealed record DigestRecipient(Supervisor Supervisor, CronExpression Schedule, TimeZoneInfo TimeZone)
{
    public string Name => Supervisor.Name;
    public string Address => Supervisor.Address;
}

/// <summary>
/// Sections "Digest" (the supervisors and the retry policy) and "Smtp" (absent: digests are written to the outbox
/// folder as .eml files). Validated as a whole: <see cref="Read"/> throws <see cref="ConfigurationException"/> naming
/// every bad key, so `dw` exits 78 before anything starts.
/// </summary>
internal sealed record DigestSettings(
    IReadOnlyList<DigestRecipient> Recipients, SmtpSettings? Smtp, EmailAddress From,
    TimeSpan CheckInterval, TimeSpan RetryDelay, TimeSpan MaxRetryDelay, int UncertainCount, int? ReportYear = null)
{
    public const string Section = "Digest";
    /// <summary>No supervisor: no digest job.</summary>
    public static readonly DigestSettings None = new([], null, new EmailAddress(DefaultFrom),
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2), TimeSpan.FromHours(2), 5);
    public const string DefaultTimeZone = "Asia/Shanghai";
    private static readonly string[] DigestKeys = ["Supervisors", "CheckInterval", "RetryDelay", "MaxRetryDelay", "UncertainCount", "From", "FromName", "ReportYear"];

    /// <summary>The sender of outbox digests when neither Smtp:From nor Digest:From is set.</summary>
    public const string DefaultFrom = "disclosurewatch@localhost";
    private static readonly string[] SupervisorKeys = ["Name", "Address", "Organs", "Regions", "ExpectedOrgans", "Schedule", "TimeZone"];

    public static DigestSettings Read(IConfiguration config)
    {
        var problems = new List<string>();
        var settings = Read(config, problems);
        if (problems.Count > 0) throw new ConfigurationException(problems);
        return settings;
    }

    /// <summary>Reads the sections, adding what is wrong to <paramref name="problems"/> (the settings are then incomplete).</summary>
    public static DigestSettings Read(IConfiguration config, List<string> problems)
    {
        var section = config.GetSection(Section);
        foreach (var child in section.GetChildren())
            if (!DigestKeys.Contains(child.Key)) problems.Add($"Digest:{child.Key}: unknown setting (known: {string.Join(", ", DigestKeys)})");

        var recipients = new List<DigestRecipient>();
        foreach (var s in section.GetSection("Supervisors").GetChildren())
        {
            var at = $"Digest:Supervisors:{s.Key}";
            foreach (var child in s.GetChildren())
                if (!SupervisorKeys.Contains(child.Key)) problems.Add($"{at}:{child.Key}: unknown setting (known: {string.Join(", ", SupervisorKeys)})");
            var name = s["Name"]?.Trim();
            var address = s["Address"]?.Trim();
            if (string.IsNullOrEmpty(name)) problems.Add($"{at}:Name: required (how the digest addresses the supervisor, e.g. 王科长)");
            if (!IsAddress(address)) problems.Add($"{at}:Address: '{address}' is not a mail address (e.g. wang@example.gov.cn)");
            var organs = List(s.GetSection("Organs"));
            var regions = List(s.GetSection("Regions"));
            if (organs.Count == 0 && regions.Count == 0)
                problems.Add($"{at}: give Organs (names) or Regions (name prefixes such as 河曲县): the scope is empty");
            var schedule = string.IsNullOrWhiteSpace(s["Schedule"]) ? Supervisor.DefaultSchedule : s["Schedule"]!.Trim();
            var zone = FindZone(string.IsNullOrWhiteSpace(s["TimeZone"]) ? DefaultTimeZone : s["TimeZone"]!.Trim());
            if (zone is null) problems.Add($"{at}:TimeZone: '{s["TimeZone"]}' is not a known time zone (e.g. Asia/Shanghai)");
            CronExpression? cron = null;
            if (!CronExpression.TryParse(schedule, out _))
                problems.Add($"{at}:Schedule: '{schedule}' is not a Quartz cron expression (seconds minutes hours day month weekday, e.g. \"{Supervisor.DefaultSchedule}\")");
            else if (zone is not null)
                cron = new CronExpression(schedule, zone);
            if (name is { Length: > 0 } && IsAddress(address) && cron is not null)
                recipients.Add(new DigestRecipient(
                    new Supervisor(name, address!, new SupervisorScope(organs, regions), List(s.GetSection("ExpectedOrgans")), schedule), cron, zone!));
        }
        foreach (var dup in recipients.GroupBy(r => r.Address.ToLowerInvariant()).Where(g => g.Count() > 1))
            problems.Add($"Digest:Supervisors: {dup.Key} is configured {dup.Count()} times (one digest per address and period)");

        var checkInterval = Duration(section, "CheckInterval", TimeSpan.FromMinutes(5), problems);
        var retryDelay = Duration(section, "RetryDelay", TimeSpan.FromMinutes(2), problems);
        var maxRetryDelay = Duration(section, "MaxRetryDelay", TimeSpan.FromHours(2), problems);
        if (maxRetryDelay < retryDelay) problems.Add("Digest:MaxRetryDelay: must not be shorter than Digest:RetryDelay");
        var uncertain = 5;
        if (section["UncertainCount"] is { } u && (!int.TryParse(u, CultureInfo.InvariantCulture, out uncertain) || uncertain is < 0 or > 100))
            problems.Add($"Digest:UncertainCount: '{u}' must be a whole number 0..100");

        int? reportYear = null;
        if (section["ReportYear"] is { Length: > 0 } y)
        {
            if (int.TryParse(y, CultureInfo.InvariantCulture, out var year) && year is >= 2008 and <= 2100) reportYear = year;
            else problems.Add($"Digest:ReportYear: '{y}' is not a year (default: the year before the period's last day)");
        }
        var smtp = SmtpSettings.Read(config.GetSection(SmtpSettings.Section), problems);
        // The sender: Smtp:From when mailing; for the outbox Digest:From, else a placeholder the start-up line names.
        var digestFrom = section["From"] is { Length: > 0 } f ? f.Trim() : null;
        if (digestFrom is not null && !IsAddress(digestFrom)) problems.Add($"Digest:From: '{digestFrom}' is not a mail address (the digests' sender when they go to the outbox)");
        var fromAddress = smtp?.From ?? digestFrom ?? DefaultFrom;
        var from = new EmailAddress(fromAddress, section["FromName"] is { Length: > 0 } fromName ? fromName : "政务公开年报监测");
        return new DigestSettings(recipients, smtp, from, checkInterval, retryDelay, maxRetryDelay, uncertain, reportYear);
    }

    public static bool IsAddress(string? address) =>
        !string.IsNullOrWhiteSpace(address) && System.Net.Mail.MailAddress.TryCreate(address, out var m) && m.Address == address && m.DisplayName.Length == 0;

    /// <summary>An IANA or Windows id; Asia/Shanghai is known even on a machine without tzdata (UTC+8, no DST since 1991).</summary>
    public static TimeZoneInfo? FindZone(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return id is "Asia/Shanghai" or "China Standard Time" or "Asia/Chongqing" or "PRC"
                ? TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(8), id, "CST")
                : null;
        }
    }

    internal static List<string> List(IConfigurationSection s)
    {
        var items = s.GetChildren().Select(c => c.Value?.Trim()).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        // A single value ("Regions": "河曲县") is taken as a one-item list.
        if (items.Count == 0 && !string.IsNullOrWhiteSpace(s.Value)) items.Add(s.Value.Trim());
        return items;
    }

    internal static TimeSpan Duration(IConfigurationSection s, string key, TimeSpan fallback, List<string> problems)
    {
        if (s[key] is not { } v) return fallback;
        if (TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out var t) && t > TimeSpan.Zero) return t;
        problems.Add($"{s.Path}:{key}: '{v}' is not a positive duration (hh:mm:ss)");
        return fallback;
    }
}

/// <summary>Section "Smtp": where digests are sent. Without Host, they go to the outbox folder instead.</summary>
internal sealed record SmtpSettings(MailServer Server, string? User, string? Password, string From, string? LocalDomain, TimeSpan SendDeadline)
{
    public const string Section = "Smtp";
    private static readonly string[] Keys =
        ["Host", "Port", "Security", "User", "Password", "PasswordFile", "From", "TrustedCaFile", "TrustedCertificateSha256", "Timeout", "LocalDomain",
         "CheckRevocation", "SendDeadline", "ProtocolLog"];

    public static SmtpSettings? Read(IConfigurationSection s, List<string> problems)
    {
        foreach (var child in s.GetChildren())
            if (!Keys.Contains(child.Key)) problems.Add($"Smtp:{child.Key}: unknown setting (known: {string.Join(", ", Keys)})");
        if (string.IsNullOrWhiteSpace(s["Host"]))
        {
            if (s.GetChildren().Any()) problems.Add("Smtp:Host: required when any Smtp setting is given (leave the section out to write digests to the outbox folder)");
            return null;
        }
        var security = (s["Security"] ?? "").Trim().ToLowerInvariant();
        int port = 0;
        if (s["Port"] is { } p && (!int.TryParse(p, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
            problems.Add($"Smtp:Port: '{p}' is not a port number");
        if (security == "") security = port is 0 or 465 ? "tls" : "starttls";
        var mode = MailSecurity.Implicit;
        if (security is "tls" or "ssl" or "implicit") mode = MailSecurity.Implicit;
        else if (security == "starttls") mode = MailSecurity.StartTls;
        else problems.Add($"Smtp:Security: '{s["Security"]}' is not Implicit (TLS from the first byte, port 465) or StartTls (ports 587, 25); plain text is never used");
        if (port == 0) port = mode == MailSecurity.Implicit ? 465 : 587;

        var user = s["User"] is { Length: > 0 } u ? u : null;
        var password = s["Password"] is { Length: > 0 } pw ? pw : null;
        if (s["PasswordFile"] is { Length: > 0 } file)
        {
            if (password is not null) problems.Add("Smtp:PasswordFile: give Password or PasswordFile, not both");
            try { password = File.ReadAllText(file).TrimEnd('\r', '\n'); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { problems.Add($"Smtp:PasswordFile: cannot read {file}: {e.Message}"); }
        }
        if (user is not null && password is null) problems.Add("Smtp:Password: required with Smtp:User (or Smtp:PasswordFile)");
        if (user is null && password is not null) problems.Add("Smtp:User: required with a password");

        var from = s["From"] ?? (DigestSettings.IsAddress(user) ? user : null);
        if (!DigestSettings.IsAddress(from)) problems.Add($"Smtp:From: '{from}' is not a mail address (the digests' sender)");
        var ca = s["TrustedCaFile"] is { Length: > 0 } caFile ? caFile : null;
        if (ca is not null && !File.Exists(ca)) problems.Add($"Smtp:TrustedCaFile: {ca}: no such file");
        var pin = s["TrustedCertificateSha256"] is { Length: > 0 } sha ? sha : null;
        if (pin is not null && pin.Count(Uri.IsHexDigit) != 64) problems.Add($"Smtp:TrustedCertificateSha256: '{pin}' is not a SHA-256 (64 hex digits, colons allowed)");
        var revocation = true;
        if (s["CheckRevocation"] is { } r && !bool.TryParse(r, out revocation)) problems.Add($"Smtp:CheckRevocation: '{r}' is not true or false");
        var timeout = DigestSettings.Duration(s, "Timeout", TimeSpan.FromSeconds(60), problems);
        var deadline = DigestSettings.Duration(s, "SendDeadline", TimeSpan.FromMinutes(5), problems);

        var server = new MailServer
        {
            Host = s["Host"]!.Trim(), Port = port, Security = mode, TrustedCaFile = ca, TrustedCertificateSha256 = pin,
            CheckRevocation = revocation, Timeout = timeout, ProtocolLog = s["ProtocolLog"] is { Length: > 0 } log ? log : null,
        };
        return new SmtpSettings(server, user, password, from ?? "", s["LocalDomain"] is { Length: > 0 } ld ? ld : null, deadline);
    }

    /// <summary>The sender of the digests: MailKit's SMTP client, one connection per message, under <see cref="SendDeadline"/>.</summary>
    public IMailSender Sender() => new SmtpMailSender(Server, User, Password, LocalDomain, SendDeadline);

    public override string ToString() =>
        $"smtp {(Server.Security == MailSecurity.Implicit ? "implicit TLS" : "STARTTLS")} {Server.Host}:{Server.Port}{(User is null ? "" : $" as {User}")}";
}
