using Proxima.Distributions;
using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Tests.Distributions;

public class CategoricalHeadTests
{
    /// <summary>Softmax of W·x + b in double, optionally restricted to allowed choices.</summary>
    private static double[] Probabilities(CategoricalHead head, ReadOnlySpan<float> x, ReadOnlySpan<bool> mask)
    {
        var w = head.Linear.Weight.Value;
        var bias = head.Linear.Bias!.Value;
        var p = new double[head.N];
        double sum = 0;
        for (int k = 0; k < head.N; k++)
        {
            double z = bias[k];
            for (int j = 0; j < head.LatentSize; j++)
            {
                z += (double)w[(k * head.LatentSize) + j] * x[j];
            }

            p[k] = mask.IsEmpty || mask[k] ? Math.Exp(z) : 0;
            sum += p[k];
        }

        for (int k = 0; k < head.N; k++)
        {
            p[k] /= sum;
        }

        return p;
    }

    private static CategoricalHead RandomHead(int latent, int n, int start, ulong seed)
    {
        var head = new CategoricalHead(latent, n, start);
        HeadTestUtil.FillParameters(head, new Pcg64(seed), 0.7);
        return head;
    }

    [Fact]
    public void ParametersAreNamedForThePolicyInitialiser()
    {
        var head = new CategoricalHead(5, 3);
        var names = head.NamedParameters().Select(p => (p.Name, string.Join("x", p.Parameter.Shape))).ToArray();
        Assert.Equal([("linear.weight", "3x5"), ("linear.bias", "3")], names);
        Assert.Equal(1, head.ActionSize);
        Assert.Equal(3, head.ActionMaskSize);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void LogProbAndEntropyMatchTheClosedForm(int start)
    {
        var head = RandomHead(4, 5, start, 1);
        var latent = HeadTestUtil.Latent(6, 4, new Pcg64(2));
        head.Forward(latent);
        var actions = new float[6];
        for (int r = 0; r < 6; r++)
        {
            actions[r] = start + (r % 5);
        }

        var lp = new float[6];
        var ent = new float[6];
        head.LogProb(actions, lp);
        head.Entropy(ent);
        for (int r = 0; r < 6; r++)
        {
            var p = Probabilities(head, latent.Row(r), default);
            Assert.Equal(Math.Log(p[r % 5]), lp[r], 1e-5);
            Assert.Equal(-p.Sum(q => q * Math.Log(q)), ent[r], 1e-5);
        }

        var mode = new float[6];
        head.Mode(mode);
        for (int r = 0; r < 6; r++)
        {
            var p = Probabilities(head, latent.Row(r), default);
            Assert.Equal(start + Array.IndexOf(p, p.Max()), mode[r]);
        }
    }

    [Fact]
    public void ZeroWeightsGiveTheUniformDistribution()
    {
        var head = new CategoricalHead(3, 4);
        head.Forward(HeadTestUtil.Latent(2, 3, new Pcg64(3)));
        var ent = new float[2];
        head.Entropy(ent);
        Assert.Equal(Math.Log(4), ent[0], 1e-6);
        var lp = new float[2];
        head.LogProb([0f, 3f], lp);
        Assert.Equal(-Math.Log(4), lp[1], 1e-6);
    }

    [Fact]
    public void SampleFrequenciesMatchTheProbabilities()
    {
        const int rows = 40000;
        var head = RandomHead(3, 4, 7, 4);
        var one = HeadTestUtil.Latent(1, 3, new Pcg64(5));
        var latent = new Tensor(rows, 3);
        for (int r = 0; r < rows; r++)
        {
            one.Row(0).CopyTo(latent.Row(r));
        }

        head.Forward(latent);
        var actions = new float[rows];
        head.Sample(new Pcg64(6), actions);
        var p = Probabilities(head, one.Row(0), default);
        for (int k = 0; k < 4; k++)
        {
            double freq = actions.Count(a => a == 7 + k) / (double)rows;
            double sd = Math.Sqrt(p[k] * (1 - p[k]) / rows);
            Assert.True(Math.Abs(freq - p[k]) < (4.5 * sd) + 1e-9, $"choice {k}: frequency {freq} vs probability {p[k]}");
        }

        Assert.All(actions, a => Assert.InRange(a, 7f, 10f));
    }

    [Fact]
    public void SamplingUsesOneUniformDrawPerRowByInverseCdf()
    {
        var head = RandomHead(3, 5, 0, 7);
        var latent = HeadTestUtil.Latent(8, 3, new Pcg64(8));
        head.Forward(latent);
        var actions = new float[8];
        head.Sample(new Pcg64(9), actions);
        var rng = new Pcg64(9);
        for (int r = 0; r < 8; r++)
        {
            double u = rng.NextDouble();
            var p = Probabilities(head, latent.Row(r), default);
            int expected = 0;
            double cum = p[0];
            while (u >= cum && expected < 4)
            {
                cum += p[++expected];
            }

            Assert.Equal(expected, actions[r]);
        }
    }

    [Fact]
    public void SameSeedSameSamples()
    {
        var head = RandomHead(3, 6, 0, 10);
        head.Forward(HeadTestUtil.Latent(50, 3, new Pcg64(11)));
        float[] x = new float[50], y = new float[50], z = new float[50];
        head.Sample(new Pcg64(12), x);
        head.Sample(new Pcg64(12), y);
        head.Sample(new Pcg64(13), z);
        Assert.Equal(x, y);
        Assert.NotEqual(x, z);
    }

    [Fact]
    public void MaskedActionsAreNeverSampledAndTheRestIsRenormalised()
    {
        const int rows = 3000;
        var head = RandomHead(3, 5, 1, 14);
        var latent = HeadTestUtil.Latent(rows, 3, new Pcg64(15));
        var masks = new bool[rows * 5];
        var rng = new Pcg64(16);
        for (int r = 0; r < rows; r++)
        {
            int allowed = 0;
            for (int k = 0; k < 5; k++)
            {
                masks[(r * 5) + k] = rng.NextDouble() < 0.5;
                allowed += masks[(r * 5) + k] ? 1 : 0;
            }

            if (allowed == 0)
            {
                masks[(r * 5) + (r % 5)] = true;
            }
        }

        head.Forward(latent, masks);
        var actions = new float[rows];
        head.Sample(new Pcg64(17), actions);
        for (int r = 0; r < rows; r++)
        {
            Assert.True(masks[(r * 5) + (int)actions[r] - 1], $"row {r} sampled masked action {actions[r]}");
        }

        var modes = new float[rows];
        head.Mode(modes);
        var ent = new float[rows];
        head.Entropy(ent);
        var lp = new float[1];
        for (int r = 0; r < 20; r++)
        {
            var mask = masks.AsSpan(r * 5, 5);
            Assert.True(mask[(int)modes[r] - 1]);
            var p = Probabilities(head, latent.Row(r), mask);
            double h = 0;
            for (int k = 0; k < 5; k++)
            {
                Assert.Equal(Math.Log(p[k]), head.LogProbabilities[(r * 5) + k], 1e-5);
                h -= p[k] > 0 ? p[k] * Math.Log(p[k]) : 0;
            }

            Assert.Equal(h, ent[r], 1e-5);
        }

        // A single allowed action is certain.
        var single = new bool[5];
        single[3] = true;
        head.Forward(HeadTestUtil.Latent(1, 3, new Pcg64(18)), single);
        head.LogProb([4f], lp);
        Assert.Equal(0f, lp[0], 1e-6);
        head.Entropy(lp);
        Assert.Equal(0f, lp[0], 1e-6);
    }

    [Fact]
    public void LogProbOfAMaskedActionThrows()
    {
        var head = RandomHead(2, 3, 0, 19);
        head.Forward(HeadTestUtil.Latent(1, 2, new Pcg64(20)), [true, false, true]);
        var lp = new float[1];
        var ex = Assert.Throws<InvalidOperationException>(() => head.LogProb([1f], lp));
        Assert.Contains("masked", ex.Message);
        Assert.Throws<ArgumentException>(() => head.LogProb([3f], lp));
        Assert.Throws<ArgumentException>(() => head.LogProb([0.5f], lp));
        Assert.Throws<InvalidOperationException>(() => head.Forward(HeadTestUtil.Latent(1, 2, new Pcg64(21)), [false, false, false]));
        Assert.Throws<ArgumentException>(() => head.Forward(HeadTestUtil.Latent(2, 2, new Pcg64(21)), [true, false, true]));
    }

    [Fact]
    public void CallsBeforeForwardThrow()
    {
        var head = new CategoricalHead(2, 3);
        Assert.Throws<InvalidOperationException>(() => head.Sample(new Pcg64(1), new float[1]));
        Assert.Throws<ArgumentException>(() => head.Forward(new Tensor(1, 3)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BackwardMatchesFiniteDifferences(bool masked)
    {
        var rng = new Pcg64(22);
        var head = RandomHead(4, 5, -1, 23);
        var latent = HeadTestUtil.Latent(5, 4, rng);
        bool[]? masks = null;
        if (masked)
        {
            masks = new bool[25];
            for (int i = 0; i < 25; i++)
            {
                masks[i] = i % 5 != 1 && i % 5 != 4;
            }
        }

        head.Forward(latent, masks);
        var actions = new float[5];
        head.Sample(rng, actions);
        double largest = HeadTestUtil.CheckGradients(head, latent, masks, actions, rng);
        Assert.True(largest > 0.05);
        if (masked)
        {
            // Masked logits do not influence the loss, so they receive no gradient.
            var gb = head.Linear.Bias!.Grad;
            Assert.Equal(0f, gb[1]);
            Assert.Equal(0f, gb[4]);
        }
    }

    [Fact]
    public void SteadyStateCallsAllocateNothing()
    {
        var head = RandomHead(4, 5, 0, 24);
        var big = HeadTestUtil.Latent(32, 4, new Pcg64(25));
        var small = HeadTestUtil.Latent(16, 4, new Pcg64(26));
        var masks = Enumerable.Range(0, 32 * 5).Select(i => i % 4 != 0).ToArray();
        var rng = new Pcg64(27);
        var actions = new float[32];
        var lp = new float[32];
        var ent = new float[32];
        var g = new float[32];

        void Run(Tensor latent)
        {
            int n = latent.Rows;
            head.Forward(latent, masks.AsSpan(0, n * 5));
            head.Sample(rng, actions.AsSpan(0, n));
            head.Mode(actions.AsSpan(0, n));
            head.LogProb(actions.AsSpan(0, n), lp.AsSpan(0, n));
            head.Entropy(ent.AsSpan(0, n));
            head.Backward(actions.AsSpan(0, n), g.AsSpan(0, n), g.AsSpan(0, n));
        }

        Run(big);
        Run(small);
        Assert.Equal(0, HeadTestUtil.Allocated(() =>
        {
            Run(big);
            Run(small);
        }));
    }
}
