using System.CommandLine;
using System.Globalization;
using Proxima.Envs;
using Proxima.Envs.Registry;
using Proxima.Envs.Spaces;

namespace Proxima.Cli.Commands;

/// <summary>
/// <c>proxima env</c>: <c>list</c> prints the registered environments as a table; <c>rollout</c> records a
/// trajectory for a fixed action sequence in the Gymnasium reference JSON format (see <see cref="EnvCommandRollout"/>);
/// <c>check</c> runs the environment checker (see <see cref="EnvCommandCheck"/>).
/// </summary>
public static class EnvCommand
{
    /// <summary>Builds the <c>env</c> command writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("env", "List, check and record environments.");
        command.Subcommands.Add(ListCommand(output));
        command.Subcommands.Add(RolloutCommand(output, error));
        command.Subcommands.Add(EnvCommandCheck.Create(output, error, ParseOptions));
        return command;
    }

    private static Command ListCommand(TextWriter output)
    {
        var command = new Command("list", "List registered environments: spaces, time limits, reward thresholds and options.");
        command.SetAction(_ =>
        {
            WriteTable(output);
            return 0;
        });
        return command;
    }

    /// <summary>Writes the environment table (one row per registered id).</summary>
    internal static void WriteTable(TextWriter output)
    {
        string[] header = ["ID", "OBSERVATION", "ACTION", "MAX STEPS", "THRESHOLD", "OPTIONS"];
        var rows = new List<string[]> { header };
        foreach (var spec in EnvRegistry.Specs)
        {
            string observation, action;
            try
            {
                using IEnv env = EnvRegistry.Make(spec.Id);
                observation = FormatSpace(env.ObservationSpace);
                action = FormatSpace(env.ActionSpace);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // A user registration whose factory fails should not hide the rest of the table.
                observation = action = "(error: " + ex.Message + ")";
            }

            string options = spec.DefaultOptions is { Count: > 0 } d
                ? string.Join(", ", d.Select(kv => $"{kv.Key}={FormatOption(kv.Value)}"))
                : "-";
            rows.Add([
                spec.Id,
                observation,
                action,
                spec.MaxEpisodeSteps?.ToString(CultureInfo.InvariantCulture) ?? "-",
                spec.RewardThreshold?.ToString(CultureInfo.InvariantCulture) ?? "-",
                options,
            ]);
        }

        int[] widths = Enumerable.Range(0, header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
        }
    }

    // Box.ToString elides per-element bounds; a listing should show them.
    private static string FormatSpace(Space space)
    {
        if (space is not Box box || box.Low.ToArray().Distinct().Count() == 1 && box.High.ToArray().Distinct().Count() == 1)
        {
            return space.ToString();
        }

        static string List(ReadOnlySpan<float> values) =>
            "[" + string.Join(", ", values.ToArray().Select(v => v.ToString("G4", CultureInfo.InvariantCulture))) + "]";
        return $"Box({List(box.Low)}, {List(box.High)}, [{string.Join(", ", box.Shape)}])";
    }

    private static string FormatOption(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static Command RolloutCommand(TextWriter output, TextWriter error)
    {
        var env = new Option<string>("--env") { Description = "Environment id (see 'proxima env list').", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the first reset.", DefaultValueFactory = _ => 0UL };
        var actions = new Option<string>("--actions")
        {
            Description = "File (or inline JSON) with a JSON array of actions (integers for Discrete, arrays for Box) or a trajectory in the reference format.",
            Required = true,
        };
        var outPath = new Option<string>("--out") { Description = "Output JSON file ('-' for standard output).", Required = true };
        var options = EnvOptionsOption();

        var command = new Command("rollout", "Reset with a seed, apply a fixed action sequence and record every observation, reward and flag as JSON.");
        command.Options.Add(env);
        command.Options.Add(seed);
        command.Options.Add(actions);
        command.Options.Add(outPath);
        command.Options.Add(options);
        command.SetAction(parse =>
        {
            try
            {
                var request = new EnvCommandRollout.Request(
                    parse.GetValue(env)!,
                    parse.GetValue(seed),
                    parse.GetValue(actions)!,
                    parse.GetValue(outPath)!,
                    ParseOptions(parse.GetValue(options) ?? []));
                string summary = EnvCommandRollout.Run(request, output);
                if (request.OutPath != "-")
                {
                    output.WriteLine(summary);
                }

                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                error.WriteLine($"env rollout: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>The repeatable <c>--option KEY=VALUE</c> of the commands that create an environment.</summary>
    internal static Option<string[]> EnvOptionsOption() => new("--option")
    {
        Description = "Environment option KEY=VALUE (repeatable), e.g. --option g=9.81 for Pendulum-v1.",
        AllowMultipleArgumentsPerToken = false,
    };

    private static Dictionary<string, object> ParseOptions(string[] pairs)
    {
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (string pair in pairs)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                throw new FormatException($"Option '{pair}' must look like KEY=VALUE, e.g. g=9.81.");
            }

            result[pair[..eq]] = pair[(eq + 1)..];
        }

        return result;
    }
}
