using Proxima.Distributions;
using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Tests.Distributions;

/// <summary>Builders and a finite-difference gradient checker shared by the action-head tests.</summary>
internal static class HeadTestUtil
{
    /// <summary>Fills every parameter of <paramref name="head"/> with N(0, scale²) values (heads start at zero).</summary>
    public static void FillParameters(ActionHead head, Pcg64 rng, double scale)
    {
        foreach (var (_, p) in head.NamedParameters())
        {
            var v = p.Value;
            for (int i = 0; i < v.Length; i++)
            {
                v[i] = (float)(scale * rng.NextGaussian());
            }
        }
    }

    public static Tensor Latent(int rows, int size, Pcg64 rng, double scale = 1.0)
    {
        var t = new Tensor(rows, size);
        var s = t.Span;
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = (float)(scale * rng.NextGaussian());
        }

        return t;
    }

    public static float[] Gaussians(int n, Pcg64 rng)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)rng.NextGaussian();
        }

        return x;
    }

    /// <summary>Σ a_i·logp_i + b_i·H_i after a fresh Forward, accumulated in double.</summary>
    public static double Loss(ActionHead head, Tensor latent, bool[]? masks, float[] actions, float[] a, float[] b)
    {
        int rows = latent.Rows;
        head.Forward(latent, masks);
        var lp = new float[rows];
        var ent = new float[rows];
        head.LogProb(actions, lp);
        head.Entropy(ent);
        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            loss += ((double)a[r] * lp[r]) + ((double)b[r] * ent[r]);
        }

        return loss;
    }

    /// <summary>
    /// Compares Backward's parameter and latent gradients with central differences of <see cref="Loss"/> for random
    /// coefficients a, b. Float32 forward passes make the difference quotient noisy at the 1e-4 level, which the
    /// tolerance absorbs; sign or factor mistakes are orders of magnitude larger. Returns the largest gradient seen so
    /// callers can make sure the check was not vacuous.
    /// </summary>
    public static double CheckGradients(
        ActionHead head, Tensor latent, bool[]? masks, float[] actions, Pcg64 rng, double eps = 1e-3, double atol = 2e-3, double rtol = 1e-2, bool checkLatent = true)
    {
        int rows = latent.Rows;
        var a = Gaussians(rows, rng);
        var b = Gaussians(rows, rng);
        var parameters = head.NamedParameters().ToArray();
        foreach (var (_, p) in parameters)
        {
            p.Grad.Clear();
        }

        head.Forward(latent, masks);
        var lp = new float[rows];
        head.LogProb(actions, lp);
        var dLatent = head.Backward(actions, a, b);
        Assert.Equal(rows, dLatent.Rows);
        Assert.Equal(head.LatentSize, dLatent.RowSize);
        var analyticLatent = dLatent.Span.ToArray();
        var analyticParams = parameters.Select(p => p.Parameter.Grad.ToArray()).ToArray();

        double largest = 0;
        void Compare(string what, double analytic, double numeric)
        {
            largest = Math.Max(largest, Math.Abs(analytic));
            double tol = atol + (rtol * Math.Max(Math.Abs(analytic), Math.Abs(numeric)));
            Assert.True(
                Math.Abs(analytic - numeric) <= tol,
                $"{head.Describe()} {what}: analytic {analytic:G6} vs numeric {numeric:G6}");
        }

        double Numeric(Span<float> values, int i)
        {
            float x = values[i];
            float plus = (float)(x + eps), minus = (float)(x - eps);
            values[i] = plus;
            double lossPlus = Loss(head, latent, masks, actions, a, b);
            values[i] = minus;
            double lossMinus = Loss(head, latent, masks, actions, a, b);
            values[i] = x;
            return (lossPlus - lossMinus) / ((double)plus - minus);
        }

        for (int pi = 0; pi < parameters.Length; pi++)
        {
            var (name, p) = parameters[pi];
            for (int i = 0; i < p.Length; i++)
            {
                Compare($"d/d{name}[{i}]", analyticParams[pi][i], Numeric(p.Value, i));
            }
        }

        for (int i = 0; checkLatent && i < analyticLatent.Length; i++)
        {
            Compare($"d/dlatent[{i}]", analyticLatent[i], Numeric(latent.Span, i));
        }

        return largest;
    }

    /// <summary>Bytes allocated on this thread by <paramref name="action"/>.</summary>
    public static long Allocated(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
