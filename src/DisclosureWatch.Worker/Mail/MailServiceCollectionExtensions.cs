using DisclosureWatch.Worker.Configuration;
using DisclosureWatch.Worker.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DisclosureWatch.Worker.Mail;

/// <summary>
/// The mail feature's registration: section "Mail", the intake of messages (IMAP accounts and .eml files of the inbox,
/// handed over by the inbox's claimer), IMAP IDLE where an account asks for it, and the mail job — only when accounts
/// are configured: at start-up, then every Mail:Interval; never two polls at once.
/// </summary>
internal static class MailServiceCollectionExtensions
{
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        var mail = services.AddSettings(configuration, MailOptions.Bind);
        services.AddSingleton<MessageIntake>();
        services.AddSingleton<MailIntakeService>();
        services.AddSingleton<EmlInbox>();
        if (mail.Accounts.Any(a => a.Idle)) services.AddHostedService<MailIdleService>(); // IMAP IDLE beside the polling
        if (mail.Accounts.Count > 0)
            services.AddScheduledJob<MailJob>(MailJob.Key, (q, key) =>
            {
                q.AddStartupTrigger(key, "mail-startup");
                q.AddIntervalTrigger(key, "mail-interval", mail.Interval);
            });
        return services;
    }
}
