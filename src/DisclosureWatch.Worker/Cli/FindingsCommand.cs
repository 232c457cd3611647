using System.CommandLine;
using DisclosureWatch.Storage;
using DisclosureWatch.Storage.Findings;
using DisclosureWatch.Storage.Reports;
using DisclosureWatch.Worker.Hosting;

namespace DisclosureWatch.Worker.Cli;

/// <summary>`dw findings review ID confirm|dismiss|reopen [--comment TEXT]`: a reviewer's decision on one finding.</summary>
internal static class FindingsCommand
{
    public static Command Create()
    {
        var command = new Command("findings", "Review findings.");
        var id = Cli.IdArgument("finding", "Finding ID (see dw reports show).");
        var decision = new Argument<string>("DECISION") { Description = "confirm, dismiss or reopen." };
        decision.AcceptOnlyFromAmong("confirm", "dismiss", "reopen");
        var comment = new Option<string?>("--comment") { Description = "Why (kept with the decision)." };
        var common = new StoreCliOptions();
        var review = new Command("review", "Confirm or dismiss a finding, or reopen it (back to open).") { id, decision, comment };
        common.AddTo(review);
        review.SetAction(parse => common.RunOn(parse, (_, database) =>
        {
            var (store, reports) = (new FindingStore(database), new ReportRepository(database));
            var status = parse.GetValue(decision) switch
            {
                "confirm" => FindingStatus.Confirmed,
                "dismiss" => FindingStatus.Dismissed,
                _ => FindingStatus.Open,
            };
            var findingId = parse.GetValue(id);
            if (!store.ReviewFinding(findingId, status, parse.GetValue(comment), DateTime.UtcNow))
            {
                parse.InvocationConfiguration.Error.WriteLine($"dw: no finding with ID {findingId}");
                return 1;
            }
            var f = store.GetFinding(findingId)!;
            var report = reports.GetReport(f.ReportId)!.Report;
            parse.InvocationConfiguration.Output.WriteLine(
                $"问题 #{f.Id}（{f.Rule}）：{Core.Vocabulary.State(f.Status)}；报告 {report.Id}：{Core.Vocabulary.State(report.Status)}（{report.OpenFindings} 个待审）");
            return 0;
        }));
        command.Subcommands.Add(review);
        return command;
    }
}
