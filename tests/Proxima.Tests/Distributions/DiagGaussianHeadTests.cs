using Proxima.Distributions;
using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Tests.Distributions;

public class DiagGaussianHeadTests
{
    private static DiagGaussianHead RandomHead(int latent, int dim, bool stateDependent, ulong seed, float logStdInit = 0f)
    {
        var head = new DiagGaussianHead(latent, dim, logStdInit, stateDependent);
        HeadTestUtil.FillParameters(head, new Pcg64(seed), 0.4);
        return head;
    }

    [Fact]
    public void ParametersAreNamedAndLogStdStartsAtTheGivenValue()
    {
        var head = new DiagGaussianHead(5, 2, logStdInit: -0.5f);
        var names = head.NamedParameters().Select(p => (p.Name, string.Join("x", p.Parameter.Shape))).ToArray();
        Assert.Equal([("linear.weight", "2x5"), ("linear.bias", "2"), ("log_std", "2")], names);
        Assert.All(head.NamedParameters().Single(p => p.Name == "log_std").Parameter.Value.ToArray(), v => Assert.Equal(-0.5f, v));

        var sd = new DiagGaussianHead(5, 2, logStdInit: -0.5f, stateDependentStd: true);
        Assert.Equal(
            ["linear.weight", "linear.bias", "log_std_linear.weight", "log_std_linear.bias"],
            sd.NamedParameters().Select(p => p.Name).ToArray());

        // With zero weights (as the policy's bias initialisation leaves them) the state-dependent log-std is the init value.
        sd.Forward(new Tensor(3, 5));
        Assert.All(sd.LogStd.ToArray(), v => Assert.Equal(-0.5f, v));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LogProbAndEntropyMatchTheClosedForm(bool stateDependent)
    {
        var head = RandomHead(3, 2, stateDependent, 1, 0.3f);
        var latent = HeadTestUtil.Latent(4, 3, new Pcg64(2));
        head.Forward(latent);
        var actions = HeadTestUtil.Gaussians(8, new Pcg64(3));
        var (lp, ent) = HeadTestUtil.Score(head, actions);

        var w = head.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Value.ToArray());
        for (int r = 0; r < 4; r++)
        {
            double logp = 0, h = 0;
            for (int k = 0; k < 2; k++)
            {
                double mu = w["linear.bias"][k], logStd;
                for (int j = 0; j < 3; j++)
                {
                    mu += w["linear.weight"][(k * 3) + j] * latent[r, j];
                }

                if (stateDependent)
                {
                    logStd = 0.3 + w["log_std_linear.bias"][k];
                    for (int j = 0; j < 3; j++)
                    {
                        logStd += w["log_std_linear.weight"][(k * 3) + j] * latent[r, j];
                    }
                }
                else
                {
                    logStd = w["log_std"][k];
                }

                double sigma = Math.Exp(logStd);
                double x = actions[(r * 2) + k];
                logp += Math.Log(Math.Exp(-0.5 * Math.Pow((x - mu) / sigma, 2)) / (sigma * Math.Sqrt(2 * Math.PI)));
                h += 0.5 * Math.Log(2 * Math.PI * Math.E * sigma * sigma);
                Assert.Equal(mu, head.Mean[(r * 2) + k], 1e-5);
            }

            Assert.Equal(logp, lp[r], 1e-4);
            Assert.Equal(h, ent[r], 1e-5);
        }

        var mode = new float[8];
        head.Mode(mode);
        Assert.Equal(head.Mean.ToArray(), mode);
    }

