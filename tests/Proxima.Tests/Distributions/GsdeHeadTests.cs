using Proxima.Distributions;
using Proxima.Envs.Spaces;
using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Tests.Distributions;

public class GsdeHeadTests
{
    private static GsdeHead RandomHead(bool fullStd, bool expln, bool learnFeatures, ulong seed)
    {
        var head = new GsdeHead(3, 2, -0.3f, fullStd, expln, learnFeatures);
        HeadTestUtil.FillParameters(head, new Pcg64(seed), 0.6);
        return head;
    }

    /// <summary>std_jk from log_std as SB3 defines it.</summary>
    private static double Std(GsdeHead head, int j, int k)
    {
        var logStd = head.NamedParameters().Single(p => p.Name == "log_std").Parameter.Value;
        double l = logStd[head.FullStd ? (j * head.ActionSize) + k : j];
        return head.UseExpln && l > 0 ? Math.Log(1 + l) + 1 : Math.Exp(l);
    }

    [Fact]
    public void ShapesNamesAndCreation()
    {
        var full = Assert.IsType<GsdeHead>(ActionHeads.Create(new Box(-1, 1, 2), 5, new ActionHeadOptions(ContinuousDistribution.Gsde, LogStdInit: -2f)));
        Assert.True(full.FullStd);
        Assert.False(full.UseExpln);
        var names = full.NamedParameters().Select(p => (p.Name, string.Join("x", p.Parameter.Shape))).ToArray();
        Assert.Equal([("linear.weight", "2x5"), ("linear.bias", "2"), ("log_std", "5x2")], names);
        Assert.All(full.NamedParameters().Last().Parameter.Value.ToArray(), v => Assert.Equal(-2f, v));

        var shared = Assert.IsType<GsdeHead>(ActionHeads.Create(new Box(-1, 1, 2), 5, new ActionHeadOptions(ContinuousDistribution.Gsde, FullStd: false, UseExpln: true)));
        Assert.Equal([5, 1], shared.NamedParameters().Last().Parameter.Shape);
        Assert.True(shared.UseExpln);
    }

    [Fact]
    public void SampleBeforeResetNoiseThrows()
    {
        var head = RandomHead(true, false, false, 1);
        head.Forward(HeadTestUtil.Latent(2, 3, new Pcg64(2)));
        var ex = Assert.Throws<InvalidOperationException>(() => head.Sample(new Pcg64(3), new float[4]));
        Assert.Contains("ResetNoise", ex.Message);
        head.ResetNoise(new Pcg64(3), 3);
        Assert.Throws<InvalidOperationException>(() => head.Sample(new Pcg64(3), new float[4]));
    }

