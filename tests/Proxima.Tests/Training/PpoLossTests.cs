using Proxima.Random;
using Proxima.Training;

namespace Proxima.Tests.Training;

public class PpoLossTests
{
    private static readonly PpoLossCoefficients Coefficients = new(0.2f, null, 0.01f, 0.5f);

    [Fact]
    public void ClosedFormValuesForTwoSamples()
    {
        // Sample 0: r = e^{0.1} ≈ 1.10517 (inside the clip range), A = 2 → objective 2.21034.
        // Sample 1: r = e^{0.5} ≈ 1.64872, A = 1 → clipped to 1.2 → objective 1.2.
        float[] logp = [0.1f, 0.5f];
        float[] old = [0f, 0f];
        float[] adv = [2f, 1f];
        float[] ent = [1f, 3f];
        float[] v = [1f, 2f];
        float[] ret = [2f, 5f];
        var gl = new float[2];
        var ge = new float[2];
        var gv = new float[2];
        var result = PpoLoss.Compute(logp, old, adv, ent, v, v, ret, Coefficients, gl, ge, gv);

        double r0 = Math.Exp(0.1), r1 = Math.Exp(0.5);
        Assert.Equal(-((r0 * 2) + 1.2) / 2, result.PolicyLoss, 5);
        Assert.Equal((1 + 9) / 2.0, result.ValueLoss, 6);
        Assert.Equal(-2.0, result.EntropyLoss, 6);
        Assert.Equal(0.5, result.ClipFraction);
        double kl = ((r0 - 1) - 0.1 + (r1 - 1) - 0.5) / 2;
        Assert.Equal(kl, result.ApproxKl, 5);
        Assert.Equal(result.PolicyLoss + (0.01 * -2.0) + (0.5 * 5.0), result.TotalLoss, 5);

        // Gradients: the clipped sample carries no policy gradient.
        Assert.Equal(-2 * r0 / 2, gl[0], 5);
        Assert.Equal(0f, gl[1]);
        Assert.Equal(-0.01f / 2, ge[0], 6);
        Assert.Equal(0.5f * -2f * (2 - 1) / 2, gv[0], 6);
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var rng = new Pcg64(3);
        const int n = 16;
        var logp = new float[n];
        var old = new float[n];
        var adv = new float[n];
        var ent = new float[n];
        var v = new float[n];
        var oldV = new float[n];
        var ret = new float[n];
        for (int i = 0; i < n; i++)
        {
            old[i] = (float)rng.Uniform(-2, 0);
            logp[i] = old[i] + (float)rng.Uniform(-0.4, 0.4);
            adv[i] = (float)rng.Uniform(-2, 2);
            ent[i] = (float)rng.Uniform(0, 2);
            oldV[i] = (float)rng.Uniform(-1, 1);
            v[i] = oldV[i] + (float)rng.Uniform(-0.5, 0.5);
            ret[i] = (float)rng.Uniform(-2, 2);
        }

        var c = new PpoLossCoefficients(0.2f, 0.3f, 0.05f, 0.5f, KlCoef: 0.7f);
        var gl = new float[n];
        var ge = new float[n];
        var gv = new float[n];
        PpoLoss.Compute(logp, old, adv, ent, v, oldV, ret, c, gl, ge, gv);

        // Central differences with h = 1e-3 on a piecewise-smooth loss evaluated in float32; samples within 2h of a
        // kink (clip boundaries) are skipped because the difference quotient straddles two branches there.
        const float h = 1e-3f;
        double Total(float[] lp, float[] e, float[] vv) =>
            PpoLoss.Compute(lp, old, adv, e, vv, oldV, ret, c, new float[n], new float[n], new float[n]).TotalLoss;

        int checkedCount = 0;
        for (int i = 0; i < n; i++)
        {
            float ratio = MathF.Exp(logp[i] - old[i]);
            bool nearPolicyKink = MathF.Abs(MathF.Abs(ratio - 1f) - 0.2f) < 4 * h;
            bool nearValueKink = MathF.Abs(MathF.Abs(v[i] - oldV[i]) - 0.3f) < 4 * h;
            if (!nearPolicyKink)
            {
                Assert.Equal(Derivative(logp, i, h, a => Total(a, ent, v)), gl[i], 3);
                checkedCount++;
            }

            Assert.Equal(Derivative(ent, i, h, a => Total(logp, a, v)), ge[i], 3);
            if (!nearValueKink)
            {
                Assert.Equal(Derivative(v, i, h, a => Total(logp, ent, a)), gv[i], 3);
            }
        }

        Assert.True(checkedCount > n / 2);
    }

    [Fact]
    public void FirstMinibatchHasNoClippingAndZeroKl()
    {
        float[] logp = [-0.3f, -1.2f, -2f];
        var result = PpoLoss.Compute(logp, logp, [1f, -1f, 0.5f], [1f, 1f, 1f], [0f, 0f, 0f], [0f, 0f, 0f], [1f, 1f, 1f], Coefficients, new float[3], new float[3], new float[3]);
        Assert.Equal(0.0, result.ClipFraction);
        Assert.Equal(0.0, result.ApproxKl, 12);
    }

    [Fact]
    public void AdvantageNormalizationUsesBesselCorrectedStd()
    {
        float[] a = [1f, 2f, 3f, 4f];
        PpoLoss.NormalizeAdvantages(a);
        double std = Math.Sqrt(((1.5 * 1.5) + (0.5 * 0.5) + (0.5 * 0.5) + (1.5 * 1.5)) / 3);
        Assert.Equal(-1.5 / std, a[0], 5);
        Assert.Equal(1.5 / std, a[3], 5);
    }

    [Fact]
    public void ExplainedVarianceKnownCases()
    {
        float[] ret = [1f, 2f, 3f, 4f];
        Assert.Equal(1.0, PpoLoss.ExplainedVariance(ret, ret), 12);
        Assert.Equal(0.0, PpoLoss.ExplainedVariance([2.5f, 2.5f, 2.5f, 2.5f], ret), 12);
        // Residual R − V = [1, 1, 1, 1] is constant: explains all variance about the mean.
        Assert.Equal(1.0, PpoLoss.ExplainedVariance([0f, 1f, 2f, 3f], ret), 12);
        Assert.True(double.IsNaN(PpoLoss.ExplainedVariance([0f, 1f], [1f, 1f])));
        // Opposite-signed predictions: Var(R − V) = 4·Var(R) → 1 − 4 = −3.
        Assert.Equal(-3.0, PpoLoss.ExplainedVariance([-1f, -2f, -3f, -4f], [1f, 2f, 3f, 4f]), 10);
    }

    private static double Derivative(float[] x, int i, float h, Func<float[], double> f)
    {
        var plus = (float[])x.Clone();
        var minus = (float[])x.Clone();
        plus[i] += h;
        minus[i] -= h;
        return (f(plus) - f(minus)) / ((double)plus[i] - minus[i]);
    }
}
