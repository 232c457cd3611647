using DisclosureWatch.Worker.Cli;

return await Cli.Run(args);