    [Fact]
    public void NoiseIsHeldFixedUntilResetAndActionIsMeanPlusLatentTimesNoise()
    {
        var head = RandomHead(true, false, false, 4);
        var latent = HeadTestUtil.Latent(3, 3, new Pcg64(5));
        head.ResetNoise(new Pcg64(6), 3);
        head.Forward(latent);
        float[] a = new float[6], b = new float[6], c = new float[6];
        head.Sample(new Pcg64(7), a);
        head.Sample(new Pcg64(8), b);
        Assert.Equal(a, b);

        var noise = head.Noise.ToArray();
        for (int r = 0; r < 3; r++)
        {
            for (int k = 0; k < 2; k++)
            {
                double expected = head.Mean[(r * 2) + k];
                for (int j = 0; j < 3; j++)
                {
                    expected += latent[r, j] * noise[(r * 6) + (j * 2) + k];
                }

                Assert.Equal(expected, a[(r * 2) + k], 1e-5);
            }
        }

        // Same seed, same noise; a new draw changes the actions.
        head.ResetNoise(new Pcg64(6), 3);
        head.Sample(new Pcg64(9), c);
        Assert.Equal(a, c);
        head.ResetNoise(new Pcg64(10), 3);
        head.Sample(new Pcg64(9), c);
        Assert.NotEqual(a, c);

        // One noise row is shared by every row of a batch.
        head.ResetNoise(new Pcg64(11), 1);
        head.Sample(new Pcg64(9), c);
        var shared = head.Noise.ToArray();
        Assert.Equal(6, shared.Length);
        Assert.Equal(head.Mean[2] + (latent[1, 0] * shared[0]) + (latent[1, 1] * shared[2]) + (latent[1, 2] * shared[4]), c[2], 1e-5);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void ExplorationVarianceMatchesTheScoredVariance(bool fullStd, bool expln)
    {
        // Across many independent noise draws for one latent, the action's variance is Σ_j x_j² std_jk².
        const int rows = 40000;
        var head = RandomHead(fullStd, expln, false, 12);
        var one = HeadTestUtil.Latent(1, 3, new Pcg64(13));
        var latent = new Tensor(rows, 3);
        for (int r = 0; r < rows; r++)
        {
            one.Row(0).CopyTo(latent.Row(r));
        }

        head.ResetNoise(new Pcg64(14), rows);
        head.Forward(latent);
        var actions = new float[rows * 2];
        head.Sample(new Pcg64(15), actions);
        for (int k = 0; k < 2; k++)
        {
            double expectedVar = GsdeHead.VarianceEpsilon;
            for (int j = 0; j < 3; j++)
            {
                expectedVar += Math.Pow(one[0, j] * Std(head, j, k), 2);
            }

            Assert.Equal(expectedVar, head.Variance[k], 1e-5 * expectedVar);
            var x = Enumerable.Range(0, rows).Select(r => (double)actions[(r * 2) + k] - head.Mean[k]).ToArray();
            double mean = x.Average();
            double variance = x.Select(v => v * v).Average();
            Assert.True(Math.Abs(mean) < 5 * Math.Sqrt(expectedVar / rows), $"dim {k} mean offset {mean}");
            Assert.True(Math.Abs(variance - expectedVar) < 5 * expectedVar * Math.Sqrt(2.0 / rows), $"dim {k} variance {variance} vs {expectedVar}");
        }
    }

    [Fact]
    public void LogProbAndEntropyMatchTheClosedForm()
    {
        var head = RandomHead(false, true, false, 16);
        var latent = HeadTestUtil.Latent(4, 3, new Pcg64(17));
        head.Forward(latent);
        var actions = HeadTestUtil.Gaussians(8, new Pcg64(18));
        var (lp, ent) = HeadTestUtil.Score(head, actions);
        var w = head.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Value.ToArray());
        for (int r = 0; r < 4; r++)
        {
            double logp = 0, h = 0;
            for (int k = 0; k < 2; k++)
            {
                double mu = w["linear.bias"][k], variance = GsdeHead.VarianceEpsilon;
                for (int j = 0; j < 3; j++)
                {
                    mu += w["linear.weight"][(k * 3) + j] * latent[r, j];
                    variance += Math.Pow(latent[r, j] * Std(head, j, k), 2);
                }

                double x = actions[(r * 2) + k];
                logp += -(Math.Pow(x - mu, 2) / (2 * variance)) - (0.5 * Math.Log(2 * Math.PI * variance));
                h += 0.5 * Math.Log(2 * Math.PI * Math.E * variance);
            }

            Assert.Equal(logp, lp[r], 1e-4);
            Assert.Equal(h, ent[r], 1e-5);
        }

        var mode = new float[8];
        head.Mode(mode);
        Assert.Equal(head.Mean.ToArray(), mode);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void BackwardMatchesFiniteDifferencesWithLearnedFeatures(bool fullStd, bool expln)
    {
        var rng = new Pcg64(19);
        var head = RandomHead(fullStd, expln, true, 20);
        var latent = HeadTestUtil.Latent(4, 3, rng);
        head.ResetNoise(rng, 4);
        var actions = HeadTestUtil.SampleActions(head, latent, rng);
        Assert.True(HeadTestUtil.CheckGradients(head, latent, null, actions, rng) > 0.05);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DetachedFeaturesGetOnlyTheMeanPathGradient(bool fullStd)
    {
        var rng = new Pcg64(21);
        var head = RandomHead(fullStd, false, false, 22);
        var latent = HeadTestUtil.Latent(4, 3, rng);
        head.ResetNoise(rng, 4);
        var actions = HeadTestUtil.SampleActions(head, latent, rng);

        // Parameter gradients are unaffected by the detach: check them by finite differences.
        HeadTestUtil.CheckGradients(head, latent, null, actions, rng, checkLatent: false);

        var a = HeadTestUtil.Gaussians(4, rng);
        var b = HeadTestUtil.Gaussians(4, rng);
        head.Forward(latent);
        var dLatent = head.Backward(actions, a, b).Span.ToArray();
        var w = head.NamedParameters().Single(p => p.Name == "linear.weight").Parameter.Value.ToArray();
        for (int r = 0; r < 4; r++)
        {
            for (int j = 0; j < 3; j++)
            {
                double expected = 0;
                for (int k = 0; k < 2; k++)
                {
                    int i = (r * 2) + k;
                    expected += w[(k * 3) + j] * a[r] * (actions[i] - head.Mean[i]) / head.Variance[i];
                }

                Assert.Equal(expected, dLatent[(r * 3) + j], 1e-4 * Math.Max(1, Math.Abs(expected)));
            }
        }
    }

    [Fact]
    public void SteadyStateCallsAllocateNothing()
    {
        var head = RandomHead(true, true, true, 23);
        var latent = HeadTestUtil.Latent(16, 3, new Pcg64(24));
        HeadTestUtil.AssertSteadyStateAllocatesNothing(head, new Pcg64(25), null, true, latent);
    }
}
