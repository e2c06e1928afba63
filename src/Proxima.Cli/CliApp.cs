using System.CommandLine;
using System.Reflection;

namespace Proxima.Cli;

/// <summary>Builds the <c>proxima</c> command tree; each verb lives in its own file under Commands/.</summary>
public static class CliApp
{
    /// <summary>Runs the command line with the given output writers; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Proxima: fast, correct PPO for .NET.");
        root.Subcommands.Add(VersionCommand(output));
        root.Subcommands.Add(Commands.TrainCommand.Create(output, error));
        root.Subcommands.Add(Commands.EvalCommand.Create(output, error));
        root.Subcommands.Add(Commands.RolloutsCommand.Create(output, error));
        root.Subcommands.Add(Commands.EnvCommand.Create(output, error));
        root.Subcommands.Add(Commands.PlotCommand.Create(output, error));
        var config = new InvocationConfiguration { Output = output, Error = error };
        return root.Parse(args).Invoke(config);
    }

    /// <summary>The library version string.</summary>
    public static string Version =>
        typeof(Proxima.Nn.Tensor).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "unknown";

    private static Command VersionCommand(TextWriter output)
    {
        var command = new Command("version", "Print the Proxima version.");
        command.SetAction(_ => output.WriteLine($"proxima {Version}"));
        return command;
    }
}
