using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Tests.Nn;

/// <summary>Helpers shared by the neural-network tests: random fills and finite-difference gradient checks.</summary>
internal static class NnTestUtil
{
    /// <summary>A [rows, cols] tensor of Gaussian values with the given scale.</summary>
    public static Tensor Random(Pcg64 rng, int rows, int cols, double scale = 1.0)
    {
        var t = new Tensor(rows, cols);
        Fill(t.Span, rng, scale);
        return t;
    }

    /// <summary>Fills <paramref name="x"/> with Gaussian values of the given scale.</summary>
    public static void Fill(Span<float> x, Pcg64 rng, double scale = 1.0)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(scale * rng.NextGaussian());
        }
    }

    /// <summary>Σ r·y in double precision.</summary>
    public static double Dot(ReadOnlySpan<float> r, ReadOnlySpan<float> y)
    {
        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            s += (double)r[i] * y[i];
        }

        return s;
    }

    /// <summary>
    /// Checks the input gradient and every parameter gradient of <paramref name="module"/> at <paramref name="input"/>
    /// against central differences of the scalar loss L = Σ r·y for a random r.
    /// </summary>
    public static void CheckGradients(Module module, Tensor input, Pcg64 rng, float eps = 1e-2f, double absTol = 2e-3, double relTol = 1e-2)
    {
        var y = module.Forward(input);
        var r = Random(rng, y.Rows, y.RowSize);
        foreach (var (_, p) in module.NamedParameters())
        {
            p.Grad.Clear();
        }

        var gradIn = module.Backward(r).Span.ToArray();
        var named = module.NamedParameters().ToList();
        var gradParams = named.Select(x => x.Parameter.Grad.ToArray()).ToList();

        double Loss() => Dot(r.Span, module.Forward(input).Span);

        var x = input.Span;
        for (int i = 0; i < x.Length; i++)
        {
            double numeric = Central(x, i, eps, Loss);
            AssertClose(numeric, gradIn[i], absTol, relTol, $"input[{i}]");
        }

        for (int k = 0; k < named.Count; k++)
        {
            var (name, p) = named[k];
            for (int i = 0; i < p.Length; i++)
            {
                double numeric = Central(p.Value, i, eps, Loss);
                AssertClose(numeric, gradParams[k][i], absTol, relTol, $"{name}[{i}]");
            }
        }
    }

    /// <summary>Central difference of <paramref name="loss"/> with respect to <c>x[i]</c> (restores x[i]).</summary>
    public static double Central(Span<float> x, int i, float eps, Func<double> loss)
    {
        float saved = x[i];
        x[i] = saved + eps;
        double plus = loss();
        x[i] = saved - eps;
        double minus = loss();
        x[i] = saved;
        return (plus - minus) / ((double)(saved + eps) - (saved - eps));
    }

    /// <summary>Asserts |expected − actual| ≤ absTol + relTol·|expected|.</summary>
    public static void AssertClose(double expected, double actual, double absTol, double relTol, string what)
    {
        double tol = absTol + (relTol * Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tol, $"{what}: expected {expected:G9}, got {actual:G9} (tol {tol:G3})");
    }
}
