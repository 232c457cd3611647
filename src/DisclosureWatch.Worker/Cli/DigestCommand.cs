using System.CommandLine;
using System.Globalization;
using DisclosureWatch.Core.Digests;
using DisclosureWatch.Worker.Digests;
using DisclosureWatch.Worker.Hosting;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Cli;

/// <summary>
/// `dw digest preview [--supervisor NAME] [--period yyyy-MM-dd] --out FILE.html|FILE.eml` (nothing recorded or sent),
/// `dw digest send [--now]` (one run of the digest job), `dw digest list` and `dw digest replies`.
/// </summary>
public static class DigestCommand
{
    public static Command Create()
    {
        var command = new Command("digest", "The supervisors' weekly digests: preview, send, list.");
        command.Subcommands.Add(Preview());
        command.Subcommands.Add(Send());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Replies());
        return command;
    }

    private static Command Preview()
    {
        var supervisor = new Option<string?>("--supervisor") { Description = "Name or address of a configured supervisor (default: the first)." };
        var period = new Option<string?>("--period") { Description = "A day (yyyy-MM-dd) inside the period to show (default: the latest due period)." };
        var output = new Option<string>("--out") { Description = "FILE.html (the HTML part) or FILE.eml (the whole mail).", Required = true };
        var common = new StoreCliOptions();
        var command = new Command("preview", "Write a supervisor's digest as HTML or .eml from the store, without recording or sending it.") { supervisor, period, output };
        common.AddTo(command);
        command.SetAction(parse => WithDigests(parse, common, (settings, digest, service, err) =>
        {
            var recipient = parse.GetValue(supervisor) is { } who
                ? digest.Recipients.FirstOrDefault(r => r.Name == who || string.Equals(r.Address, who, StringComparison.OrdinalIgnoreCase))
                : digest.Recipients.FirstOrDefault();
            if (recipient is null)
            {
                err.WriteLine(digest.Recipients.Count == 0
                    ? "dw: no supervisor is configured (Digest:Supervisors)"
                    : $"dw: no supervisor '{parse.GetValue(supervisor)}' (configured: {string.Join(", ", digest.Recipients.Select(r => r.Name))})");
                return 1;
            }
            var path = parse.GetValue(output)!;
            var ext = Path.GetExtension(path).ToLowerInvariant();
            if (ext is not (".html" or ".htm" or ".eml"))
            {
                err.WriteLine($"dw: --out {path}: give a .html or .eml file");
                return 2;
            }
            var now = TimeProvider.System.GetUtcNow();
            var at = now;
            if (parse.GetValue(period) is { } day)
            {
                if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    err.WriteLine($"dw: --period {day}: not a date (yyyy-MM-dd)");
                    return 2;
                }
                // The first scheduled time from the next day on closes the period that holds the day.
                at = recipient.Schedule.GetNextValidTimeAfter(DigestSchedule.StartOfDayUtc(d.AddDays(1), recipient.TimeZone).AddTicks(-1)) ?? now;
            }
            if (DigestSchedule.LatestDue(recipient.Schedule, recipient.TimeZone, at) is not { } due)
            {
                err.WriteLine($"dw: the schedule '{recipient.Supervisor.Schedule}' of {recipient.Name} never fired before {at:u}");
                return 1;
            }
            var input = new DigestComposer(service.Store).Gather(recipient, due.Period, DigestSchedule.LocalDate(now, recipient.TimeZone), digest.UncertainCount, digest.ReportYear);
            var mail = DigestComposer.Compose(input, recipient, digest.From, now, due.Period.IdempotencyKey(recipient.Address));
            if (ext == ".eml") File.WriteAllBytes(path, mail.Eml);
            else File.WriteAllText(path, mail.Digest.Html);
            parse.InvocationConfiguration.Output.WriteLine($"{recipient.Name} <{recipient.Address}>, {due.Period.ToChinese()}: {mail.Digest.Subject}");
            parse.InvocationConfiguration.Output.WriteLine($"wrote {Path.GetFullPath(path)}");
            return 0;
        }));
        return command;
    }

    private static Command Send()
    {
        var now = new Option<bool>("--now") { Description = "Also retry pending digests whose back-off has not run out yet." };
        var common = new StoreCliOptions();
        var command = new Command("send", "Run the digest job once: record the due digests not recorded yet and send the pending ones (SMTP, or the outbox folder).") { now };
        common.AddTo(command);
        command.SetAction(parse => WithDigests(parse, common, (settings, digest, service, err) =>
        {
            var result = service.Service.RunAsync(parse.GetValue(now), CancellationToken.None).GetAwaiter().GetResult();
            parse.InvocationConfiguration.Output.WriteLine(
                $"digests: {result.Created} built, {result.Sent} sent, {result.Failed} failed (kept pending), {result.Waiting} pending — via {(digest.Smtp?.ToString() ?? "outbox " + settings.Paths.Outbox)}");
            return result.Failed > 0 ? 1 : 0;
        }));
        return command;
    }

    private static Command List()
    {
        var common = new StoreCliOptions();
        var command = new Command("list", "The recorded digests, latest first: period, supervisor, status, attempts, last error.");
        common.AddTo(command);
        command.SetAction(parse => common.Run(parse, (_, store) =>
        {
            var o = parse.InvocationConfiguration.Output;
            foreach (var d in store.Digests())
                o.WriteLine($"{d.Id}\t{d.PeriodStart:yyyy-MM-dd}..{d.PeriodEnd:yyyy-MM-dd}\t{d.Supervisor} <{d.Address}>\t{d.Status}\tattempts {d.Attempts}\t"
                            + (d.SentAt is { } s ? $"sent {s:u}" : $"next {d.NextAttemptAt:u}") + (d.LastError is { } e ? $"\t{e}" : ""));
            return 0;
        }));
        return command;
    }

    private static Command Replies()
    {
        var common = new StoreCliOptions();
        var command = new Command("replies", "Supervisors' replies to their digests, latest first: what each took, or why it was refused; refused rows below.");
        common.AddTo(command);
        command.SetAction(parse => common.Run(parse, (_, store) =>
        {
            var o = parse.InvocationConfiguration.Output;
            foreach (var r in store.DigestReplies())
            {
                var what = r.Status == Storage.DigestReplyStatus.Refused ? r.Reason
                    : $"reviews {r.Reviews}, labels {r.Labels}, unchanged {r.Unchanged}, rows refused {r.RefusedRows}\t"
                      + (r.ConfirmationSentAt is { } s ? $"confirmation sent {s:u}" : $"confirmation pending{(r.ConfirmationError is { } e ? ": " + e : "")}");
                o.WriteLine($"{r.Id}\t{r.ReceivedAt:u}\t{r.Via}\t{r.Sender}\tdigest {(r.DigestId?.ToString(CultureInfo.InvariantCulture) ?? "-")}\t{r.Status}\t{what}");
                foreach (var row in store.DigestReplyRows(r.Id).Where(x => x.Outcome == Storage.ReplyRowOutcome.Refused))
                    o.WriteLine($"\t{row.Sheet} 第 {row.RowNumber} 行 ({row.Item}): {row.Reason}");
            }
            return 0;
        }));
        return command;
    }

    private sealed record Services(DigestService Service, Storage.ReportStore Store);

    private static int WithDigests(ParseResult parse, StoreCliOptions common, Func<Settings, DigestSettings, Services, TextWriter, int> body) =>
        common.Run(parse, (settings, store) =>
        {
            var err = parse.InvocationConfiguration.Error;
            var digest = settings.Digest;
            using var logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }).SetMinimumLevel(LogLevel.Warning));
            var service = new DigestService(digest, store, settings.Paths, TimeProvider.System, logs.CreateLogger<DigestService>());
            return body(settings, digest, new Services(service, store), err);
        });
}
