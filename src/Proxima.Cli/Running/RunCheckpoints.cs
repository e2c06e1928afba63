using Proxima.Checkpoints;
using Proxima.Cli.Config;
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
