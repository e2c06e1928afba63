using Proxima.Nn;

namespace Proxima.Tests.Nn;

public class FastMathTests
{
    private static long Ulps(float a, float b)
    {
        int ia = BitConverter.SingleToInt32Bits(a), ib = BitConverter.SingleToInt32Bits(b);
        if (ia < 0)
        {
            ia = int.MinValue - ia;
        }

        if (ib < 0)
        {
            ib = int.MinValue - ib;
        }

        return Math.Abs((long)ia - ib);
    }

    [Fact]
    public void TanhIsWithinAFewUlpOfMathTanhOverADenseRange()
    {
        // Every 37th float in [-10, 10] plus a dense uniform grid: vector lanes and the scalar tail both checked.
        var xs = new List<float>();
        for (int bits = 0; bits < BitConverter.SingleToInt32Bits(10f); bits += 37)
        {
            float v = BitConverter.Int32BitsToSingle(bits);
            xs.Add(v);
            xs.Add(-v);
        }

        for (int i = -200_000; i <= 200_000; i++)
        {
            xs.Add(i * 5e-5f);
        }

        var x = xs.ToArray();
        var y = new float[x.Length + 3];
        FastMath.Tanh(x, y);
        long worst = 0;
        double worstAbs = 0;
        for (int i = 0; i < x.Length; i++)
        {
            float expected = (float)Math.Tanh(x[i]);
            worst = Math.Max(worst, Ulps(y[i], expected));
            worstAbs = Math.Max(worstAbs, Math.Abs(y[i] - Math.Tanh(x[i])));
            Assert.Equal(BitConverter.SingleToInt32Bits(FastMath.Tanh(x[i])), BitConverter.SingleToInt32Bits(y[i]));
        }

        Assert.True(worst <= 8, $"max error {worst} ulp");
        Assert.True(worstAbs < 3e-7, $"max abs error {worstAbs}");
    }

    [Fact]
    public void TanhHandlesSpecialValues()
    {
        float[] x = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 1e-30f, 100f, -100f, 1f];
        var y = new float[x.Length];
        FastMath.Tanh(x, y);
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal(1f, y[1], 6);
        Assert.Equal(-1f, y[2], 6);
        Assert.Equal(0f, y[3]);
        Assert.Equal(1e-30f, y[5]);
        Assert.Equal(1f, y[6], 6);
        Assert.Equal(-1f, y[7], 6);
        Assert.True(float.IsNaN(FastMath.Tanh(float.NaN)));
        Assert.True(Math.Abs(y[8] - Math.Tanh(1)) < 1e-7);
    }

    [Fact]
    public void TanhBackwardIsGradTimesOneMinusYSquared()
    {
        var y = new float[19];
        var g = new float[19];
        var dx = new float[19];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = (float)Math.Tanh((i - 9) * 0.3);
            g[i] = 0.5f - (i * 0.1f);
        }

        FastMath.TanhBackward(y, g, dx);
        for (int i = 0; i < y.Length; i++)
        {
            Assert.Equal(g[i] * (1 - ((double)y[i] * y[i])), dx[i], 6);
        }
    }

    [Fact]
    public void SigmoidMatchesTheLogisticFunctionToFloatPrecision()
    {
        // Dense grid over the range gates see, vector lanes and scalar tail (odd length), aliasing input and output.
        var x = new float[400_003];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (i - 200_001) * 1e-4f;
        }

        var y = (float[])x.Clone();
        FastMath.Sigmoid(y, y);
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double exact = 1.0 / (1.0 + Math.Exp(-(double)x[i]));
            worst = Math.Max(worst, Math.Abs(y[i] - exact));
            Assert.InRange(y[i], 0f, 1f);
        }

        Assert.True(worst < 3e-7, $"worst absolute error {worst}");
        var special = new[] { 0f, 30f, -30f, float.PositiveInfinity, float.NegativeInfinity };
        var outSpecial = new float[special.Length];
        FastMath.Sigmoid(special, outSpecial);
        Assert.Equal(0.5f, outSpecial[0]);
        Assert.Equal(1f, outSpecial[1], 6);
        Assert.Equal(0f, outSpecial[2], 6);
        Assert.Equal(1f, outSpecial[3], 6);
        Assert.Equal(0f, outSpecial[4], 6);
    }
}
