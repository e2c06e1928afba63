using Proxima.Envs;
using Proxima.Envs.Registry;
using Proxima.Envs.Vector;
using Proxima.Random;

namespace Proxima.Tests.Envs.Vector;

public class ThreadedVectorEnvTests
{
    public static TheoryData<string, int, int, int> Configurations() => new()
    {
        { "CartPole-v1", 1, 1, 0 },
        { "CartPole-v1", 7, 2, 50 },
        { "CartPole-v1", 16, 3, 0 },
        { "Pendulum-v1", 5, 2, 50 },
        { "Acrobot-v1", 3, 8, 10 },
        { "MountainCarContinuous-v0", 9, 4, 0 },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void ResultsAreIdenticalToSyncVectorEnv(string id, int count, int threads, int spin)
    {
        using var sync = new SyncVectorEnv(_ => EnvRegistry.Make(id, new Dictionary<string, object> { ["max_episode_steps"] = 40 }), count);
        using var threaded = new ThreadedVectorEnv(_ => EnvRegistry.Make(id, new Dictionary<string, object> { ["max_episode_steps"] = 40 }), count, threads, spin);
        Assert.Equal(Math.Min(threads, count), threaded.Threads);
        var rng = new Pcg64(9);
        var actions = new float[count * sync.ActionSpace.Size];
        sync.Reset(21);
        threaded.Reset(21);
        AssertSame(sync.Data, threaded.Data);
        int dones = 0;
        for (int t = 0; t < 300; t++)
        {
            for (int i = 0; i < count; i++)
            {
                sync.ActionSpace.Sample(rng, actions.AsSpan(i * sync.ActionSpace.Size, sync.ActionSpace.Size));
            }

            sync.Step(actions);
            threaded.Step(actions);
            AssertSame(sync.Data, threaded.Data);
            dones += sync.Data.Truncated.Count(x => x) + sync.Data.Terminated.Count(x => x);
        }

        Assert.True(dones >= count, "episodes should end during the test");
        Assert.Equal(300, threaded.StepCount);
    }

    [Fact]
    public void NormalizationWrappersGiveTheSameResultsOverThreadedAndSync()
    {
        using var sync = new NormalizeReward(new NormalizeObservation(new SyncVectorEnv(_ => EnvRegistry.Make("Pendulum-v1"), 6)));
        using var threaded = new NormalizeReward(new NormalizeObservation(new ThreadedVectorEnv(_ => EnvRegistry.Make("Pendulum-v1"), 6, 2)));
        sync.Reset(5);
        threaded.Reset(5);
        var actions = new float[6];
        int truncations = 0;
        for (int t = 0; t < 450; t++)
        {
            for (int i = 0; i < 6; i++)
            {
                actions[i] = MathF.Sin(t + i) * 2;
            }

            sync.Step(actions);
            threaded.Step(actions);
            AssertSame(sync.Data, threaded.Data);
            truncations += sync.Data.Truncated.Count(x => x);
        }

        Assert.Equal(12, truncations); // two 200-step episodes per environment, with normalised final observations compared
    }

    private static void AssertSame(VectorStepData expected, VectorStepData actual)
    {
        Assert.Equal(expected.Observations, actual.Observations);
        Assert.Equal(expected.Rewards, actual.Rewards);
        Assert.Equal(expected.Terminated, actual.Terminated);
        Assert.Equal(expected.Truncated, actual.Truncated);
        for (int i = 0; i < expected.NumEnvs; i++)
        {
            if (expected.Terminated[i] || expected.Truncated[i])
            {
                Assert.Equal(expected.FinalObservation(i).ToArray(), actual.FinalObservation(i).ToArray());
                Assert.Equal(expected.EpisodeReturns[i], actual.EpisodeReturns[i]);
                Assert.Equal(expected.EpisodeLengths[i], actual.EpisodeLengths[i]);
            }
        }
    }

    [Fact]
    public void SlicesAreContiguousAndEachEnvStaysOnOneThread()
    {
        var envs = Enumerable.Range(0, 10).Select(i => new ThreadRecordingEnv(i)).ToArray();
        using var vec = new ThreadedVectorEnv(envs, 3, 0);
        Assert.Equal([0, 3, 6, 10], Enumerable.Range(0, 4).Select(vec.SliceStart));
        vec.Reset(0);
        for (int t = 0; t < 20; t++)
        {
            vec.Step(new float[10]);
        }

        Assert.All(envs, e => Assert.Single(e.Threads));
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, envs.SelectMany(e => e.Threads));
        Assert.Equal(3, envs.SelectMany(e => e.Threads).Distinct().Count());
        Assert.Single(envs[0..3].SelectMany(e => e.Threads).Distinct());
        Assert.Single(envs[6..10].SelectMany(e => e.Threads).Distinct());
    }

