using Proxima.Distributions;
using Proxima.Envs.Spaces;
using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Tests.Distributions;

public class BernoulliHeadTests
{
    private static BernoulliHead RandomHead(ulong seed)
    {
        var head = new BernoulliHead(3, 4);
        HeadTestUtil.FillParameters(head, new Pcg64(seed), 0.8);
        return head;
    }

    [Fact]
    public void ShapesAndNames()
    {
        var head = Assert.IsType<BernoulliHead>(ActionHeads.Create(new MultiBinary(4), 3));
        Assert.Equal((4, 0), (head.ActionSize, head.ActionMaskSize));
        Assert.Equal(["linear.weight", "linear.bias"], head.NamedParameters().Select(p => p.Name).ToArray());
    }

    [Fact]
    public void LogProbAndEntropyMatchTheClosedForm()
    {
        var head = RandomHead(1);
        var latent = HeadTestUtil.Latent(6, 3, new Pcg64(2));
        head.Forward(latent);
        var actions = new float[24];
        head.Sample(new Pcg64(3), actions);
        var lp = new float[6];
        var ent = new float[6];
        head.LogProb(actions, lp);
        head.Entropy(ent);
        for (int r = 0; r < 6; r++)
        {
            double expectedLp = 0, expectedH = 0;
            for (int i = 0; i < 4; i++)
            {
                double p = 1 / (1 + Math.Exp(-head.Logits[(r * 4) + i]));
                expectedLp += actions[(r * 4) + i] == 1f ? Math.Log(p) : Math.Log(1 - p);
                expectedH -= (p * Math.Log(p)) + ((1 - p) * Math.Log(1 - p));
            }

            Assert.Equal(expectedLp, lp[r], 1e-5);
            Assert.Equal(expectedH, ent[r], 1e-5);
        }

        var mode = new float[24];
        head.Mode(mode);
        for (int i = 0; i < 24; i++)
        {
            Assert.Equal(head.Logits[i] > 0 ? 1f : 0f, mode[i]);
        }

        Assert.Throws<ArgumentException>(() => head.LogProb(new float[23].Append(0.5f).ToArray(), lp));
    }

    [Fact]
    public void BitFrequenciesMatchTheProbabilities()
    {
        const int rows = 30000;
        var head = RandomHead(4);
        head.Forward(new Tensor(rows, 3));
        var actions = new float[rows * 4];
        head.Sample(new Pcg64(5), actions);
        for (int i = 0; i < 4; i++)
        {
            double p = 1 / (1 + Math.Exp(-head.Logits[i]));
            double freq = Enumerable.Range(0, rows).Count(r => actions[(r * 4) + i] == 1f) / (double)rows;
            Assert.True(Math.Abs(freq - p) < 4.5 * Math.Sqrt(p * (1 - p) / rows), $"bit {i}: {freq} vs {p}");
        }

        var again = new float[rows * 4];
        head.Sample(new Pcg64(5), again);
        Assert.Equal(actions, again);
    }

    [Fact]
    public void BackwardMatchesFiniteDifferences()
    {
        var rng = new Pcg64(6);
        var head = RandomHead(7);
        var latent = HeadTestUtil.Latent(5, 3, rng);
        var actions = HeadTestUtil.SampleActions(head, latent, rng);
        Assert.True(HeadTestUtil.CheckGradients(head, latent, null, actions, rng) > 0.05);
    }

    [Fact]
    public void SteadyStateCallsAllocateNothing()
    {
        var head = RandomHead(8);
        var latent = HeadTestUtil.Latent(16, 3, new Pcg64(9));
        HeadTestUtil.AssertSteadyStateAllocatesNothing(head, new Pcg64(10), null, false, latent);
    }
}
