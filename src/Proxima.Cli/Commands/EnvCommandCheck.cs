using System.CommandLine;
using Proxima.Envs;
using Proxima.Envs.Checking;
using Proxima.Envs.Registry;

namespace Proxima.Cli.Commands;

/// <summary>
/// <c>proxima env check ID</c>: builds a registered environment and runs <see cref="EnvChecker"/> on it, printing the
/// report; the exit code is 1 when the report has errors (or the environment cannot be built), 0 otherwise.
/// </summary>
internal static class EnvCommandCheck
{
    /// <summary>Builds the <c>check</c> subcommand.</summary>
    public static Command Create(TextWriter output, TextWriter error, Func<string[], Dictionary<string, object>> parseOptions)
    {
        var id = new Argument<string>("id") { Description = "Environment id (see 'proxima env list')." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the resets and of the random actions.", DefaultValueFactory = _ => 0UL };
        var steps = new Option<int>("--steps") { Description = "Random steps to take.", DefaultValueFactory = _ => 200 };
        var options = EnvCommand.EnvOptionsOption();

        var command = new Command("check", "Check that an environment honours the environment contract (spaces, observations, rewards, seeding, episodes).");
        command.Arguments.Add(id);
        command.Options.Add(seed);
        command.Options.Add(steps);
        command.Options.Add(options);
        command.SetAction(parse =>
        {
            string envId = parse.GetValue(id)!;
            int stepCount = parse.GetValue(steps);
            if (stepCount < 1)
            {
                error.WriteLine($"env check: --steps must be at least 1, got {stepCount}.");
                return 1;
            }

            EnvCheckReport report;
            try
            {
                var parsed = parseOptions(parse.GetValue(options) ?? []);
                using IEnv env = EnvRegistry.Make(envId, parsed.Count > 0 ? parsed : null);
                report = EnvChecker.Check(env, parse.GetValue(seed), stepCount);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
            {
                error.WriteLine($"env check: {ex.Message}");
                return 1;
            }

            output.Write($"{envId}: {report}");
            return report.IsValid ? 0 : 1;
        });
        return command;
    }
}
