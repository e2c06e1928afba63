using Proxima.Random;
using Proxima.Training;

namespace Proxima.Tests.Training;

public class GaeTests
{
    [Fact]
    public void HandComputedCaseWithTruncationAndTermination()
    {
        // One row, 4 steps, γ = λ = 0.5. Step 1 is truncated (bootstrap value 10), step 2 terminates.
        //  t=3: δ = 4 + 0.5·3 − 2 = 3.5                  A3 = 3.5
        //  t=2: terminated: δ = 3 − 1.5 = 1.5            A2 = 1.5 (no carry)
        //  t=1: truncated: δ = 2 + 0.5·10 − 1 = 6        A1 = 6   (no carry)
        //  t=0: δ = 1 + 0.5·1 − 0.5 = 1                  A0 = 1 + 0.25·6 = 2.5
        float[] rewards = [1, 2, 3, 4];
        float[] values = [0.5f, 1f, 1.5f, 2f];
        bool[] terminated = [false, false, true, false];
        bool[] truncated = [false, true, false, false];
        float[] bootstrap = [0, 10, 0, 0];
        var adv = new float[4];
        var ret = new float[4];
        Gae.ComputeGae(4, 1, rewards, values, terminated, truncated, bootstrap, [3f], 0.5f, 0.5f, adv, ret);
        Assert.Equal([2.5f, 6f, 1.5f, 3.5f], adv);
        Assert.Equal([3f, 7f, 3f, 5.5f], ret);
    }

    [Fact]
    public void MatchesDirectSumOverEpisodeForManyRows()
    {
        // Independent reference: A_t = Σ_l (γλ)^l δ_{t+l}, summed until the episode ends, per row.
        const int steps = 37, rows = 5;
        const float gamma = 0.97f, lambda = 0.9f;
        var rng = new Pcg64(11);
        int n = steps * rows;
        var rewards = new float[n];
        var values = new float[n];
        var terminated = new bool[n];
        var truncated = new bool[n];
        var bootstrap = new float[n];
        var last = new float[rows];
        for (int i = 0; i < n; i++)
        {
            rewards[i] = (float)rng.Uniform(-1, 1);
            values[i] = (float)rng.Uniform(-2, 2);
            double u = rng.NextDouble();
            terminated[i] = u < 0.08;
            truncated[i] = u >= 0.08 && u < 0.14;
            bootstrap[i] = truncated[i] ? (float)rng.Uniform(-3, 3) : 0f;
        }

        for (int r = 0; r < rows; r++)
        {
            last[r] = (float)rng.Uniform(-2, 2);
        }

        var adv = new float[n];
        var ret = new float[n];
        Gae.ComputeGae(steps, rows, rewards, values, terminated, truncated, bootstrap, last, gamma, lambda, adv, ret);

        for (int r = 0; r < rows; r++)
        {
            for (int t = 0; t < steps; t++)
            {
                double expected = 0, weight = 1;
                for (int k = t; k < steps; k++)
                {
                    int i = (k * rows) + r;
                    double next = terminated[i] ? 0 : truncated[i] ? bootstrap[i] : k + 1 < steps ? values[i + rows] : last[r];
                    double delta = rewards[i] + (gamma * next) - values[i];
                    expected += weight * delta;
                    if (terminated[i] || truncated[i])
                    {
                        break;
                    }

                    weight *= gamma * lambda;
                }

                int idx = (t * rows) + r;
                Assert.Equal(expected, adv[idx], 4);
                Assert.Equal(adv[idx] + values[idx], ret[idx], 5);
            }
        }
    }

    [Fact]
    public void LambdaOneGivesDiscountedReturnMinusValue()
    {
        // λ = 1 without episode ends: A_t + V_t = Σ γ^k r_{t+k} + γ^{T−t} V_last (Monte Carlo return).
        float[] rewards = [1, 1, 1];
        float[] values = [5, 7, 9];
        var adv = new float[3];
        var ret = new float[3];
        Gae.ComputeGae(3, 1, rewards, values, new bool[3], new bool[3], new float[3], [2f], 0.5f, 1f, adv, ret);
        Assert.Equal(1 + 0.5f + 0.25f + (0.125f * 2), ret[0], 5);
        Assert.Equal(1 + 0.5f + (0.25f * 2), ret[1], 5);
        Assert.Equal(1 + (0.5f * 2), ret[2], 5);
    }

    [Fact]
    public void RejectsMismatchedLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gae.ComputeGae(2, 1, new float[2], new float[2], new bool[2], new bool[2], new float[2], new float[2], 0.9f, 0.9f, new float[2], new float[2]));
        Assert.Contains("lastValues", ex.Message);
    }
}
