using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Tests.Nn;

public class InitTests
{
    [Theory]
    [InlineData(64, 4, 1.0)]
    [InlineData(4, 64, 1.4142135623730951)]
    [InlineData(17, 17, 0.01)]
    [InlineData(1, 5, 1.0)]
    public void OrthogonalHasOrthonormalRowsOrColumns(int rows, int cols, double gain)
    {
        var w = new Parameter("weight", rows, cols);
        Init.Orthogonal(w, gain, new Pcg64(10));
        var v = w.Value;

        // Gram matrix of the shorter side: columns when rows ≥ cols (WᵀW), rows otherwise (WWᵀ).
        bool columns = rows >= cols;
        int k = columns ? cols : rows;
        int len = columns ? rows : cols;
        for (int a = 0; a < k; a++)
        {
            for (int b = 0; b < k; b++)
            {
                double dot = 0;
                for (int t = 0; t < len; t++)
                {
                    double x = columns ? v[(t * cols) + a] : v[(a * cols) + t];
                    double y = columns ? v[(t * cols) + b] : v[(b * cols) + t];
                    dot += x * y;
                }

                double expected = a == b ? gain * gain : 0.0;
                Assert.True(Math.Abs(dot - expected) < 1e-5 * Math.Max(1.0, gain * gain), $"gram[{a},{b}] = {dot}, expected {expected}");
            }
        }
    }

    [Fact]
    public void OrthogonalIsDeterministicAndSeedDependent()
    {
        var a = new Parameter("w", 8, 8);
        var b = new Parameter("w", 8, 8);
        var c = new Parameter("w", 8, 8);
        Init.Orthogonal(a, 1, new Pcg64(11));
        Init.Orthogonal(b, 1, new Pcg64(11));
        Init.Orthogonal(c, 1, new Pcg64(12));
        Assert.Equal(a.Value.ToArray(), b.Value.ToArray());
        Assert.NotEqual(a.Value.ToArray(), c.Value.ToArray());
    }

    [Fact]
    public void OrthogonalMatchesSignCorrectedQrOfTheGaussianDraw()
    {
        // For a square matrix, W = Q·diag(sign(diag R)) is the unique orthogonal factor with positive diag(R), so
        // R' = Wᵀ·G must be upper triangular with a positive diagonal, where G is the same Gaussian draw.
        const int n = 6;
        var w = new Parameter("w", n, n);
        Init.Orthogonal(w, 1, new Pcg64(13));
        var rng = new Pcg64(13);
        var g = new double[n * n];
        for (int i = 0; i < g.Length; i++)
        {
            g[i] = rng.NextGaussian();
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double r = 0;
                for (int t = 0; t < n; t++)
                {
                    r += w.Value[(t * n) + i] * g[(t * n) + j];
                }

                if (i > j)
                {
                    Assert.True(Math.Abs(r) < 1e-5, $"R[{i},{j}] = {r}");
                }
                else if (i == j)
                {
                    Assert.True(r > 0, $"R[{i},{i}] = {r}");
                }
            }
        }
    }

    [Fact]
    public void KaimingUniformUsesOneOverSqrtFanIn()
    {
        var w = new Parameter("w", 200, 25);
        Init.KaimingUniform(w, new Pcg64(14));
        var v = w.Value.ToArray();
        Assert.All(v, x => Assert.InRange(x, -0.2f, 0.2f));
        Assert.True(v.Max() > 0.19f && v.Min() < -0.19f);
        Assert.Equal(0.2 * 0.2 / 3, v.Select(x => (double)x * x).Average(), 3);
    }

    [Fact]
    public void XavierUniformUsesFanInPlusFanOut()
    {
        var w = new Parameter("w", 30, 20);
        Init.XavierUniform(w, 2.0, new Pcg64(15));
        double bound = 2.0 * Math.Sqrt(6.0 / 50.0);
        var v = w.Value.ToArray();
        Assert.All(v, x => Assert.InRange(x, -bound, bound));
        Assert.True(v.Max() > 0.95 * bound && v.Min() < -0.95 * bound);
    }

    [Fact]
    public void ConstantAndUniform()
    {
        var p = new Parameter("b", 1000);
        Init.Constant(p, 0.25f);
        Assert.All(p.Value.ToArray(), x => Assert.Equal(0.25f, x));
        Init.Uniform(p, 2, 3, new Pcg64(16));
        var v = p.Value.ToArray();
        Assert.All(v, x => Assert.InRange(x, 2f, 3f));
        Assert.Equal(2.5, v.Average(), 1);
    }

    [Fact]
    public void MatrixInitsRejectVectors()
    {
        var p = new Parameter("b", 5);
        Assert.Throws<ArgumentException>(() => Init.Orthogonal(p, 1, new Pcg64(1)));
        Assert.Throws<ArgumentException>(() => Init.KaimingUniform(p, new Pcg64(1)));
    }
}
