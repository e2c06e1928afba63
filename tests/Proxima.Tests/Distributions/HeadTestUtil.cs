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

    /// <summary>Forward on <paramref name="latent"/> (and <paramref name="masks"/>), then one sampled action row per latent row.</summary>
    public static float[] SampleActions(ActionHead head, Tensor latent, Pcg64 rng, bool[]? masks = null)
    {
        head.Forward(latent, masks);
        var actions = new float[latent.Rows * head.ActionSize];
        head.Sample(rng, actions);
        return actions;
    }

    /// <summary>Log-probabilities of <paramref name="actions"/> and entropies under the last Forward, one per row.</summary>
    public static (float[] LogProb, float[] Entropy) Score(ActionHead head, float[] actions)
    {
        int rows = actions.Length / head.ActionSize;
        var lp = new float[rows];
        var ent = new float[rows];
        head.LogProb(actions, lp);
        head.Entropy(ent);
        return (lp, ent);
    }

    /// <summary>
    /// Runs the steady-state calls (ResetNoise when <paramref name="resetNoise"/>, Forward, Sample, LogProb, Entropy,
    /// Mode, Backward) over each of <paramref name="latents"/> in turn, once to warm up, then asserts that a second
    /// pass allocates nothing. Buffers are sized for the largest batch and sliced for smaller ones; so are
    /// <paramref name="masks"/>, which cover the largest batch.
    /// </summary>
    public static void AssertSteadyStateAllocatesNothing(ActionHead head, Pcg64 rng, bool[]? masks, bool resetNoise, params Tensor[] latents)
    {
        int maxRows = latents.Max(l => l.Rows);
        var actions = new float[maxRows * head.ActionSize];
        var lp = new float[maxRows];
        var ent = new float[maxRows];

        void Run(Tensor latent)
        {
            int n = latent.Rows;
            int a = n * head.ActionSize;
            if (resetNoise)
            {
                head.ResetNoise(rng, n);
            }

            head.Forward(latent, masks is null ? default : masks.AsSpan(0, n * head.ActionMaskSize));
            head.Sample(rng, actions.AsSpan(0, a));
            head.LogProb(actions.AsSpan(0, a), lp.AsSpan(0, n));
            head.Entropy(ent.AsSpan(0, n));
            head.Mode(actions.AsSpan(0, a));
            head.Backward(actions.AsSpan(0, a), lp.AsSpan(0, n), ent.AsSpan(0, n));
        }

        void RunAll()
        {
            foreach (var latent in latents)
            {
                Run(latent);
            }
        }

        RunAll();
        Assert.Equal(0, Allocated(RunAll));
    }

    /// <summary>Bytes allocated on this thread by <paramref name="action"/>.</summary>
    public static long Allocated(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
