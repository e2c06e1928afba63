using System.Text;
using System.Text.Json;
using Proxima.Envs;
using Proxima.Envs.Registry;

namespace Proxima.Cli.Commands;

/// <summary>
/// Records a trajectory as the Gymnasium reference files do: reset with the seed, step through the actions, and when an
/// episode ends reset without a seed (continuing the generator) and store that observation as the step's
/// <c>reset_obs</c>. Fields: env_id, gymnasium_version (<c>proxima-VERSION</c>), seed, action_rng (a note that the
/// actions came from a file), initial_obs, steps[{t, action, obs, reward, terminated, truncated, reset_obs?}] and, when
/// options were given, options.
/// </summary>
internal static class EnvCommandRollout
{
    /// <summary>What to record.</summary>
    public sealed record Request(string EnvId, ulong Seed, string Actions, string OutPath, IReadOnlyDictionary<string, object> Options);

    /// <summary>Runs the rollout, writes the JSON (to <paramref name="stdout"/> when the path is "-") and returns a summary line.</summary>
    public static string Run(Request request, TextWriter stdout)
    {
        using IEnv env = EnvRegistry.Make(request.EnvId, request.Options.Count > 0 ? request.Options : null);
        string actionsJson = LoadActionsText(request.Actions);
        float[][] actions = EnvCommandJson.ReadActions(actionsJson, env.ActionSpace);

        using var buffer = new MemoryStream();
        int episodes = 0;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("env_id", request.EnvId);
            writer.WriteString("gymnasium_version", "proxima-" + CliApp.Version);
            writer.WriteNumber("seed", request.Seed);
            writer.WriteString("action_rng", "none: actions read from " + (IsInline(request.Actions) ? "inline JSON" : request.Actions));
            if (request.Options.Count > 0)
            {
                writer.WriteStartObject("options");
                foreach (var (key, value) in request.Options)
                {
                    writer.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                }

                writer.WriteEndObject();
            }

            var obs = new float[env.ObservationSpace.Size];
            env.Reset(obs, request.Seed);
            writer.WritePropertyName("initial_obs");
            EnvCommandJson.WriteFloats(writer, obs);
            writer.WriteStartArray("steps");
            for (int t = 0; t < actions.Length; t++)
            {
                var result = env.Step(actions[t], obs);
                writer.WriteStartObject();
                writer.WriteNumber("t", t);
                writer.WritePropertyName("action");
                EnvCommandJson.WriteAction(writer, env.ActionSpace, actions[t]);
                writer.WritePropertyName("obs");
                EnvCommandJson.WriteFloats(writer, obs);
                writer.WritePropertyName("reward");
                EnvCommandJson.WriteDouble(writer, result.Reward);
                writer.WriteBoolean("terminated", result.Terminated);
                writer.WriteBoolean("truncated", result.Truncated);
                if (result.Done)
                {
                    episodes++;
                    env.Reset(obs);
                    writer.WritePropertyName("reset_obs");
                    EnvCommandJson.WriteFloats(writer, obs);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        string json = Encoding.UTF8.GetString(buffer.ToArray());
        if (request.OutPath == "-")
        {
            stdout.WriteLine(json);
        }
        else
        {
            File.WriteAllText(request.OutPath, json + "\n");
        }

        return $"Recorded {actions.Length} steps of {request.EnvId} (seed {request.Seed}, {episodes} episode(s) ended) to {request.OutPath}.";
    }

    private static bool IsInline(string actions)
    {
        string trimmed = actions.TrimStart();
        return trimmed.StartsWith('[') || trimmed.StartsWith('{');
    }

    private static string LoadActionsText(string actions)
    {
        if (IsInline(actions))
        {
            return actions;
        }

        if (!File.Exists(actions))
        {
            throw new FileNotFoundException($"Actions file '{actions}' does not exist; give a path to a JSON file or inline JSON starting with '['.");
        }

        return File.ReadAllText(actions);
    }
}
