using MailKit.Net.Smtp;
using MimeKit;

namespace DisclosureWatch.Worker.Mail;

/// <summary>
/// <see cref="IMailSender"/> on MailKit's <see cref="SmtpClient"/>: one connection per message (connect, STARTTLS or
/// implicit TLS, AUTH when a user is set, send, QUIT), the whole of it under <paramref name="deadline"/>. The stored
/// bytes are parsed and written back unchanged (MimeKit keeps a parsed message's bytes), so every try sends the same
/// message with the same Message-ID.
/// </summary>
internal sealed class SmtpMailSender(MailServer server, string? user, string? password, string? localDomain, TimeSpan deadline) : IMailSender
{
    /// <summary>What the server may send in one conversation.</summary>
    public const long MaxReplyBytes = 1 << 20;

    public async Task SendAsync(string from, IReadOnlyList<string> to, byte[] message, CancellationToken ct)
    {
        var parsed = await MimeMessage.LoadAsync(new MemoryStream(message, writable: false), ct);
        var (client, check) = MailConnection.Create<SmtpClient>(server);
        using (client)
        {
            if (localDomain is not null) client.LocalDomain = localDomain;
            ReadBudget? budget = null;
            await MailConnection.WithDeadlineAsync(client, server, check, "send", deadline, ct, async c =>
            {
                // SMTP replies are a few lines: 1 MiB for the whole conversation is plenty.
                budget = await MailConnection.ConnectAsync(client, server, MaxReplyBytes, c);
                if (user is not null) await client.AuthenticateAsync(user, password ?? "", c);
                await client.SendAsync(parsed, MailboxAddress.Parse(from), to.Select(MailboxAddress.Parse), c);
                await client.DisconnectAsync(quit: true, c);
                return 0;
            }, () => budget);
        }
    }
}
