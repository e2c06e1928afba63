using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Proxima.Cli.Config;
using Proxima.Cli.Running;
using Proxima.Envs.Registry;
using Proxima.Evaluation;

namespace Proxima.Cli.Commands;

/// <summary><c>proxima eval CHECKPOINT [--episodes N] [--seed N] [--deterministic[=false]] [--json]</c>.</summary>
public static class EvalCommand
{
    /// <summary>Builds the <c>eval</c> command writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var checkpointArg = new Argument<string>("checkpoint") { Description = "A checkpoint written by proxima train (final.ckpt, best.ckpt, ckpt-N.ckpt)." };
        var episodesOpt = new Option<int>("--episodes") { Description = "Episodes to run.", DefaultValueFactory = _ => 10 };
        var seedOpt = new Option<ulong>("--seed") { Description = "Episode k is reset with seed + k.", DefaultValueFactory = _ => 0 };
        var deterministicOpt = new Option<bool>("--deterministic") { Description = "Take the most likely action (default); --deterministic false samples.", DefaultValueFactory = _ => true };
        var jsonOpt = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("eval", "Evaluate a trained policy from a checkpoint.") { checkpointArg, episodesOpt, seedOpt, deterministicOpt, jsonOpt };
        command.SetAction(parse =>
        {
            try
            {
                int episodes = parse.GetValue(episodesOpt);
                if (episodes < 1)
                {
                    throw new ConfigException($"--episodes must be at least 1, got {episodes}.");
                }

                var (data, settings) = RunCheckpoints.Load(parse.GetValue(checkpointArg)!, []);
                var run = ConfigLoader.Build(settings);
                var (policy, transform) = RunCheckpoints.LoadPolicy(data, run);
                bool deterministic = parse.GetValue(deterministicOpt);
                var stats = Evaluator.Evaluate(policy, () => EnvRegistry.Make(run.EnvId, run.EnvOptions), episodes, parse.GetValue(seedOpt), deterministic, transform);
                if (parse.GetValue(jsonOpt))
                {
                    output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["env_id"] = run.EnvId,
                        ["timesteps"] = data.Timesteps,
                        ["episodes"] = stats.Episodes,
                        ["mean_return"] = stats.MeanReturn,
                        ["std_return"] = stats.StdReturn,
                        ["mean_length"] = stats.MeanLength,
                        ["deterministic"] = deterministic,
                        ["returns"] = stats.PerEpisode.Select(e => e.Return).ToArray(),
                        ["lengths"] = stats.PerEpisode.Select(e => e.Length).ToArray(),
                    }));
                }
                else
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{run.EnvId} after {data.Timesteps} steps: mean return {stats.MeanReturn:F2} ± {stats.StdReturn:F2}, mean length {stats.MeanLength:F1} over {stats.Episodes} episodes ({(deterministic ? "deterministic" : "stochastic")})."));
                }

                return 0;
            }
            catch (ConfigException e)
            {
                error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }
}
