using System.CommandLine;
using Proxima.Cli;

return CliApp.Run(args, Console.Out, Console.Error);
