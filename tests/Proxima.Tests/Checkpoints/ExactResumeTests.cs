using Proxima.Checkpoints;
using Proxima.Envs.Registry;
using Proxima.Policies;
using Proxima.Training;

namespace Proxima.Tests.Checkpoints;

/// <summary>
/// N updates, save, load into a fresh trainer and environments, N more updates must give the same weights, bit for
/// bit, as 2N updates without stopping (the checkpoint issue's exact-resume guarantee).
/// </summary>
public class ExactResumeTests
{
    public static TheoryData<string, bool> Cases => new()
    {
        { "CartPole-v1", false },
        { "Acrobot-v1", true }, // with observation and reward normalization
        { "Pendulum-v1", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SaveLoadContinueEqualsUninterruptedTraining(string envId, bool normalize)
    {
        var config = new PpoConfig
        {
            Seed = 11,
            NumEnvs = 3,
            NSteps = 64,
            BatchSize = 48,
            NEpochs = 2,
            NormalizeObservation = normalize,
            NormalizeReward = normalize,
            Policy = new PolicyConfig { PiLayers = [16], VfLayers = [16] },
        };
        long half = 3L * 64 * 3; // three updates
        var reference = Train(envId, config, 2 * half, checkpoint: null);

        string path = Path.Combine(Path.GetTempPath(), $"proxima-resume-{Guid.NewGuid():N}.ckpt");
        try
        {
            Train(envId, config, half, checkpoint: path);
            var resumed = Train(envId, config, 2 * half, checkpoint: null, resumeFrom: path);
            Assert.Equal(reference, resumed);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ACheckpointOfAnotherArchitectureIsRejectedWithTheDifferences()
    {
        var config = new PpoConfig { Seed = 1, NumEnvs = 2, NSteps = 16, BatchSize = 32, NEpochs = 1, Policy = new PolicyConfig { PiLayers = [8], VfLayers = [8] } };
        string path = Path.Combine(Path.GetTempPath(), $"proxima-resume-{Guid.NewGuid():N}.ckpt");
        try
        {
            Train("CartPole-v1", config, 32, checkpoint: path);
            var wider = config with { Policy = new PolicyConfig { PiLayers = [16], VfLayers = [8] } };
            var e = Assert.Throws<ArgumentException>(() => Train("CartPole-v1", wider, 64, checkpoint: null, resumeFrom: path));
            Assert.Contains("pi.0.weight", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static float[] Train(string envId, PpoConfig config, long total, string? checkpoint, string? resumeFrom = null)
    {
        using var setup = TrainingEnvironment.Create(_ => EnvRegistry.Make(envId), config);
        var trainer = new PpoTrainer(config, setup.Env);
        if (resumeFrom is not null)
        {
            trainer.RestoreState(TrainerCheckpoint.ToTrainerState(CheckpointFile.Load(resumeFrom)));
        }

        trainer.Train(total);
        if (checkpoint is not null)
        {
            var data = TrainerCheckpoint.ToCheckpoint(trainer.CaptureState(), "", envId, setup.Env.ObservationSpace.ToString(), setup.Env.ActionSpace.ToString(), "test");
            CheckpointFile.Save(checkpoint, data);
        }

        return (float[])trainer.Policy.Parameters.Values.Clone();
    }
}
