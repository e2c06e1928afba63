using Proxima.Distributions;
using Proxima.Envs.Spaces;
using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Tests.Distributions;

public class BetaHeadTests
{
    private static readonly Box Bounds = new([-1f, 0f], [3f, 0.5f], 2);

    private static BetaHead RandomHead(ulong seed)
    {
        var head = new BetaHead(3, Bounds);
        HeadTestUtil.FillParameters(head, new Pcg64(seed), 0.7);
        return head;
    }

    /// <summary>A head whose α, β are the given constants (zero weights, biases inverted through softplus + 1).</summary>
    private static BetaHead ConstantHead(double[] alpha, double[] beta)
    {
        var head = new BetaHead(3, Bounds);
        var bias = head.NamedParameters().Single(p => p.Name == "linear.bias").Parameter.Value;
        for (int k = 0; k < 2; k++)
        {
            bias[k] = (float)Math.Log(Math.Exp(alpha[k] - 1) - 1);
            bias[2 + k] = (float)Math.Log(Math.Exp(beta[k] - 1) - 1);
        }

        return head;
    }

    [Fact]
    public void ShapesNamesAndCreation()
    {
        var head = Assert.IsType<BetaHead>(ActionHeads.Create(Bounds, 3, new ActionHeadOptions(ContinuousDistribution.Beta)));
        Assert.Equal(2, head.ActionSize);
        var names = head.NamedParameters().Select(p => (p.Name, string.Join("x", p.Parameter.Shape))).ToArray();
        Assert.Equal([("linear.weight", "4x3"), ("linear.bias", "4")], names);
        var ex = Assert.Throws<NotSupportedException>(() =>
            ActionHeads.Create(new Box(float.NegativeInfinity, float.PositiveInfinity, 2), 3, new ActionHeadOptions(ContinuousDistribution.Beta)));
        Assert.Contains("bounded", ex.Message);
    }

    [Fact]
    public void LogProbAndEntropyOfKnownBetasIncludeTheAffineJacobian()
    {
        // Beta(2, 3): density 12 x (1 − x)², entropy ln B(2,3) − ψ(2) − 2ψ(3) + 3ψ(5) = 2.25 − ln 12.
        // Beta(1.5, 1.5) on [0, 0.5]: density x^½ (1 − x)^½ / B(1.5, 1.5), B(1.5, 1.5) = π/8.
        var head = ConstantHead([2, 1.5], [3, 1.5]);
        head.Forward(new Tensor(1, 3));
        Assert.Equal(2f, head.Alpha[0], 1e-5);
        Assert.Equal(3f, head.Beta[0], 1e-5);
        double x0 = 0.3, x1 = 0.8;
        float[] actions = [(float)(-1 + (4 * x0)), (float)(0.5 * x1)];
        var lp = new float[1];
        var ent = new float[1];
        head.LogProb(actions, lp);
        head.Entropy(ent);
        double density0 = 12 * x0 * (1 - x0) * (1 - x0) / 4;
        double density1 = Math.Sqrt(x1 * (1 - x1)) / (Math.PI / 8) / 0.5;
        Assert.Equal(Math.Log(density0 * density1), lp[0], 1e-4);

        // Entropy of Beta(1.5, 1.5) by numerical integration, so the digamma formula is checked independently.
        double h1 = 0;
        const int n = 200000;
        for (int i = 0; i < n; i++)
        {
            double x = (i + 0.5) / n;
            double p = Math.Sqrt(x * (1 - x)) / (Math.PI / 8);
            h1 -= p * Math.Log(p) / n;
        }

        Assert.Equal(2.25 - Math.Log(12) + Math.Log(4) + h1 + Math.Log(0.5), ent[0], 1e-4);

        var mode = new float[2];
        head.Mode(mode);
        Assert.Equal(-1 + (4 * (1.0 / 3)), mode[0], 1e-4);
        Assert.Equal(0.25, mode[1], 1e-4);
    }

    [Fact]
    public void BoundaryActionsKeepAFiniteLogProb()
    {
        var head = RandomHead(1);
        head.Forward(HeadTestUtil.Latent(1, 3, new Pcg64(2)));
        var lp = new float[1];
        head.LogProb([3f, 0f], lp);
        Assert.True(float.IsFinite(lp[0]));
    }

    [Fact]
    public void SampleMomentsMatchTheBetaMoments()
    {
        const int rows = 40000;
        double[] alpha = [2.5, 1.2], beta = [4, 1.7];
        var head = ConstantHead(alpha, beta);
        head.Forward(new Tensor(rows, 3));
        var actions = new float[rows * 2];
        head.Sample(new Pcg64(3), actions);
        for (int k = 0; k < 2; k++)
        {
            double low = Bounds.Low[k], width = Bounds.High[k] - Bounds.Low[k];
            double a = alpha[k], b = beta[k];
            double mean = low + (width * a / (a + b));
            double variance = width * width * a * b / ((a + b) * (a + b) * (a + b + 1));
            var x = Enumerable.Range(0, rows).Select(r => (double)actions[(r * 2) + k]).ToArray();
            Assert.All(x, v => Assert.InRange(v, Bounds.Low[k], Bounds.High[k]));
            double m = x.Average();
            double v = x.Select(t => (t - m) * (t - m)).Sum() / (rows - 1);
            Assert.True(Math.Abs(m - mean) < 5 * Math.Sqrt(variance / rows), $"dim {k} mean {m} vs {mean}");
            Assert.True(Math.Abs(v - variance) < 0.03 * variance, $"dim {k} variance {v} vs {variance}");
        }

        var again = new float[rows * 2];
        head.Sample(new Pcg64(3), again);
        Assert.Equal(actions, again);
    }

    [Fact]
    public void BackwardMatchesFiniteDifferences()
    {
        var rng = new Pcg64(4);
        var head = RandomHead(5);
        var latent = HeadTestUtil.Latent(5, 3, rng);
        var actions = HeadTestUtil.SampleActions(head, latent, rng);
        Assert.True(HeadTestUtil.CheckGradients(head, latent, null, actions, rng) > 0.05);
    }

    [Fact]
    public void SteadyStateCallsAllocateNothing()
    {
        var head = RandomHead(6);
        var latent = HeadTestUtil.Latent(16, 3, new Pcg64(7));
        HeadTestUtil.AssertSteadyStateAllocatesNothing(head, new Pcg64(8), null, false, latent);
    }
}
