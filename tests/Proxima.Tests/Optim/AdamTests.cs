using Proxima.Optim;

namespace Proxima.Tests.Optim;

public class AdamTests
{
    // Parameters are O(1), so their float32 rounding is ~6e-8 and the update (O(lr)) carries a relative error of a
    // few float ulps; 1e-6 is well above both and far below the effect of any formula mistake (those shift the
    // result by a sizeable fraction of lr = 0.1).
    private const double Tolerance = 1e-6;

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void FirstTwoStepsMatchTheFormula(double weightDecay)
    {
        // Gradients of the order of epsilon make the placement of epsilon (after the bias correction of sqrt(v))
        // visible; the sign flip and the magnitude change between steps exercise both moment averages.
        double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-3;
        double[] p0 = [0.5, -1.25, 2.0, 0.75];
        double[][] grads = [[1e-3, -0.4, 2.5, 0.0], [-2e-3, 0.1, 3.0, 1e-4]];
        var set = OptimTestUtil.Vector(p0.Select(x => (float)x).ToArray());
        var adam = new Adam(set, new AdamOptions(lr, b1, b2, eps, weightDecay));

        double[] p = (double[])p0.Clone(), m = new double[4], v = new double[4];
        for (int t = 1; t <= 2; t++)
        {
            for (int i = 0; i < 4; i++)
            {
                set.Grads[i] = (float)grads[t - 1][i];
            }

            adam.Step();
            for (int i = 0; i < 4; i++)
            {
                double g = (double)(float)grads[t - 1][i] + (weightDecay * p[i]);
                m[i] = (b1 * m[i]) + ((1 - b1) * g);
                v[i] = (b2 * v[i]) + ((1 - b2) * g * g);
                double bc1 = 1 - Math.Pow(b1, t), bc2 = 1 - Math.Pow(b2, t);
                p[i] -= lr / bc1 * m[i] / ((Math.Sqrt(v[i]) / Math.Sqrt(bc2)) + eps);
                Assert.Equal(p[i], set.Values[i], Tolerance);
            }

            Assert.Equal(t, adam.StepCount);
        }

        // Step applies the gradients but does not clear them.
        Assert.Equal((float)grads[1][2], set.Grads[2]);
    }

    [Fact]
    public void DecoupledDecayShrinksGeometricallyWhileL2DecayTakesSignSteps()
    {
        // With zero gradients AdamW's moments stay zero, so only p *= (1 - lr*wd) acts: p_t = p0 (1 - lr*wd)^t.
        // L2 Adam instead feeds g = wd*p into the moments; at t = 1 the bias-corrected ratio is
        // wd*p0 / (wd*|p0| + eps), a step of almost exactly lr against the sign of p0 regardless of its size.
        const double lr = 0.01, wd = 0.5, eps = 1e-8;
        float[] p0 = [3f, -0.2f, 40f];
        var decoupledSet = OptimTestUtil.Vector(p0);
        var coupledSet = OptimTestUtil.Vector(p0);
        var adamW = new AdamW(decoupledSet, lr, wd, epsilon: eps);
        var adamL2 = new Adam(coupledSet, new AdamOptions(lr, Epsilon: eps, WeightDecay: wd));

        adamL2.Step();
        for (int i = 0; i < p0.Length; i++)
        {
            double expected = p0[i] - (lr * wd * p0[i] / ((wd * Math.Abs(p0[i])) + eps));
            Assert.Equal(expected, coupledSet.Values[i], 1e-6 * Math.Abs(p0[i]));
        }

        // 50 float multiplications accumulate at most ~50 half-ulps of relative error: 1e-5 relative is ample.
        for (int t = 1; t <= 50; t++)
        {
            adamW.Step();
            for (int i = 0; i < p0.Length; i++)
            {
                double expected = p0[i] * Math.Pow(1 - (lr * wd), t);
                Assert.Equal(expected, decoupledSet.Values[i], 1e-5 * Math.Abs(expected));
            }
        }

        Assert.All(adamW.ExportState(), e => Assert.All(e.Values, x => Assert.Equal(0f, x)));
    }

    [Fact]
    public void AdamWDefaultsToDecoupledDecayOfOnePercent()
    {
        var adamW = new AdamW(OptimTestUtil.Vector(1f));
        Assert.True(adamW.Options.Decoupled);
        Assert.Equal(0.01, adamW.Options.WeightDecay);
        Assert.Equal(1e-5, AdamOptions.ForPpo().Epsilon);
    }

    [Fact]
    public void VectorLanesAndScalarTailGiveIdenticalResults()
    {
        // 16 + 8 + 3 elements: one 512-bit block, one 256-bit block and a scalar tail. Identical inputs must give
        // bit-identical outputs whichever path processed them.
        const int n = 27;
        var values = Enumerable.Repeat(0.7f, n).ToArray();
        var set = OptimTestUtil.Vector(values);
        var adam = new Adam(set, new AdamOptions(0.05, WeightDecay: 0.01));
        for (int t = 0; t < 3; t++)
        {
            Array.Fill(set.Grads, t == 1 ? -0.3f : 0.123f);
            adam.Step();
        }

        Assert.NotEqual(0.7f, set.Values[0]);
        Assert.All(set.Values, x => Assert.Equal(set.Values[0], x));
        Assert.All(adam.ExportState(), e => Assert.All(e.Values, x => Assert.Equal(e.Values[0], x)));
    }

    [Fact]
    public void RejectsInvalidHyperparameters()
    {
        var set = OptimTestUtil.Vector(1f);
        Assert.Contains("Beta1", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(set, new AdamOptions(Beta1: 1.0))).Message);
        Assert.Contains("Epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(set, new AdamOptions(Epsilon: 0))).Message);
        var adam = new Adam(set);
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.LearningRate = double.NaN);
    }
}
