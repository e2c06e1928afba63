using Proxima.Checkpoints;
using Proxima.Cli.Config;
using Proxima.Envs;
using Proxima.Envs.Registry;
using Proxima.Envs.Vector;
using Proxima.Evaluation;
using Proxima.Policies;
using Proxima.Random;
using Proxima.Training;

namespace Proxima.Cli.Running;

/// <summary>Reads and writes the checkpoints of <c>proxima</c> runs (a trainer's state plus the run's resolved config).</summary>
public static class RunCheckpoints
{
    /// <summary>A checkpoint of <paramref name="trainer"/> for <paramref name="run"/>.</summary>
    public static CheckpointData Capture(PpoTrainer trainer, RunConfig run) =>
        TrainerCheckpoint.ToCheckpoint(
            trainer.CaptureState(),
            ConfigWriter.ToYaml(run.Resolved),
            run.EnvId,
            trainer.Env.ObservationSpace.ToString(),
            trainer.Env.ActionSpace.ToString(),
            CliApp.Version);

    /// <summary>
    /// Continues <paramref name="trainer"/> from <paramref name="data"/> after checking the spaces; any mismatch of
    /// spaces, parameter names or shapes, or saved state is reported as a <see cref="ConfigException"/>.
    /// </summary>
    public static void Restore(PpoTrainer trainer, CheckpointData data)
    {
        CheckSpaces(data, trainer.Env);
        try
        {
            trainer.RestoreState(TrainerCheckpoint.ToTrainerState(data));
        }
        catch (Exception e) when (e is ArgumentException or CheckpointFormatException)
        {
            throw new ConfigException($"Cannot resume from the checkpoint: {e.Message}");
        }
    }

    /// <summary>Fails with a clear message when the checkpoint's observation or action space differs from the environment's.</summary>
    public static void CheckSpaces(CheckpointData data, IVectorEnv env)
    {
        string observation = env.ObservationSpace.ToString()!, action = env.ActionSpace.ToString()!;
        if (data.ObservationSpace != observation || data.ActionSpace != action)
        {
            throw new ConfigException(
                $"The checkpoint was trained on observations {data.ObservationSpace} and actions {data.ActionSpace}, " +
                $"but {data.EnvId} with these settings has {observation} and {action}.");
        }
    }

    /// <summary>
    /// Rebuilds the trained policy of a checkpoint (architecture from its config, weights validated by name and shape)
    /// and the observation transform it was trained with (frozen normalization statistics), for evaluation.
    /// </summary>
    public static (IActorCriticPolicy Policy, ObservationTransform? Transform) LoadPolicy(CheckpointData data, RunConfig run)
    {
        using var env = TrainingEnvironment.Create(_ => EnvRegistry.Make(run.EnvId, run.EnvOptions), run.Ppo with { NumEnvs = 1, NormalizeReward = false });
        var policy = ActorCriticPolicies.Create(env.Env.ObservationSpace, env.Env.ActionSpace, run.Ppo.Policy, new Pcg64(0));
        try
        {
            CheckpointValidation.LoadInto(policy.Parameters, data.Policy);
        }
        catch (CheckpointFormatException e)
        {
            throw new ConfigException(e.Message);
        }

        ObservationTransform? transform = null;
        if (env.ObservationNormalizer is { } normalizer)
        {
            int size = normalizer.Statistics.Size;
            double[] Stat(string name, int length) => data.Normalizers.TryGetValue(name, out var v) && v.Length == length
                ? v
                : throw new ConfigException($"The checkpoint was trained with observation normalization but lacks '{name}' ({length} values).");
            var statistics = new RunningMeanStd(size);
            statistics.Set(Stat("obs_rms.mean", size), Stat("obs_rms.var", size), Stat("obs_rms.count", 1)[0]);
            double epsilon = normalizer.Epsilon, clip = normalizer.Clip;
            transform = (raw, normalized) => statistics.Normalize(raw, normalized, epsilon, clip);
        }

        return (policy, transform);
    }

    /// <summary>
    /// Loads a checkpoint and the settings it was trained with (its <c>config.yaml</c>), with
    /// <paramref name="overrides"/> applied on top. Problems are reported as <see cref="ConfigException"/>.
    /// </summary>
    public static (CheckpointData Data, Dictionary<string, object?> Settings) Load(string path, IEnumerable<string> overrides)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException($"Checkpoint '{path}' does not exist.");
        }

        CheckpointData data;
        try
        {
            data = CheckpointFile.Load(path);
        }
        catch (CheckpointFormatException e)
        {
            throw new ConfigException($"Checkpoint '{path}' cannot be read: {e.Message}");
        }

        var settings = ConfigLoader.ParseYaml(data.ConfigYaml, $"{path}:config.yaml");
        foreach (string assignment in overrides)
        {
            ConfigLoader.ApplyOverride(settings, assignment);
        }

        return (data, settings);
    }
}
