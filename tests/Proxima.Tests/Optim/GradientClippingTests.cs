using Proxima.Optim;
using Proxima.Random;

namespace Proxima.Tests.Optim;

public class GradientClippingTests
{
    private static double Norm(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (float v in x)
        {
            s += (double)v * v;
        }

        return Math.Sqrt(s);
    }

    [Theory]
    [InlineData(1003, 0.5)]
    [InlineData(7, 2.0)]
    public void LargeGradientsAreScaledToTheBound(int length, double maxNorm)
    {
        var set = OptimTestUtil.Vector(new float[length]);
        OptimTestUtil.Fill(set.Grads, new Pcg64(5), 3.0);
        float[] before = (float[])set.Grads.Clone();
        double expectedNorm = Norm(before);

        double returned = GradientClipping.ClipGlobalNorm(set, maxNorm);

        Assert.Equal(expectedNorm, returned, expectedNorm * 1e-12);

        // Each scaled element is rounded once (2^-24 relative) after a float scale factor (another 2^-24), so the
        // norm is off by at most float epsilon (2^-23) relative, plus the shortfall of PyTorch's 1e-6 guard.
        double after = Norm(set.Grads);
        double floatEpsilon = MathF.BitIncrement(1f) - 1f;
        Assert.True(Math.Abs(after - maxNorm) <= maxNorm * (floatEpsilon + (1e-6 / expectedNorm)), $"norm after clipping {after}");
        Assert.True(after <= maxNorm * (1 + floatEpsilon), $"norm after clipping {after} exceeds the bound");

        // Clipping rescales; it does not change directions.
        double scale = set.Grads[0] / (double)before[0];
        for (int i = 0; i < length; i++)
        {
            Assert.Equal(before[i] * scale, set.Grads[i], 1e-6 * Math.Abs(before[i]));
        }
    }

    [Fact]
    public void SmallGradientsAreLeftUntouched()
    {
        float[] grads = [0.1f, -0.2f, 0.05f];
        float[] copy = (float[])grads.Clone();
        double returned = GradientClipping.ClipGlobalNorm(grads, 0.5);
        Assert.Equal(Norm(copy), returned, 1e-12);
        Assert.Equal(copy, grads);
    }

    [Fact]
    public void SpanOverloadClipsOnlyTheSlice()
    {
        float[] grads = [3f, 4f, 100f];
        double returned = GradientClipping.ClipGlobalNorm(grads.AsSpan(0, 2), 1.0);
        Assert.Equal(5.0, returned);
        Assert.Equal(0.6, grads[0], 1e-6);
        Assert.Equal(0.8, grads[1], 1e-6);
        Assert.Equal(100f, grads[2]);
    }

    [Fact]
    public void NonFiniteNormIsReportedAndGradientsKept()
    {
        float[] grads = [1f, float.NaN, 2f];
        Assert.True(double.IsNaN(GradientClipping.ClipGlobalNorm(grads, 0.5)));
        Assert.Equal(1f, grads[0]);
        Assert.Equal(2f, grads[2]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void InvalidBoundIsRejected(double maxNorm)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGlobalNorm(new float[3], maxNorm));
        Assert.Contains("maxNorm", ex.Message);
    }
}
