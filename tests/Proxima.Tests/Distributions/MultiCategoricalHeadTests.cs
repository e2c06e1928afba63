using Proxima.Distributions;
using Proxima.Envs.Spaces;
using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Tests.Distributions;

public class MultiCategoricalHeadTests
{
    private static readonly int[] Nvec = [3, 1, 4];

    private static MultiCategoricalHead RandomHead(ulong seed)
    {
        var head = new MultiCategoricalHead(4, Nvec);
        HeadTestUtil.FillParameters(head, new Pcg64(seed), 0.7);
        return head;
    }

    /// <summary>Per-component softmax of the logits in double, restricted to allowed choices.</summary>
    private static double[][] Probabilities(MultiCategoricalHead head, ReadOnlySpan<float> x, ReadOnlySpan<bool> mask)
    {
        var w = head.Linear.Weight.Value;
        var bias = head.Linear.Bias!.Value;
        var result = new double[Nvec.Length][];
        int o = 0;
        for (int d = 0; d < Nvec.Length; d++)
        {
            var p = new double[Nvec[d]];
            for (int k = 0; k < Nvec[d]; k++)
            {
                double z = bias[o + k];
                for (int j = 0; j < 4; j++)
                {
                    z += (double)w[((o + k) * 4) + j] * x[j];
                }

                p[k] = mask.IsEmpty || mask[o + k] ? Math.Exp(z) : 0;
            }

            double sum = p.Sum();
            result[d] = p.Select(v => v / sum).ToArray();
            o += Nvec[d];
        }

        return result;
    }

    [Fact]
    public void ShapesAndNames()
    {
        var head = Assert.IsType<MultiCategoricalHead>(ActionHeads.Create(new MultiDiscrete(Nvec), 4));
        Assert.Equal((3, 8), (head.ActionSize, head.ActionMaskSize));
        Assert.Equal(["linear.weight", "linear.bias"], head.NamedParameters().Select(p => p.Name).ToArray());
        Assert.Equal([8, 4], head.Linear.Weight.Shape);
    }

    [Fact]
    public void LogProbAndEntropyAreSumsOverComponents()
    {
        var head = RandomHead(1);
        var latent = HeadTestUtil.Latent(5, 4, new Pcg64(2));
        var masks = new bool[5 * 8];
        for (int i = 0; i < masks.Length; i++)
        {
            masks[i] = (i % 8) is not 2 and not 5;
        }

        head.Forward(latent, masks);
        var actions = new float[15];
        var rng = new Pcg64(3);
        head.Sample(rng, actions);
        var lp = new float[5];
        var ent = new float[5];
        head.LogProb(actions, lp);
        head.Entropy(ent);
        for (int r = 0; r < 5; r++)
        {
            var p = Probabilities(head, latent.Row(r), masks.AsSpan(r * 8, 8));
            double expectedLp = 0, expectedH = 0;
            for (int d = 0; d < 3; d++)
            {
                int a = (int)actions[(r * 3) + d];
                Assert.True(p[d][a] > 0, "a masked choice was sampled");
                expectedLp += Math.Log(p[d][a]);
                expectedH -= p[d].Where(v => v > 0).Sum(v => v * Math.Log(v));
            }

            Assert.Equal(expectedLp, lp[r], 1e-5);
            Assert.Equal(expectedH, ent[r], 1e-5);
        }

        Assert.Throws<InvalidOperationException>(() => head.LogProb([2f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f], lp));
        Assert.Throws<ArgumentException>(() => head.LogProb([0f, 1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f], lp));
    }

    [Fact]
    public void ComponentFrequenciesMatchTheProbabilities()
    {
        const int rows = 30000;
        var head = RandomHead(4);
        var one = HeadTestUtil.Latent(1, 4, new Pcg64(5));
        var latent = new Tensor(rows, 4);
        for (int r = 0; r < rows; r++)
        {
            one.Row(0).CopyTo(latent.Row(r));
        }

        head.Forward(latent);
        var actions = new float[rows * 3];
        head.Sample(new Pcg64(6), actions);
        var p = Probabilities(head, one.Row(0), default);
        for (int d = 0; d < 3; d++)
        {
            for (int k = 0; k < Nvec[d]; k++)
            {
                double freq = Enumerable.Range(0, rows).Count(r => actions[(r * 3) + d] == k) / (double)rows;
                double sd = Math.Sqrt(p[d][k] * (1 - p[d][k]) / rows);
                Assert.True(Math.Abs(freq - p[d][k]) <= (4.5 * sd) + 1e-12, $"component {d} choice {k}: {freq} vs {p[d][k]}");
            }
        }

        var again = new float[rows * 3];
        head.Sample(new Pcg64(6), again);
        Assert.Equal(actions, again);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BackwardMatchesFiniteDifferences(bool masked)
    {
        var rng = new Pcg64(7);
        var head = RandomHead(8);
        var latent = HeadTestUtil.Latent(4, 4, rng);
        bool[]? masks = masked ? Enumerable.Range(0, 32).Select(i => (i % 8) != 0 && (i % 8) != 6).ToArray() : null;
        var actions = HeadTestUtil.SampleActions(head, latent, rng, masks);
        Assert.True(HeadTestUtil.CheckGradients(head, latent, masks, actions, rng) > 0.05);
    }

    [Fact]
    public void SteadyStateCallsAllocateNothing()
    {
        var head = RandomHead(9);
        var latent = HeadTestUtil.Latent(16, 4, new Pcg64(10));
        var masks = Enumerable.Range(0, 16 * 8).Select(i => i % 8 != 4).ToArray();
        HeadTestUtil.AssertSteadyStateAllocatesNothing(head, new Pcg64(11), masks, false, latent);
    }
}
