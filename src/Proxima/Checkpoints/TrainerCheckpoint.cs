using Proxima.Envs;
using Proxima.Training;

namespace Proxima.Checkpoints;

/// <summary>
/// Maps a <see cref="TrainerState"/> to the checkpoint file's plain sections and back: weights to
/// <c>policy.safetensors</c>, optimizer moments to <c>optimizer.safetensors</c>, generators, counters, the episode
/// window, normalizer statistics and the environments' state to <c>state.json</c>. Nothing here instantiates types
/// named by the file; a missing or misshapen entry is a <see cref="CheckpointFormatException"/>.
/// </summary>
public static class TrainerCheckpoint
{
    private const string KlCoefKey = "trainer.kl_coef";
    private const string EpisodeStartsKey = "trainer.episode_starts";
    private const string EnvObservationsKey = "env.observations";
    private const string EnvMasksKey = "env.action_masks";
    private const string EnvReturnsKey = "env.episode_returns";
    private const string EnvLengthsKey = "env.episode_lengths";
    private const string EnvCountKey = "env.count";
    private const string EnvGeneratorPrefix = "env.";

    /// <summary>Builds the checkpoint record of <paramref name="state"/> with the run's identity.</summary>
    public static CheckpointData ToCheckpoint(TrainerState state, string configYaml, string envId, string observationSpace, string actionSpace, string proximaVersion)
    {
        ArgumentNullException.ThrowIfNull(state);
        var arrays = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            [KlCoefKey] = [state.KlCoef],
            [EpisodeStartsKey] = state.EpisodeStarts.Select(b => b ? 1.0 : 0.0).ToArray(),
        };
        var generators = new Dictionary<string, ulong[]>(state.Generators, StringComparer.Ordinal);
        var normalizers = new Dictionary<string, double[]>(StringComparer.Ordinal);
        if (state.Environment is { } env)
        {
            arrays[EnvObservationsKey] = env.Observations.Select(v => (double)v).ToArray();
            if (env.ActionMasks is { } masks)
            {
                arrays[EnvMasksKey] = masks.Select(b => b ? 1.0 : 0.0).ToArray();
            }

            arrays[EnvReturnsKey] = env.EpisodeReturns;
            arrays[EnvLengthsKey] = env.EpisodeLengths.Select(l => (double)l).ToArray();
            arrays[EnvCountKey] = [env.Envs.Length];
            for (int i = 0; i < env.Envs.Length; i++)
            {
                arrays[$"env.{i}.values"] = env.Envs[i].Values;
                generators[$"{EnvGeneratorPrefix}{i}"] = env.Envs[i].Words;
            }

            foreach (var (name, values) in env.Statistics)
            {
                normalizers[name] = values;
            }
        }

        return new CheckpointData
        {
            ConfigYaml = configYaml,
            EnvId = envId,
            ObservationSpace = observationSpace,
            ActionSpace = actionSpace,
            Policy = state.Parameters.Select(p => NamedTensor.FromFloats(p.Name, p.Shape, p.Values)).ToArray(),
            OptimizerState = state.OptimizerState,
            OptimizerStepCount = state.OptimizerSteps,
            Normalizers = normalizers,
            RngStates = generators,
            State = arrays,
            Timesteps = state.Timesteps,
            Updates = state.Updates,
            Episodes = state.Episodes.TotalEpisodes,
            ScheduleProgress = state.Progress,
            RecentReturns = state.Episodes.Returns,
            RecentLengths = state.Episodes.Lengths.Select(l => (long)l).ToArray(),
            ProximaVersion = proximaVersion,
            CreatedUtc = DateTimeOffset.UtcNow,
        };
    }

    /// <summary>Reads the trainer state back; the trainer validates names and shapes against its policy.</summary>
    public static TrainerState ToTrainerState(CheckpointData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        VectorEnvState? env = null;
        if (data.State.TryGetValue(EnvCountKey, out var countValues))
        {
            int count = countValues.Length == 1 && countValues[0] >= 0 && countValues[0] <= int.MaxValue
                ? (int)countValues[0]
                : throw new CheckpointFormatException($"state '{EnvCountKey}' must hold one non-negative count.");
            var envs = new EnvState[count];
            for (int i = 0; i < count; i++)
            {
                envs[i] = new EnvState(Array(data, $"env.{i}.values"), Generator(data, $"{EnvGeneratorPrefix}{i}"));
            }

            env = new VectorEnvState(
                Array(data, EnvObservationsKey).Select(v => (float)v).ToArray(),
                data.State.TryGetValue(EnvMasksKey, out var masks) ? masks.Select(v => v != 0).ToArray() : null,
                Array(data, EnvReturnsKey),
                Array(data, EnvLengthsKey).Select(v => (int)v).ToArray(),
                envs,
                data.Normalizers);
        }

        return new TrainerState
        {
            Timesteps = data.Timesteps,
            Updates = checked((int)data.Updates),
            Progress = data.ScheduleProgress,
            KlCoef = Scalar(data, KlCoefKey),
            Parameters = data.Policy.Select(t => (t.Name, (int[])t.Shape.Clone(), t.ToFloats())).ToArray(),
            OptimizerState = data.OptimizerState,
            OptimizerSteps = data.OptimizerStepCount,
            Generators = data.RngStates.Where(kv => !kv.Key.StartsWith(EnvGeneratorPrefix, StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            Episodes = new EpisodeWindowState(data.RecentReturns.ToArray(), data.RecentLengths.Select(l => (int)l).ToArray(), data.Episodes),
            EpisodeStarts = Array(data, EpisodeStartsKey).Select(v => v != 0).ToArray(),
            Environment = env,
        };
    }

    private static double[] Array(CheckpointData data, string key) =>
        data.State.TryGetValue(key, out var values) ? values : throw new CheckpointFormatException($"state.json lacks the state array '{key}'.");

    private static double Scalar(CheckpointData data, string key) =>
        Array(data, key) is [var v] ? v : throw new CheckpointFormatException($"state '{key}' must hold exactly one value.");

    private static ulong[] Generator(CheckpointData data, string key) =>
        data.RngStates.TryGetValue(key, out var words) ? words : throw new CheckpointFormatException($"state.json lacks the generator state '{key}'.");
}
