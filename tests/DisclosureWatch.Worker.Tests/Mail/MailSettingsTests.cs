using DisclosureWatch.Worker.Configuration;
using DisclosureWatch.Worker.Hosting;
using DisclosureWatch.Worker.Mail;
using Microsoft.Extensions.Configuration;

namespace DisclosureWatch.Worker.Tests.Mail;

public sealed class MailSettingsTests
{
    private static Settings From(params (string Key, string Value)[] values) =>
        Settings.From(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    [Fact]
    public void An_account_is_bound_with_its_defaults()
    {
        var settings = From(("Mail:Interval", "00:05:00"), ("Mail:Accounts:0:Name", "county"), ("Mail:Accounts:0:Host", "imap.example.gov.cn"),
            ("Mail:Accounts:0:User", "reports"), ("Mail:Accounts:0:Password", "pw"), ("Mail:Accounts:0:Security", "starttls"));
        var a = Assert.Single(settings.Mail.Accounts);
        Assert.Equal((TimeSpan.FromMinutes(5), MailSecurity.StartTls, 143, "INBOX", "Processed", "Failed"),
            (settings.Mail.Interval, a.Security, a.EffectivePort, a.Folder, a.ProcessedFolder, a.FailedFolder));
        Assert.DoesNotContain("pw", a.ToString());
        Assert.Equal((true, true, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(10), (string?)null), (a.CheckRevocation, a.Idle, a.IdleRenew, a.PollDeadline, a.ProtocolLog));
        Assert.Empty(From().Mail.Accounts);
    }

    [Fact]
    public void Bad_mail_settings_are_all_named_at_start_and_a_password_is_never_echoed()
    {
        var e = Assert.Throws<ConfigurationException>(() => From(
            ("Mail:Interval", "soon"),
            ("Mail:Accounts:0:Name", "county"), ("Mail:Accounts:0:Security", "ssl3"), ("Mail:Accounts:0:Port", "99999"),
            ("Mail:Accounts:0:Password", "hunter2-秘密"), ("Mail:Accounts:0:PasswordFile", "/nonexistent/pw"),
            ("Mail:Accounts:0:Folder", "INBOX"), ("Mail:Accounts:0:ProcessedFolder", "INBOX"), ("Mail:Accounts:0:Colour", "blue"),
            ("Mail:Accounts:0:TrustedCertificateSha256", "AB:CD"), ("Mail:Accounts:0:IdleRenew", "00:45:00"), ("Mail:Accounts:0:CheckRevocation", "maybe"),
            ("Mail:Accounts:1:Name", "county"), ("Mail:Accounts:1:Host", "h"), ("Mail:Accounts:1:User", "u"), ("Mail:Accounts:1:Password", "x")));
        foreach (var expected in new[]
                 {
                     "Mail:Interval: 'soon'", "Mail:Accounts:0:Security: 'ssl3' is not a valid Implicit or StartTls", "Mail:Accounts:0:Port: must be 1..65535",
                     "Mail:Accounts:0:Host: required", "Mail:Accounts:0:User: required", "Mail:Accounts:0: set exactly one of Password and PasswordFile",
                     "Mail:Accounts:0: ProcessedFolder and FailedFolder must differ", "Mail:Accounts:0:Colour: unknown setting",
                     "Mail:Accounts:0:TrustedCertificateSha256:", "the name 'county' is used 2 times",
                     "Mail:Accounts:0:IdleRenew: must be positive and at most 00:29:00", "Mail:Accounts:0:CheckRevocation: 'maybe' is not a valid true or false",
                 })
            Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
    }
}
