using System.CommandLine;
using DisclosureWatch.Core;
using DisclosureWatch.Core.Digests;
using DisclosureWatch.Worker.Digests;
using DisclosureWatch.Worker.Hosting;
using Microsoft.Extensions.Logging;

namespace DisclosureWatch.Worker.Cli;

/// <summary>
/// `dw digest preview [--supervisor NAME] [--period P] --out FILE.html|FILE.eml` (nothing recorded or sent),
/// `dw digest send [--supervisor NAME] [--period P] [--now]` `dw digest list` and `dw digest replies`. P is a day (the period holding it,
/// up to today when it is still running) or START至END, the spelling of the subject and the list.
/// </summary>
internal static class DigestCommand
{
    public static Command Create()
    {
        var command = new Command("digest", "The supervisors' digests: preview, send, list.");
        command.Subcommands.Add(Preview());
        command.Subcommands.Add(Send());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Replies());
        return command;
    }

    private const string PeriodHelp = "yyyy-MM-dd: the period holding that day, up to today if it is still running; or START至END as `dw digest list` shows it (e.g. 2025-01-13至01-19).";

    private static Option<string?> SupervisorOption(string what) => new("--supervisor") { Description = $"Name or address of a configured supervisor ({what})." };

    private static Command Preview()
    {
        var supervisor = SupervisorOption("default: the first");
        var period = new Option<string?>("--period") { Description = PeriodHelp + " Default: the current period so far." };
        var output = new Option<string>("--out") { Description = "FILE.html (the HTML part) or FILE.eml (the whole mail).", Required = true };
        var common = new StoreCliOptions();
        var command = new Command("preview", "Write a supervisor's digest as HTML or .eml from the store, without recording or sending it.") { supervisor, period, output };
        common.AddTo(command);
        command.SetAction(parse => WithDigests(parse, common, (settings, digest, service, err) =>
        {
            var path = parse.GetValue(output)!;
            var ext = Path.GetExtension(path).ToLowerInvariant();
            if (ext is not (".html" or ".htm" or ".eml"))
            {
                err.WriteLine($"dw digest preview: --out {path}: give a .html or .eml file");
                return 2;
            }
            if (Recipients(parse, supervisor, digest, err) is not [var recipient, ..]) return 1;
            var now = TimeProvider.System.GetUtcNow();
            var text = parse.GetValue(period) ?? DigestSchedule.LocalDate(now, recipient.TimeZone).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (PeriodOf(text, recipient, now, err) is not { } p) return 2;
            var input = service.Composer.Gather(recipient, p, DigestSchedule.LocalDate(now, recipient.TimeZone), digest.UncertainCount, digest.ReportYear);
            var mail = DigestComposer.Compose(input, recipient, digest.From, now, p.IdempotencyKey(recipient.Address));
            if (ext == ".eml") File.WriteAllBytes(path, mail.Eml);
            else File.WriteAllText(path, mail.Digest.Html);
            parse.InvocationConfiguration.Output.WriteLine($"{recipient.Name} <{recipient.Address}>, {Vocabulary.Period(p)}: {mail.Digest.Subject}");
            parse.InvocationConfiguration.Output.WriteLine($"wrote {Path.GetFullPath(path)}");
            return 0;
        }));
        return command;
    }

    private static Command Send()
    {
        var now = new Option<bool>("--now") { Description = "Also retry pending digests whose back-off has not run out yet." };
        var supervisor = SupervisorOption("with --period; default: every one");
        var period = new Option<string?>("--period") { Description = PeriodHelp + " Records and sends that period's digest (once per supervisor and period)." };
        var common = new StoreCliOptions();
        var command = new Command("send", "Run the digest job once: record the due digests not recorded yet and send the pending ones (SMTP, or the outbox folder); with --period, that period's.")
            { supervisor, period, now };
        common.AddTo(command);
        command.SetAction((parse, ct) => WithDigestsAsync(parse, common, async (settings, digest, service, err) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var via = digest.Smtp?.ToString() ?? "outbox " + settings.Paths.Outbox;
            if (Recipients(parse, supervisor, digest, err) is not { Count: > 0 } recipients) return 1;
            if (parse.GetValue(period) is not { } text)
            {
                var result = await service.Service.RunAsync(parse.GetValue(now), ct);
                output.WriteLine($"digests: {result.Created} built, {result.Sent} sent, {result.Failed} failed (kept pending), {result.Waiting} pending — via {via}");
                return result.Failed > 0 ? 1 : 0;
            }
            var at = TimeProvider.System.GetUtcNow();
            var built = 0;
            foreach (var r in recipients)
            {
                if (PeriodOf(text, r, at, err) is not { } p) return 2;
                if (service.Service.Record(r, p, at)) built++;
                else output.WriteLine($"{r.Name} <{r.Address}>, {Vocabulary.Period(p)}: recorded before (see dw digest list), not built again");
            }
            var (sent, failed, waiting) = await service.Service.SendPendingAsync(parse.GetValue(now), ct);
            output.WriteLine($"digests: {built} built, {sent} sent, {failed} failed (kept pending), {waiting} pending — via {via}");
            return failed > 0 ? 1 : 0;
        }));
        return command;
    }

    private static Command List()
    {
        var common = new StoreCliOptions();
        var command = new Command("list", "The recorded digests, latest first: period, supervisor, status, attempts, last error.");
        common.AddTo(command);
        command.SetAction(parse => common.RunOn(parse, (settings, database) =>
        {
            var o = parse.InvocationConfiguration.Output;
            var digests = new Storage.Digests.DigestStore(database).Digests();
            if (digests.Count == 0) { o.WriteLine("没有已记录的周报（dw digest send 生成并发送）。"); return 0; }
            o.WriteLine("编号\t周期\t收件人\t状态\t尝试次数\t发送时间/下次尝试\t最近错误");
            foreach (var d in digests)
            {
                var zone = settings.Digest.Recipients.FirstOrDefault(r => string.Equals(r.Address, d.Address, StringComparison.OrdinalIgnoreCase))?.TimeZone;
                o.WriteLine($"{d.Id}\t{Vocabulary.Period(new DigestPeriod(d.PeriodStart, d.PeriodEnd))}\t{d.Supervisor} <{d.Address}>\t{Vocabulary.State(d.Status)}\t{d.Attempts}\t"
                            + (d.SentAt is { } s ? $"{Vocabulary.Time(s, zone)} 已发送" : $"{Vocabulary.Time(d.NextAttemptAt, zone)} 下次尝试") + $"\t{d.LastError}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>The supervisor named by --supervisor, or all of them; none configured or an unknown name: the reason on stderr and an empty list.</summary>
    private static IReadOnlyList<DigestRecipient> Recipients(ParseResult parse, Option<string?> supervisor, DigestSettings digest, TextWriter err)
    {
        if (digest.Recipients.Count == 0)
        {
            err.WriteLine("dw: no supervisor is configured (Digest:Supervisors in appsettings.json or --config FILE; see README \"Weekly digest\"): there is no digest to build");
            return [];
        }
        if (parse.GetValue(supervisor) is not { } who) return digest.Recipients;
        var found = digest.Recipients.FirstOrDefault(r => r.Name == who || string.Equals(r.Address, who, StringComparison.OrdinalIgnoreCase));
        if (found is not null) return [found];
        err.WriteLine($"dw: no supervisor '{who}' (configured: {string.Join(", ", digest.Recipients.Select(r => r.Name))})");
        return [];
    }

    private static DigestPeriod? PeriodOf(string text, DigestRecipient r, DateTimeOffset now, TextWriter err)
    {
        var p = DigestSchedule.PeriodOf(text, r.Schedule, r.TimeZone, now);
        if (p is null) err.WriteLine($"dw: --period {text}: not a day (yyyy-MM-dd) or a period (2025-01-13至01-19)");
        return p;
    }

    private static Command Replies()
    {
        var common = new StoreCliOptions();
        var command = new Command("replies", "Supervisors' replies to their digests, latest first: what each took, or why it was refused; refused rows below.");
        common.AddTo(command);
        command.SetAction(parse => common.RunOn(parse, (_, database) =>
        {
            var o = parse.InvocationConfiguration.Output;
            var store = new Storage.Digests.Replies.DigestReplyStore(database);
            foreach (var r in store.DigestReplies())
            {
                var what = r.Status == Storage.Digests.Replies.DigestReplyStatus.Refused ? r.Reason
                    : $"reviews {r.Reviews}, labels {r.Labels}, unchanged {r.Unchanged}, rows refused {r.RefusedRows}\t"
                      + (r.ConfirmationSentAt is { } s ? $"confirmation sent {s:u}" : $"confirmation pending{(r.ConfirmationError is { } e ? ": " + e : "")}");
                o.WriteLine($"{r.Id}\t{r.ReceivedAt:u}\t{r.Via}\t{r.Sender}\tdigest {(r.DigestId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-")}\t{r.Status}\t{what}");
                foreach (var row in store.DigestReplyRows(r.Id).Where(x => x.Outcome == Storage.Digests.Replies.ReplyRowOutcome.Refused))
                    o.WriteLine($"\t{row.Sheet} 第 {row.RowNumber} 行 ({row.Item}): {row.Reason}");
            }
            return 0;
        }));
        return command;
    }

    private sealed record Services(DigestService Service, DigestComposer Composer);

    private static int WithDigests(ParseResult parse, StoreCliOptions common, Func<Settings, DigestSettings, Services, TextWriter, int> body) =>
        common.RunOn(parse, (settings, database) =>
        {
            using var logs = Logs();
            return body(settings, settings.Digest, new Services(Service(settings, database, logs), Composer(database)), parse.InvocationConfiguration.Error);
        });

    /// <summary><see cref="WithDigests"/> for a body that awaits (sending the digests).</summary>
    private static Task<int> WithDigestsAsync(ParseResult parse, StoreCliOptions common, Func<Settings, DigestSettings, Services, TextWriter, Task<int>> body) =>
        common.RunOnAsync(parse, async (settings, database) =>
        {
            using var logs = Logs();
            return await body(settings, settings.Digest, new Services(Service(settings, database, logs), Composer(database)),
                parse.InvocationConfiguration.Error);
        });

    private static ILoggerFactory Logs() =>
        LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }).SetMinimumLevel(LogLevel.Warning));

    private static DigestService Service(Settings settings, Storage.Database database, ILoggerFactory logs) =>
        new(settings.Digest, new Storage.Digests.DigestStore(database), new Storage.Reports.ReportRepository(database), new Storage.Findings.FindingStore(database),
            new Storage.Passages.PassageStore(database), new Storage.Runs.RunStore(database), settings.Paths, TimeProvider.System, logs.CreateLogger<DigestService>());

    private static DigestComposer Composer(Storage.Database database) =>
        new(new Storage.Reports.ReportRepository(database), new Storage.Findings.FindingStore(database), new Storage.Passages.PassageStore(database));
}
