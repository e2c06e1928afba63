using Proxima.Envs;
using Proxima.Envs.Vector;
using Proxima.Optim;
using Proxima.Training;

namespace Proxima.Tests.Training;

public class PpoTrainerTests
{
    internal static IVectorEnv Vector(Func<IEnv> factory, int count) => new SyncVectorEnv(Enumerable.Range(0, count).Select(_ => factory()).ToList());

    private static PpoConfig BanditConfig(int envs = 4) => new()
    {
        Seed = 7,
        NumEnvs = envs,
        NSteps = 16,
        BatchSize = 32,
        NEpochs = 4,
        LearningRate = new ConstantSchedule(3e-3),
        Policy = new Policies.PolicyConfig { PiLayers = [16], VfLayers = [16] },
    };

    [Fact]
    public void LearnRaisesProbabilityOfPositiveAdvantageActionsAndLowersLoss()
    {
        using var env = Vector(() => new ContextBanditEnv(), 4);
        var trainer = new PpoTrainer(BanditConfig(), env);
        var batch = trainer.CollectRollouts(16);

        // Log-probabilities of the collected actions before learning; after Learn, actions with positive advantage
        // must have become more likely on average, and those with negative advantage less likely.
        var before = new float[batch.Count];
        var after = new float[batch.Count];
        var entropy = new float[batch.Count];
        var values = new float[batch.Count];
        trainer.Policy.EvaluateActions(batch.Observations, batch.Count, batch.Actions, default, before, entropy, values);
        var first = trainer.Learn(batch);
        trainer.Policy.EvaluateActions(batch.Observations, batch.Count, batch.Actions, default, after, entropy, values);
        double upPositive = 0, upNegative = 0;
        int nPositive = 0, nNegative = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            if (batch.Advantages[i] > 0.05f)
            {
                upPositive += after[i] - before[i];
                nPositive++;
            }
            else if (batch.Advantages[i] < -0.05f)
            {
                upNegative += after[i] - before[i];
                nNegative++;
            }
        }

        Assert.True(nPositive > 0 && nNegative > 0);
        Assert.True(upPositive / nPositive > 0, $"positive-advantage actions changed by {upPositive / nPositive}");
        Assert.True(upNegative / nNegative < 0, $"negative-advantage actions changed by {upNegative / nNegative}");

