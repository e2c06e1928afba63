using Proxima.Envs;
using Proxima.Envs.ClassicControl;
using Proxima.Envs.Registry;
using Proxima.Envs.Spaces;
using Proxima.Envs.Vector;
using Proxima.Envs.Wrappers;
using Proxima.Random;
using Proxima.Tests.Envs.Vector;

namespace Proxima.Tests.Envs.Wrappers;

public class EnvWrapperTests
{
    [Fact]
    public void ActionMasksAreForwardedThroughWrappersIntoVectorEnvs()
    {
        using var vec = new SyncVectorEnv(i => new TransformReward(new TimeLimit(new MaskedCountingEnv(i, 10), 2), r => r), 2);
        Assert.Equal(3, vec.Data.ActionMaskSize);
        vec.Reset();
        vec.Step([0f, 0f]);
        Assert.Equal([false, true, false, false, true, false], vec.Data.ActionMasks!);
        vec.Step([0f, 0f]); // the time limit ends the episodes: masks of the reset state
        Assert.Equal([true, false, false, true, false, false], vec.Data.ActionMasks!);
    }

    [Fact]
    public void WrappersOfEnvsWithoutMasksProvideNone()
    {
        var env = new TimeLimit(new CartPoleEnv(), 5);
        Assert.Equal(0, env.ActionMaskSize);
        Assert.Throws<InvalidOperationException>(() => env.WriteActionMask(new bool[2]));
        using var vec = new SyncVectorEnv([env]);
        Assert.Null(vec.Data.ActionMasks);
    }

    [Fact]
    public void UnwrappedInfoAndDispose()
    {
        var inner = new CountingEnv(0, 3);
        var env = new RecordEpisodeStatistics(new ClipAction(new TimeLimit(inner, 9)));
        Assert.Same(inner, env.Unwrapped);
        Assert.Equal(inner.ObservationSpace.ToString(), env.ObservationSpace.ToString());
        Assert.Null(env.Info);
        env.Dispose();
        Assert.True(inner.Disposed);
    }

    [Fact]
    public void RecordEpisodeStatisticsTracksReturnsLengthsAndQueues()
    {
        using var env = new RecordEpisodeStatistics(new CountingEnv(0, 3), bufferLength: 2);
        var obs = new float[4];
        var expectedReturns = new List<double>();
        for (int episode = 0; episode < 3; episode++)
        {
            env.Reset(obs);
            double sum = 0;
            for (int t = 1; t <= 3; t++)
            {
                var r = env.Step([episode], obs);
                sum += episode + t;
                Assert.Equal(sum, env.EpisodeReturn);
                Assert.Equal(t, env.EpisodeLength);
                Assert.Equal(t == 3, env.EpisodeEnded);
                Assert.Equal(r.Done, env.EpisodeEnded);
            }

            expectedReturns.Add(sum);
            Assert.Equal(sum, env.LastEpisodeReturn);
            Assert.Equal(3, env.LastEpisodeLength);
            Assert.True(env.LastEpisodeSeconds >= 0);
        }

        Assert.Equal(3, env.EpisodeCount);
        Assert.Equal(expectedReturns.Skip(1), env.ReturnQueue);
        Assert.Equal([3, 3], env.LengthQueue);
        env.Reset(obs);
        Assert.Equal(0, env.EpisodeReturn);
        Assert.False(env.EpisodeEnded);
    }

    [Fact]
    public void ClipActionClipsIntoTheInnerBox()
    {
        using var env = new ClipAction(new ActionEchoEnv(new Box([-1f, 0f], [1f, 5f], 2)));
        Assert.Equal(new Box(float.NegativeInfinity, float.PositiveInfinity, 2).ToString(), env.ActionSpace.ToString());
        Assert.True(env.ActionSpace.Contains([1e6f, -1e6f]));
        var obs = new float[2];
        env.Reset(obs);
        env.Step([3f, -2f], obs);
        Assert.Equal([1f, 0f], obs);
        env.Step([0.25f, 4f], obs);
        Assert.Equal([0.25f, 4f], obs);
        Assert.Throws<ArgumentException>(() => new ClipAction(new CartPoleEnv()));
    }

