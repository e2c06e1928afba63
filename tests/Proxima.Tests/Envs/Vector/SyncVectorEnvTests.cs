using Proxima.Envs;
using Proxima.Envs.Registry;
using Proxima.Envs.Vector;

namespace Proxima.Tests.Envs.Vector;

public class SyncVectorEnvTests
{
    [Fact]
    public void SameStepAutoresetWritesFinalObservationAndNewEpisode()
    {
        // Env 0 ends every 2 steps (terminated), env 1 every 3 steps (truncated).
        using var vec = new SyncVectorEnv([new CountingEnv(0, 2), new CountingEnv(1, 3, truncate: true)]);
        vec.Reset();
        var d = vec.Data;
        Assert.Equal([0, 0, 0, -1, 1, 0, 0, -1], d.Observations);

        vec.Step([1f, 2f]);
        Assert.Equal([0, 0, 1, -1, 1, 0, 1, -1], d.Observations);
        Assert.Equal([2f, 3f], d.Rewards);
        Assert.Equal([false, false], d.Terminated);
        Assert.Equal([false, false], d.Truncated);

        vec.Step([1f, 2f]);
        // Env 0 finished: its row shows episode 1 at t = 0, its final row the last observation of episode 0.
        Assert.Equal([0, 1, 0, -1], d.Observation(0).ToArray());
        Assert.Equal([0, 0, 2, -1], d.FinalObservation(0).ToArray());
        Assert.True(d.Terminated[0]);
        Assert.False(d.Truncated[0]);
        Assert.Equal(2 + 3, d.EpisodeReturns[0]);
        Assert.Equal(2, d.EpisodeLengths[0]);
        Assert.Equal([1, 0, 2, -1], d.Observation(1).ToArray());
        Assert.False(d.Terminated[1] || d.Truncated[1]);

        vec.Step([1f, 2f]);
        Assert.Equal([1, 1, 0, -1], d.Observation(1).ToArray());
        Assert.Equal([1, 0, 3, -1], d.FinalObservation(1).ToArray());
        Assert.True(d.Truncated[1]);
        Assert.False(d.Terminated[1]);
        Assert.Equal(3 + 4 + 5, d.EpisodeReturns[1]);
        Assert.Equal(3, d.EpisodeLengths[1]);
        Assert.False(d.Terminated[0] || d.Truncated[0]);

        vec.Step([-1f, 0f]);
        Assert.True(d.Terminated[0]);
        Assert.Equal(2 + 1, d.EpisodeReturns[0]); // second episode of env 0: rewards 1 + 1 and −1 + 2, tracking restarted
        Assert.Equal(2, d.EpisodeLengths[0]);
    }

    [Fact]
    public void EpisodeStatisticsMatchAManualLoopOnCartPole()
    {
        const int n = 4;
        using var vec = new SyncVectorEnv(_ => EnvRegistry.Make("CartPole-v1"), n);
        var manual = Enumerable.Range(0, n).Select(_ => EnvRegistry.Make("CartPole-v1")).ToArray();
        var obs = new float[n][];
        for (int i = 0; i < n; i++)
        {
            obs[i] = new float[4];
            manual[i].Reset(obs[i], 7 + (ulong)i);
        }

        vec.Reset(7);
        var actions = new float[n];
        var returns = new double[n];
        var lengths = new int[n];
        int episodes = 0;
        for (int t = 0; t < 300; t++)
        {
            for (int i = 0; i < n; i++)
            {
                actions[i] = (t * 7 + i * 3) % 5 < 2 ? 1 : 0;
            }

            vec.Step(actions);
            for (int i = 0; i < n; i++)
            {
                var r = manual[i].Step(actions.AsSpan(i, 1), obs[i]);
                returns[i] += r.Reward;
                lengths[i]++;
                Assert.Equal(r.Terminated, vec.Data.Terminated[i]);
                Assert.Equal(r.Truncated, vec.Data.Truncated[i]);
                Assert.Equal((float)r.Reward, vec.Data.Rewards[i]);
                if (r.Done)
                {
                    episodes++;
                    Assert.Equal(obs[i], vec.Data.FinalObservation(i).ToArray());
                    Assert.Equal(returns[i], vec.Data.EpisodeReturns[i]);
                    Assert.Equal(lengths[i], vec.Data.EpisodeLengths[i]);
                    returns[i] = 0;
                    lengths[i] = 0;
                    manual[i].Reset(obs[i]);
                }

                Assert.Equal(obs[i], vec.Data.Observation(i).ToArray());
            }
        }

        Assert.True(episodes > 5, $"only {episodes} episodes ended");
    }

    [Fact]
    public void ResetSeedsEnvIWithSeedPlusI()
    {
        var envs = Enumerable.Range(0, 3).Select(i => new CountingEnv(i, 5)).ToArray();
        using var vec = new SyncVectorEnv(envs);
        vec.Reset(100);
        Assert.Equal([100UL, 101UL, 102UL], envs.Select(e => e.LastSeed!.Value));
        Assert.Equal(101f, vec.Data.Observation(1)[3]);

        // Unseeded reset and autoresets pass no seed.
        vec.Reset();
        Assert.Equal([100UL, 101UL, 102UL], envs.Select(e => e.LastSeed!.Value));
        Assert.Equal([1, 1, 1], envs.Select(e => e.Episode));
    }

