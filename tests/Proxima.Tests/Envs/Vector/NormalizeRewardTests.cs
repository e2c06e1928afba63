using Proxima.Envs.Vector;

namespace Proxima.Tests.Envs.Vector;

public class NormalizeRewardTests
{
    [Fact]
    public void ScalesByStdOfDiscountedReturnsResetOnDone()
    {
        const double gamma = 0.9;
        // Env 0: episodes of 3 steps; env 1: episodes of 5 steps (truncated). Rewards = action + t.
        using var norm = new NormalizeReward(new SyncVectorEnv([new CountingEnv(0, 3), new CountingEnv(1, 5, truncate: true)]), gamma, clip: 1.5);
        var raw = norm.Inner.Data;
        norm.Reset();
        var returns = new double[2];
        var seenReturns = new List<double>();
        bool clipped = false, unclipped = false;
        for (int t = 0; t < 40; t++)
        {
            float[] actions = [t % 4, -(t % 3)];
            norm.Step(actions);
            for (int i = 0; i < 2; i++)
            {
                returns[i] = (returns[i] * gamma) + raw.Rewards[i];
                seenReturns.Add(returns[i]);
            }

            double c = seenReturns.Count;
            double m = seenReturns.Average();
            double v = seenReturns.Average(x => (x - m) * (x - m));
            const double prior = RunningMeanStd.DefaultInitialCount;
            double tot = prior + c;
            double variance = (prior + (v * c) + (m * m * prior * c / tot)) / tot;
            Assert.Equal(variance, norm.Statistics.Variance[0], variance * 1e-9);
            for (int i = 0; i < 2; i++)
            {
                float expected = (float)Math.Clamp(raw.Rewards[i] / Math.Sqrt(variance + 1e-8), -1.5, 1.5);
                Assert.Equal(expected, norm.Data.Rewards[i], 5);
                clipped |= Math.Abs(norm.Data.Rewards[i]) == 1.5f;
                unclipped |= Math.Abs(norm.Data.Rewards[i]) is < 1.5f and > 0f;
                Assert.Equal(raw.EpisodeReturns[i], norm.Data.EpisodeReturns[i]);
                if (raw.Terminated[i] || raw.Truncated[i])
                {
                    returns[i] = 0;
                    Assert.Equal(0, norm.DiscountedReturns[i]);
                }
            }
        }

        Assert.True(clipped && unclipped, "the test should exercise both clipped and unclipped rewards");
    }

    [Fact]
    public void FrozenKeepsStatistics()
    {
        using var norm = new NormalizeReward(new SyncVectorEnv([new CountingEnv(0, 3)]));
        norm.Reset();
        norm.Step([1f]);
        double count = norm.Statistics.Count;
        norm.Frozen = true;
        norm.Step([1f]);
        Assert.Equal(count, norm.Statistics.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new NormalizeReward(new SyncVectorEnv([new CountingEnv(0, 3)]), gamma: 1.5));
    }
}