    [Fact]
    public void RescaleActionMapsAffinelyAndClips()
    {
        using var env = new RescaleAction(new ActionEchoEnv(new Box([-2f, 0f], [2f, 10f], 2)));
        Assert.True(env.ActionSpace.Contains([-1f, 1f]));
        Assert.False(env.ActionSpace.Contains([-1.5f, 0f]));
        var obs = new float[2];
        env.Reset(obs);
        env.Step([0.5f, -1f], obs);
        Assert.Equal([1f, 0f], obs);
        env.Step([-1f, 0.5f], obs);
        Assert.Equal([-2f, 7.5f], obs);
        env.Step([3f, 0f], obs);
        Assert.Equal([2f, 5f], obs);

        using var custom = new RescaleAction(new ActionEchoEnv(new Box(0f, 10f, 1)), [0f], [1f]);
        custom.Reset(new float[1]);
        var o = new float[1];
        custom.Step([0.3f], o);
        Assert.Equal(3f, o[0], 5);
        Assert.Throws<ArgumentException>(() => new RescaleAction(new ActionEchoEnv(new Box(float.NegativeInfinity, 1f, 1))));
        Assert.Throws<ArgumentException>(() => new RescaleAction(new ActionEchoEnv(new Box(0f, 1f, 1)), [1f], [1f]));
    }

    [Fact]
    public void FrameStackKeepsTheLastObservationsOldestFirst()
    {
        using var env = new FrameStack(new CountingEnv(0, 100), 3);
        var box = Assert.IsType<Box>(env.ObservationSpace);
        Assert.Equal([3, 4], box.Shape);
        var obs = new float[12];
        env.Reset(obs, 5);
        Assert.Equal(new float[] { 0, 0, 0, 5, 0, 0, 0, 5, 0, 0, 0, 5 }, obs);
        env.Step([0f], obs);
        Assert.Equal(new float[] { 0, 0, 0, 5, 0, 0, 0, 5, 0, 0, 1, 5 }, obs);
        for (int t = 2; t <= 4; t++)
        {
            env.Step([0f], obs);
        }

        Assert.Equal(new float[] { 0, 0, 2, 5, 0, 0, 3, 5, 0, 0, 4, 5 }, obs);
        env.Reset(obs);
        Assert.Equal(new float[] { 0, 1, 0, 5, 0, 1, 0, 5, 0, 1, 0, 5 }, obs);
        Assert.Throws<ArgumentException>(() => env.Step([0f], new float[4]));
    }

    [Fact]
    public void FrameStackOfOneIsTheInnerObservation()
    {
        using var env = new FrameStack(new CartPoleEnv(), 1);
        using var plain = new CartPoleEnv();
        var a = new float[4];
        var b = new float[4];
        env.Reset(a, 3);
        plain.Reset(b, 3);
        env.Step([1f], a);
        plain.Step([1f], b);
        Assert.Equal(b, a);
    }

    [Fact]
    public void TransformObservationAndReward()
    {
        var space = new Box(float.NegativeInfinity, float.PositiveInfinity, 2);
        using var env = new TransformReward(
            new TransformObservation(new CountingEnv(7, 10), (o, d) =>
            {
                d[0] = o[0] * 2;
                d[1] = o[2] + 100;
            }, space),
            r => -10 * r);
        Assert.Same(space, env.ObservationSpace);
        var obs = new float[2];
        env.Reset(obs);
        Assert.Equal([14f, 100f], obs);
        var result = env.Step([1f], obs);
        Assert.Equal([14f, 101f], obs);
        Assert.Equal(-20, result.Reward);
        Assert.Throws<ArgumentException>(() => env.Reset(new float[4]));
    }

    [Fact]
    public void WrapperStacksStepWithoutAllocating()
    {
        using var env = new RecordEpisodeStatistics(new FrameStack(new ClipAction(new RescaleAction(EnvRegistry.Make("Pendulum-v1"), -1f, 1f)), 4));
        var obs = new float[env.ObservationSpace.Size];
        var action = new float[1];
        var rng = new Pcg64(3);
        env.Reset(obs, 3);
        Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void Run()
        {
            for (int t = 0; t < 1000; t++)
            {
                action[0] = (float)((rng.NextDouble() * 4) - 2);
                if (env.Step(action, obs).Done)
                {
                    env.Reset(obs);
                }
            }
        }
    }
}
