using System.CommandLine;
using DisclosureWatch.Worker.Configuration;
using DisclosureWatch.Worker.Hosting;
using Microsoft.Extensions.Hosting;

namespace DisclosureWatch.Worker.Cli;

/// <summary>`dw run [--data DIR] [--config FILE]`: the unattended worker (Generic Host + Quartz) until SIGTERM/Ctrl-C.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var common = new StoreCliOptions();
        var command = new Command("run", "Run the worker: poll the inbox into the store until stopped (SIGTERM, Ctrl-C).");
        common.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            IHost host;
            try { host = RunHost.Build(parse.GetValue(common.Config), parse.GetValue(common.Data)); }
            catch (ConfigurationException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"dw: {e.Message}");
                return ConfigurationException.ExitCode;
            }
            try
            {
                await host.RunAsync(ct);
                return 0;
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException e) // ValidateOnStart: the host did not start
            {
                parse.InvocationConfiguration.Error.WriteLine($"dw: invalid configuration:\n  {string.Join("\n  ", e.Failures)}");
                return ConfigurationException.ExitCode;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"dw: the worker stopped: {e.Message}");
                return 1;
            }
            finally
            {
                host.Dispose();
            }
        });
        return command;
    }
}