    [Fact]
    public void SampleMomentsMatchMeanAndStd()
    {
        const int rows = 50000;
        var head = new DiagGaussianHead(1, 2);
        var set = head.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        set["linear.bias"].Value[0] = 1.5f;
        set["linear.bias"].Value[1] = -2f;
        set["log_std"].Value[0] = MathF.Log(0.5f);
        set["log_std"].Value[1] = MathF.Log(2f);
        head.Forward(new Tensor(rows, 1));
        var actions = new float[rows * 2];
        head.Sample(new Pcg64(4), actions);
        double[] expectedMean = [1.5, -2], expectedStd = [0.5, 2];
        for (int k = 0; k < 2; k++)
        {
            var x = Enumerable.Range(0, rows).Select(r => (double)actions[(r * 2) + k]).ToArray();
            double mean = x.Average();
            double variance = x.Select(v => (v - mean) * (v - mean)).Sum() / (rows - 1);
            double s = expectedStd[k];
            Assert.True(Math.Abs(mean - expectedMean[k]) < 5 * s / Math.Sqrt(rows), $"dim {k} mean {mean}");
            Assert.True(Math.Abs(variance - (s * s)) < 5 * s * s * Math.Sqrt(2.0 / rows), $"dim {k} variance {variance}");
        }
    }

    [Fact]
    public void SameSeedSameSamplesAndSamplesAreUnclipped()
    {
        var head = RandomHead(2, 3, false, 5, 1.5f);
        head.Forward(HeadTestUtil.Latent(100, 2, new Pcg64(6)));
        float[] x = new float[300], y = new float[300], z = new float[300];
        head.Sample(new Pcg64(7), x);
        head.Sample(new Pcg64(7), y);
        head.Sample(new Pcg64(8), z);
        Assert.Equal(x, y);
        Assert.NotEqual(x, z);
        Assert.Contains(x, v => Math.Abs(v) > 3f);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BackwardMatchesFiniteDifferences(bool stateDependent)
    {
        var rng = new Pcg64(9);
        var head = RandomHead(4, 3, stateDependent, 10, -0.2f);
        var latent = HeadTestUtil.Latent(5, 4, rng);
        var actions = HeadTestUtil.SampleActions(head, latent, rng);
        double largest = HeadTestUtil.CheckGradients(head, latent, null, actions, rng);
        Assert.True(largest > 0.05);
    }

    [Fact]
    public void StateDependentLogStdIsClampedAndPassesNoGradientWhenClamped()
    {
        var head = RandomHead(3, 2, true, 15);
        var bias = head.NamedParameters().Single(p => p.Name == "log_std_linear.bias").Parameter;
        bias.Value[0] = 30f;
        bias.Value[1] = -40f;
        var latent = HeadTestUtil.Latent(4, 3, new Pcg64(16), 0.1);
        head.Forward(latent);
        for (int r = 0; r < 4; r++)
        {
            Assert.Equal(DiagGaussianHead.MaxStateDependentLogStd, head.LogStd[r * 2]);
            Assert.Equal(DiagGaussianHead.MinStateDependentLogStd, head.LogStd[(r * 2) + 1]);
        }

        var actions = new float[8];
        head.Sample(new Pcg64(17), actions);
        head.Backward(actions, [1f, 1f, 1f, 1f], [1f, 1f, 1f, 1f]);
        Assert.All(bias.Grad.ToArray(), g => Assert.Equal(0f, g));
        Assert.All(head.NamedParameters().Single(p => p.Name == "log_std_linear.weight").Parameter.Grad.ToArray(), g => Assert.Equal(0f, g));
        Assert.Contains(head.NamedParameters().Single(p => p.Name == "linear.bias").Parameter.Grad.ToArray(), g => g != 0f);
    }

    [Fact]
    public void MasksAreRejected()
    {
        var head = new DiagGaussianHead(2, 2);
        Assert.Equal(0, head.ActionMaskSize);
        Assert.Throws<ArgumentException>(() => head.Forward(new Tensor(1, 2), [true, true]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SteadyStateCallsAllocateNothing(bool stateDependent)
    {
        var head = RandomHead(4, 2, stateDependent, 11);
        var big = HeadTestUtil.Latent(32, 4, new Pcg64(12));
        var small = HeadTestUtil.Latent(8, 4, new Pcg64(13));
        HeadTestUtil.AssertSteadyStateAllocatesNothing(head, new Pcg64(14), null, false, big, small);
    }
}
