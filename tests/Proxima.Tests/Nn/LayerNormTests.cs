using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Tests.Nn;

public class LayerNormTests
{
    [Fact]
    public void ParametersAreNamedAndInitialized()
    {
        var ln = new LayerNorm(4);
        var names = ln.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Equal(["weight", "bias"], names);
        Assert.All(ln.Weight.Value.ToArray(), v => Assert.Equal(1f, v));
        Assert.All(ln.Bias.Value.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void ForwardMatchesClosedForm()
    {
        var rng = new Pcg64(5);
        const int n = 9;
        var ln = new LayerNorm(n, 1e-3f);
        NnTestUtil.Fill(ln.Weight.Value, rng);
        NnTestUtil.Fill(ln.Bias.Value, rng);
        var x = NnTestUtil.Random(rng, 3, n, 3.0);
        var y = ln.Forward(x);
        for (int r = 0; r < 3; r++)
        {
            double mean = 0;
            for (int j = 0; j < n; j++)
            {
                mean += x[r, j];
            }

            mean /= n;
            double v = 0;
            for (int j = 0; j < n; j++)
            {
                v += (x[r, j] - mean) * (x[r, j] - mean);
            }

            v /= n;
            for (int j = 0; j < n; j++)
            {
                double e = ((x[r, j] - mean) / Math.Sqrt(v + 1e-3) * ln.Weight.Value[j]) + ln.Bias.Value[j];
                Assert.True(Math.Abs(e - y[r, j]) < 1e-5 * (1 + Math.Abs(e)), $"[{r},{j}] {y[r, j]} vs {e}");
            }
        }
    }

    [Fact]
    public void DefaultOutputHasZeroMeanUnitVariance()
    {
        var ln = new LayerNorm(16);
        var y = ln.Forward(NnTestUtil.Random(new Pcg64(6), 2, 16, 5.0));
        for (int r = 0; r < 2; r++)
        {
            var row = y.Row(r).ToArray();
            Assert.Equal(0.0, row.Average(), 5);
            Assert.Equal(1.0, row.Select(v => (double)v * v).Average(), 3);
        }
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var rng = new Pcg64(7);
        var ln = new LayerNorm(5);
        NnTestUtil.Fill(ln.Weight.Value, rng);
        NnTestUtil.Fill(ln.Bias.Value, rng);
        NnTestUtil.CheckGradients(ln, NnTestUtil.Random(rng, 3, 5), rng, eps: 1e-2f, absTol: 2e-3, relTol: 1e-2);
    }
}
