using Proxima.Random;

namespace Proxima.Nn;

/// <summary>
/// Weight initializers following <c>torch.nn.init</c>. Matrices are shaped [out, in] (<see cref="Parameter.Shape"/>);
/// trailing dimensions beyond the second count as a receptive field, as in PyTorch.
/// </summary>
public static class Init
{
    /// <summary>
    /// (Semi-)orthogonal init as <c>torch.nn.init.orthogonal_</c>: a Gaussian [rows, cols] matrix (transposed when
    /// rows &lt; cols) is QR-factorized in double precision, Q's columns are sign-corrected by diag(R), transposed
    /// back and scaled by <paramref name="gain"/>. Rows (or columns, whichever are fewer) come out orthonormal·gain.
    /// </summary>
    public static void Orthogonal(Parameter weight, double gain, Pcg64 rng)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(rng);
        if (weight.Shape.Length < 2)
        {
            throw new ArgumentException($"Orthogonal init needs at least 2 dimensions, got {weight.Shape.Length}.", nameof(weight));
        }

        int rows = weight.Shape[0];
        int cols = weight.Length / Math.Max(rows, 1);
        if (rows == 0 || cols == 0)
        {
            return;
        }

        var flat = new double[rows * cols];
        for (int i = 0; i < flat.Length; i++)
        {
            flat[i] = rng.NextGaussian();
        }

        bool transpose = rows < cols;
        int m = transpose ? cols : rows;
        int n = transpose ? rows : cols;
        var a = new double[m * n];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                if (transpose)
                {
                    a[(j * n) + i] = flat[(i * cols) + j];
                }
                else
                {
                    a[(i * n) + j] = flat[(i * cols) + j];
                }
            }
        }

        var q = HouseholderQ(a, m, n, out var rDiag);
        var w = weight.Value;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sign = rDiag[j] < 0 ? -1.0 : 1.0;
                float v = (float)(gain * sign * q[(i * n) + j]);
                if (transpose)
                {
                    w[(j * cols) + i] = v;
                }
                else
                {
                    w[(i * cols) + j] = v;
                }
            }
        }
    }

    /// <summary>Glorot uniform: U(−b, b) with b = gain·sqrt(6 / (fan_in + fan_out)).</summary>
    public static void XavierUniform(Parameter weight, double gain, Pcg64 rng)
    {
        var (fanIn, fanOut) = Fans(weight);
        double bound = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
        Uniform(weight, -bound, bound, rng);
    }

    /// <summary>
    /// PyTorch's default <c>nn.Linear</c> weight init (<c>kaiming_uniform_</c> with a = √5): U(−b, b) with b = 1/sqrt(fan_in).
    /// </summary>
    public static void KaimingUniform(Parameter weight, Pcg64 rng)
    {
        var (fanIn, _) = Fans(weight);
        double bound = 1.0 / Math.Sqrt(fanIn);
        Uniform(weight, -bound, bound, rng);
    }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public static void Constant(Parameter parameter, float value)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        parameter.Value.Fill(value);
    }

    /// <summary>Draws every element from U(<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static void Uniform(Parameter parameter, double low, double high, Pcg64 rng)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(rng);
        var v = parameter.Value;
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (float)rng.Uniform(low, high);
        }
    }

    private static (int FanIn, int FanOut) Fans(Parameter weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Shape.Length < 2)
        {
            throw new ArgumentException($"Fan in/out need at least 2 dimensions, got {weight.Shape.Length}.", nameof(weight));
        }

        int receptive = 1;
        for (int i = 2; i < weight.Shape.Length; i++)
        {
            receptive *= weight.Shape[i];
        }

        return (weight.Shape[1] * receptive, weight.Shape[0] * receptive);
    }

    /// <summary>Thin Q [m, n] (m ≥ n) of a row-major matrix via Householder reflections; also returns diag(R).</summary>
    private static double[] HouseholderQ(double[] a, int m, int n, out double[] rDiag)
    {
        var vs = new double[n][];
        rDiag = new double[n];
        for (int k = 0; k < n; k++)
        {
            int len = m - k;
            var v = new double[len];
            double norm2 = 0;
            for (int i = 0; i < len; i++)
            {
                v[i] = a[((k + i) * n) + k];
                norm2 += v[i] * v[i];
            }

            double norm = Math.Sqrt(norm2);
            double alpha = v[0] >= 0 ? -norm : norm;
            rDiag[k] = alpha;
            v[0] -= alpha;
            double vNorm2 = 0;
            for (int i = 0; i < len; i++)
            {
                vNorm2 += v[i] * v[i];
            }

            if (vNorm2 > 0)
            {
                ApplyReflector(a, v, vNorm2, k, m, n, k);
            }

            vs[k] = v;
        }

        var q = new double[m * n];
        for (int j = 0; j < n; j++)
        {
            q[(j * n) + j] = 1.0;
        }

        for (int k = n - 1; k >= 0; k--)
        {
            var v = vs[k];
            double vNorm2 = 0;
            foreach (double e in v)
            {
                vNorm2 += e * e;
            }

            if (vNorm2 > 0)
            {
                ApplyReflector(q, v, vNorm2, k, m, n, 0);
            }
        }

        return q;
    }

    /// <summary>Applies (I − 2vvᵀ/vᵀv) to rows k.. of columns firstCol.. of a row-major [m, n] matrix.</summary>
    private static void ApplyReflector(double[] x, double[] v, double vNorm2, int k, int m, int n, int firstCol)
    {
        for (int j = firstCol; j < n; j++)
        {
            double s = 0;
            for (int i = k; i < m; i++)
            {
                s += v[i - k] * x[(i * n) + j];
            }

            double f = 2.0 * s / vNorm2;
            for (int i = k; i < m; i++)
            {
                x[(i * n) + j] -= f * v[i - k];
            }
        }
    }
}