    [Fact]
    public void ExceptionsArePropagatedAsVectorEnvException()
    {
        var envs = Enumerable.Range(0, 6).Select(i => new CountingEnv(i, 100)).ToArray();
        envs[4].ThrowAtTotalStep = 3;
        envs[5].ThrowAtTotalStep = 3;
        using var vec = new ThreadedVectorEnv(envs, 2);
        vec.Reset();
        vec.Step(new float[6]);
        vec.Step(new float[6]);
        var e = Assert.Throws<VectorEnvException>(() => vec.Step(new float[6]));
        Assert.Equal(4, e.EnvIndex);
        Assert.Equal(3, e.Step);
        Assert.Contains("step failure in env 4", e.Message);
        Assert.Throws<InvalidOperationException>(() => vec.Step(new float[6]));

        envs[1].ThrowOnReset = true;
        var r = Assert.Throws<VectorEnvException>(() => vec.Reset(5));
        Assert.Equal(1, r.EnvIndex);
        envs[1].ThrowOnReset = false;
        envs[5].ThrowAtTotalStep = -1; // env 5 shares env 4's slice, so it has not reached its failing step yet
        vec.Reset(5);
        vec.Step(new float[6]); // workers survive failures
    }

    [Fact]
    public void DisposeJoinsWorkersAndDisposesEnvs()
    {
        var envs = Enumerable.Range(0, 4).Select(i => new CountingEnv(i, 5)).ToArray();
        var vec = new ThreadedVectorEnv(envs, 2, spinMicroseconds: 0);
        vec.Reset();
        Thread.Sleep(20); // workers are now blocked, not spinning
        vec.Step(new float[4]);
        Assert.True(vec.AnyWorkerAlive);
        vec.Dispose();
        Assert.False(vec.AnyWorkerAlive);
        Assert.All(envs, e => Assert.True(e.Disposed));
        Assert.Throws<ObjectDisposedException>(() => vec.Step(new float[4]));
        vec.Dispose();
    }

    [Fact]
    public void SteppingAllocatesNothingOnCallerOrWorkers()
    {
        var probes = Enumerable.Range(0, 6).Select(_ => new AllocationProbeEnv(EnvRegistry.Make("CartPole-v1"))).ToArray();
        using var vec = new ThreadedVectorEnv(probes, 2);
        var actions = new float[6];
        vec.Reset(1);
        Run(2000);

        // Exercise the blocking hand-off too (workers parked after their spin expired), so one-time costs of the
        // wait path (lock inflation, wait-handle creation) are paid before measuring, whatever the machine's load.
        for (int k = 0; k < 5; k++)
        {
            Thread.Sleep(10);
            Run(1);
        }

        long[] workerBefore = probes.Select(p => p.AllocatedOnThread).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(2000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(workerBefore, probes.Select(p => p.AllocatedOnThread).ToArray());

        void Run(int steps)
        {
            for (int t = 0; t < steps; t++)
            {
                for (int i = 0; i < actions.Length; i++)
                {
                    actions[i] = (t + i) % 2;
                }

                vec.Step(actions);
            }
        }
    }

    private sealed class ThreadRecordingEnv(int id) : CountingEnv(id, 3)
    {
        public HashSet<int> Threads { get; } = [];

        public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            return base.Step(action, observation);
        }
    }

    /// <summary>Records the allocation counter of the thread that steps it (allocation between two steps on that thread).</summary>
    private sealed class AllocationProbeEnv(IEnv inner) : IEnv
    {
        public long AllocatedOnThread { get; private set; }

        public Proxima.Envs.Spaces.Space ObservationSpace => inner.ObservationSpace;

        public Proxima.Envs.Spaces.Space ActionSpace => inner.ActionSpace;

        public void Reset(Span<float> observation, ulong? seed = null) => inner.Reset(observation, seed);

        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            AllocatedOnThread = GC.GetAllocatedBytesForCurrentThread();
            return inner.Step(action, observation);
        }

        public void Dispose() => inner.Dispose();
    }
}