    [Fact]
    public void SameSeedGivesSameTrajectoriesAndDifferentEnvsDiffer()
    {
        float[] Run(ulong seed)
        {
            using var vec = new SyncVectorEnv(_ => EnvRegistry.Make("Pendulum-v1"), 3);
            vec.Reset(seed);
            var all = new List<float>(vec.Data.Observations);
            for (int t = 0; t < 50; t++)
            {
                vec.Step([0.5f, -1f, 2f]);
                all.AddRange(vec.Data.Observations);
            }

            return [.. all];
        }

        Assert.Equal(Run(3), Run(3));
        Assert.NotEqual(Run(3), Run(4));

        using var v = new SyncVectorEnv(_ => EnvRegistry.Make("Pendulum-v1"), 2);
        v.Reset(3);
        Assert.NotEqual(v.Data.Observation(0).ToArray(), v.Data.Observation(1).ToArray());
        using var single = EnvRegistry.Make("Pendulum-v1");
        var o = new float[3];
        single.Reset(o, 4);
        Assert.Equal(o, v.Data.Observation(1).ToArray());
    }

    [Fact]
    public void StepExceptionIsWrappedWithEnvIndexAndStep()
    {
        var envs = Enumerable.Range(0, 3).Select(i => new CountingEnv(i, 100)).ToArray();
        envs[2].ThrowAtTotalStep = 4;
        using var vec = new SyncVectorEnv(envs);
        vec.Reset();
        for (int t = 0; t < 3; t++)
        {
            vec.Step([0f, 0f, 0f]);
        }

        var e = Assert.Throws<VectorEnvException>(() => vec.Step([0f, 0f, 0f]));
        Assert.Equal(2, e.EnvIndex);
        Assert.Equal(4, e.Step);
        Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.Contains("Environment 2 of 3", e.Message);
        Assert.Contains("step 4", e.Message);
        Assert.Contains("step failure in env 2", e.Message);

        // The vector environment must be reset before stepping again.
        Assert.Throws<InvalidOperationException>(() => vec.Step([0f, 0f, 0f]));
        vec.Reset();
        vec.Step([0f, 0f, 0f]);
    }

    [Fact]
    public void ResetExceptionIsWrapped()
    {
        var envs = Enumerable.Range(0, 2).Select(i => new CountingEnv(i, 100)).ToArray();
        envs[1].ThrowOnReset = true;
        using var vec = new SyncVectorEnv(envs);
        var e = Assert.Throws<VectorEnvException>(() => vec.Reset(1));
        Assert.Equal(1, e.EnvIndex);
        Assert.Equal(0, e.Step);
        Assert.Contains("resetting", e.Message);
    }

    [Fact]
    public void AutoresetExceptionIsWrapped()
    {
        var envs = Enumerable.Range(0, 2).Select(i => new CountingEnv(i, 2)).ToArray();
        using var vec = new SyncVectorEnv(envs);
        vec.Reset();
        vec.Step([0f, 0f]);
        envs[0].ThrowOnReset = true;
        var e = Assert.Throws<VectorEnvException>(() => vec.Step([0f, 0f]));
        Assert.Equal(0, e.EnvIndex);
        Assert.Equal(2, e.Step);
    }

    [Fact]
    public void ActionMasksAreCollectedAfterStepAndAutoreset()
    {
        using var vec = new SyncVectorEnv(i => new MaskedCountingEnv(i, 2 + i), 2);
        Assert.Equal(3, vec.Data.ActionMaskSize);
        vec.Reset();
        Assert.Equal([true, false, false, true, false, false], vec.Data.ActionMasks!);
        vec.Step([0f, 0f]);
        Assert.Equal([false, true, false, false, true, false], vec.Data.ActionMasks!);
        vec.Step([0f, 0f]); // env 0 autoresets to t = 0, env 1 at t = 2
        Assert.Equal([true, false, false, false, false, true], vec.Data.ActionMasks!);
    }

    [Fact]
    public void NoMasksWithoutProviders()
    {
        using var vec = new SyncVectorEnv(i => new CountingEnv(i, 2), 2);
        Assert.Null(vec.Data.ActionMasks!);
        Assert.Equal(0, vec.Data.ActionMaskSize);
    }

    [Fact]
    public void ConstructionAndArgumentErrors()
    {
        Assert.Throws<ArgumentException>(() => new SyncVectorEnv(Array.Empty<IEnv>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyncVectorEnv(i => new CountingEnv(i, 2), 0));
        var shared = new CountingEnv(0, 2);
        Assert.Throws<ArgumentException>(() => new SyncVectorEnv([shared, shared]));
        Assert.Throws<ArgumentException>(() => new SyncVectorEnv([EnvRegistry.Make("CartPole-v1"), EnvRegistry.Make("Pendulum-v1")]));
        Assert.Throws<ArgumentException>(() => new SyncVectorEnv([new MaskedCountingEnv(0, 2), new CountingEnv(1, 2)]));

        using var vec = new SyncVectorEnv(i => new CountingEnv(i, 2), 2);
        Assert.Throws<InvalidOperationException>(() => vec.Step([0f, 0f]));
        vec.Reset();
        Assert.Throws<ArgumentException>(() => vec.Step([0f]));
    }

    [Fact]
    public void DisposeDisposesEnvs()
    {
        var envs = Enumerable.Range(0, 2).Select(i => new CountingEnv(i, 2)).ToArray();
        var vec = new SyncVectorEnv(envs);
        vec.Dispose();
        Assert.All(envs, e => Assert.True(e.Disposed));
        Assert.Throws<ObjectDisposedException>(() => vec.Reset());
    }
}
