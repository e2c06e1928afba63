using Proxima.Envs.Registry;
using Proxima.Envs.Spaces;
using Proxima.Envs.Vector;
using Proxima.Envs.Wrappers;

namespace Proxima.Tests.Envs.Vector;

public class NormalizeObservationTests
{
    [Fact]
    public void StatisticsCoverEveryRowOfResetAndStepsAndObservationsAreNormalised()
    {
        const int n = 4;
        using var norm = new NormalizeObservation(new SyncVectorEnv(_ => EnvRegistry.Make("CartPole-v1"), n), clip: 5);
        var raw = norm.Inner.Data;
        var seen = new List<float[]>();
        norm.Reset(11);
        Collect();
        var actions = new float[n];
        int finals = 0;
        for (int t = 0; t < 200; t++)
        {
            for (int i = 0; i < n; i++)
            {
                actions[i] = (t + i) % 3 == 0 ? 1 : 0;
            }

            norm.Step(actions);
            Collect();

            // Reference: two-pass mean/variance of everything seen, merged with SB3's prior (mean 0, var 1, count 1e-4).
            int size = 4;
            double count = seen.Count;
            for (int j = 0; j < size; j++)
            {
                double m = seen.Average(r => (double)r[j]);
                double v = seen.Average(r => (r[j] - m) * (r[j] - m));
                const double prior = RunningMeanStd.DefaultInitialCount;
                double tot = prior + count;
                double mean = m * count / tot;
                double variance = ((1 * prior) + (v * count) + (m * m * prior * count / tot)) / tot;
                Assert.Equal(mean, norm.Statistics.Mean[j], 1e-9 + Math.Abs(mean) * 1e-7);
                Assert.Equal(variance, norm.Statistics.Variance[j], variance * 1e-7);

                double std = Math.Sqrt(norm.Statistics.Variance[j] + 1e-8);
                for (int i = 0; i < n; i++)
                {
                    double expected = Math.Clamp((raw.Observation(i)[j] - norm.Statistics.Mean[j]) / std, -5, 5);
                    Assert.Equal((float)expected, norm.Data.Observation(i)[j]);
                    if (raw.Terminated[i] || raw.Truncated[i])
                    {
                        double fin = Math.Clamp((raw.FinalObservation(i)[j] - norm.Statistics.Mean[j]) / std, -5, 5);
                        Assert.Equal((float)fin, norm.Data.FinalObservation(i)[j]);
                    }
                }
            }

            for (int i = 0; i < n; i++)
            {
                Assert.Equal(raw.Rewards[i], norm.Data.Rewards[i]);
                Assert.Equal(raw.Terminated[i], norm.Data.Terminated[i]);
                Assert.Equal(raw.EpisodeReturns[i], norm.Data.EpisodeReturns[i]);
                if (raw.Terminated[i] || raw.Truncated[i])
                {
                    finals++;
                }
            }
        }

        Assert.True(finals > 3);
        Assert.Contains(norm.Data.Observations, x => Math.Abs(x) > 0.5f); // normalisation did rescale the tiny raw values

        void Collect()
        {
            for (int i = 0; i < n; i++)
            {
                seen.Add(raw.Observation(i).ToArray());
            }
        }
    }

    [Fact]
    public void FrozenStatisticsDoNotChangeAndCanBeRestored()
    {
        using var norm = new NormalizeObservation(new SyncVectorEnv(_ => EnvRegistry.Make("Pendulum-v1"), 2));
        norm.Reset(1);
        norm.Step([1f, -1f]);
        var saved = norm.Statistics.Clone();
        norm.Frozen = true;
        norm.Step([1f, -1f]);
        norm.Reset();
        Assert.Equal(saved.Mean.ToArray(), norm.Statistics.Mean.ToArray());
        Assert.Equal(saved.Count, norm.Statistics.Count);

        using var other = new NormalizeObservation(new SyncVectorEnv(_ => EnvRegistry.Make("Pendulum-v1"), 1)) { Frozen = true };
        other.Statistics = saved;
        var obs = new float[] { 0.5f, -0.5f, 3f };
        var a = new float[3];
        var b = new float[3];
        norm.Normalize(obs, a);
        other.Normalize(obs, b);
        Assert.Equal(a, b);
        Assert.Throws<ArgumentException>(() => other.Statistics = new RunningMeanStd(2));
    }

    [Fact]
    public void ClipsBoxObservations()
    {
        using var norm = new NormalizeObservation(new SyncVectorEnv(_ => EnvRegistry.Make("Pendulum-v1"), 1), clip: 2);
        norm.Statistics.Set([0, 0, 0], [1, 1, 1], 1);
        var dst = new float[3];
        norm.Normalize([100f, -100f, 1f], dst);
        Assert.Equal([2f, -2f, 1f], dst);
        Assert.Equal("Box(-2, 2, [3])", norm.ObservationSpace.ToString());
    }

    [Fact]
    public void DictOfBoxesKeepsKeysAndNormalizesEveryElement()
    {
        using var norm = new NormalizeObservation(new SyncVectorEnv(_ => EnvRegistry.Make("PlanarArmReach-v0"), 3), clip: 4);
        var inner = (DictSpace)norm.Inner.ObservationSpace;
        var outer = Assert.IsType<DictSpace>(norm.ObservationSpace);
        Assert.Equal(inner.Entries.Select(e => e.Key), outer.Entries.Select(e => e.Key));
        Assert.Equal(inner.Size, outer.Size);
        Assert.All(outer.Entries, e => Assert.Equal($"Box(-4, 4, [{e.Space.Size}])", e.Space.ToString()));

        norm.Reset(5);
        for (int t = 0; t < 20; t++)
        {
            norm.Step(new float[3 * 2]);
        }

        // Every element is normalized with its own statistics.
        var stats = norm.Statistics;
        var raw = norm.Inner.Data.Observations;
        var normalized = norm.Data.Observations;
        for (int i = 0; i < raw.Length; i++)
        {
            int e = i % inner.Size;
            double expected = Math.Clamp((raw[i] - stats.Mean[e]) / Math.Sqrt(stats.Variance[e] + norm.Epsilon), -4, 4);
            Assert.Equal(expected, normalized[i], 4);
        }
    }

    [Fact]
    public void RejectsObservationsWithDiscreteParts()
    {
        var e = Assert.Throws<ArgumentException>(() => new NormalizeObservation(new SyncVectorEnv(_ => new DiscreteSensorEnv(), 1)));
        Assert.Contains("Dict of Boxes", e.Message, StringComparison.Ordinal);
        Assert.Contains("normalize: false", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>CountingEnv's observations presented as a Dict with a discrete part (which observation normalization refuses).</summary>
internal sealed class DiscreteSensorEnv() : EnvWrapper(new CountingEnv(0, 5))
{
    public override Space ObservationSpace { get; } = new DictSpace(("x", new Box(-1f, 1f, 3)), ("sensor", new Discrete(4)));
}