        // Learning again on the same batch starts from a lower loss than the first pass did.
        var second = trainer.Learn(batch);
        Assert.True(second.TotalLoss < first.TotalLoss, $"loss {first.TotalLoss} -> {second.TotalLoss}");
    }

    [Fact]
    public void FirstMinibatchOfFirstEpochHasNoClippingAndNoKl()
    {
        using var env = Vector(() => new ContextBanditEnv(), 4);
        var config = BanditConfig() with { NEpochs = 1, BatchSize = 1_000 };
        var trainer = new PpoTrainer(config, env);
        var metrics = trainer.Learn(trainer.CollectRollouts(16));
        Assert.Equal(1, metrics.MinibatchesRun);
        Assert.Equal(0.0, metrics.ClipFraction);
        Assert.True(Math.Abs(metrics.ApproxKl) < 1e-6, $"approx_kl {metrics.ApproxKl}");
    }

    [Fact]
    public void TrainSolvesTheContextBandit()
    {
        using var env = Vector(() => new ContextBanditEnv(), 4);
        var trainer = new PpoTrainer(BanditConfig(), env);
        var history = trainer.Train(6_000);
        Assert.True(history[^1].MeanEpisodeReturn > 0.9, $"mean return {history[^1].MeanEpisodeReturn}");
    }

    [Fact]
    public void TruncatedEpisodesBootstrapFromTheFinalObservationValue()
    {
        using var env = Vector(() => new ContextBanditEnv(truncate: true), 3);
        var trainer = new PpoTrainer(BanditConfig(3), env);
        var batch = trainer.CollectRollouts(4);
        var v = new float[1];
        for (int i = 0; i < batch.Count; i++)
        {
            Assert.True(batch.Truncated[i]);
            Assert.False(batch.Terminated[i]);

            // The final observation equals the observation the action was taken from (the context does not change).
            trainer.Policy.PredictValues(batch.Observation(i), 1, v);
            Assert.Equal(v[0], batch.BootstrapValues[i], 5);
            Assert.Equal(batch.Rewards[i] + ((float)trainer.Config.Gamma * v[0]) - batch.Values[i], batch.Advantages[i], 5);
        }
    }

    [Fact]
    public void MaskedActionsAreNeverTakenAndTheBatchKeepsTheMasks()
    {
        using var env = Vector(() => new MaskedContextBanditEnv(), 4);
        var trainer = new PpoTrainer(BanditConfig(), env);

        // The environment throws if a masked action reaches it.
        trainer.Train(2_000);
        var batch = trainer.CollectRollouts(16);
        Assert.NotNull(batch.ActionMasks);
        for (int i = 0; i < batch.Count; i++)
        {
            if (!batch.ActionMasks![i * 2])
            {
                Assert.Equal(1f, batch.Actions[i]);
            }
        }
    }

    [Fact]
    public void SameSeedGivesBitIdenticalTraining()
    {
        float[] Run()
        {
            using var env = Vector(() => new TrackTargetEnv(), 2);
            var trainer = new PpoTrainer(BanditConfig(2) with { NSteps = 32 }, env);
            trainer.Train(640);
            return trainer.Policy.Parameters.Values.ToArray();
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void ContinuousActionsAreStoredUnclippedAndSentClipped()
    {
        using var env = Vector(() => new TrackTargetEnv(), 2);
        var config = BanditConfig(2) with { Policy = new Policies.PolicyConfig { PiLayers = [8], VfLayers = [8], LogStdInit = 1.5 } };
        var trainer = new PpoTrainer(config, env);
        var batch = trainer.CollectRollouts(64);

        // With std e^1.5 ≈ 4.5, many samples fall outside [−2, 2]; they are kept as sampled, and the reward
        // reveals that the environment received the clipped action.
        int outside = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            float a = batch.Actions[i];
            if (Math.Abs(a) > 2f)
            {
                outside++;
                float target = batch.Observations[i];
                float clipped = Math.Clamp(a, -2f, 2f);
                Assert.Equal(-(clipped - target) * (clipped - target), batch.Rewards[i], 4);
            }
        }

        Assert.True(outside > 10, $"only {outside} samples outside the bounds");
    }

    [Fact]
    public void SteadyStateCollectionAllocatesNothing()
    {
        using var env = Vector(() => new TrackTargetEnv(), 8);
        var trainer = new PpoTrainer(BanditConfig(8) with { NSteps = 64 }, env);
        var batch = trainer.CollectRollouts(64);
        trainer.CollectRollouts(64, batch);
        long before = GC.GetAllocatedBytesForCurrentThread();
        trainer.CollectRollouts(64, batch);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void InvalidConfigListsEveryProblem()
    {
        var config = new PpoConfig { NSteps = 0, Gamma = 1.5, ClipRangeVf = -1 };
        var ex = Assert.Throws<ArgumentException>(() => config.Validate());
        Assert.Contains("n_steps = 0", ex.Message);
        Assert.Contains("gamma = 1.5", ex.Message);
        Assert.Contains("clip_range_vf", ex.Message);
    }

    [Fact]
    public void ANaNRewardStopsTrainingWhereItAppearsBeforeTouchingTheWeights()
    {
        var config = new PpoConfig { Seed = 3, NumEnvs = 3, NSteps = 10, BatchSize = 30, NEpochs = 2 };
        using var env = new SyncVectorEnv(i => new NaNRewardEnv(i, badIndex: 2, badStep: 25), 3);
        var trainer = new PpoTrainer(config, env);
        trainer.Train(60); // two clean updates (steps 1-20 of each environment)
        float[] before = (float[])trainer.Policy.Parameters.Values.Clone();
        var e = Assert.Throws<NonFiniteValueException>(() => trainer.Train(90));
        Assert.Equal("reward", e.Quantity);
        Assert.Equal(2, e.EnvIndex);
        Assert.Equal(3 * 24, e.Timestep); // found on the 25th step, before it was counted
        Assert.Contains("environment 2", e.Message);
        Assert.Equal(before, trainer.Policy.Parameters.Values);
    }
}
