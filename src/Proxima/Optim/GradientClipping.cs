using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Proxima.Nn;

namespace Proxima.Optim;

/// <summary>
/// Global-norm gradient clipping with PyTorch's <c>clip_grad_norm_</c> semantics: the L2 norm over all gradients
/// together is computed, and when <c>maxNorm / (norm + 1e-6) &lt; 1</c> (i.e. the norm exceeds the bound) every
/// gradient is multiplied by that factor, so the clipped norm is the bound up to the 1e-6 guard.
/// </summary>
public static class GradientClipping
{
    /// <summary>The guard PyTorch adds to the norm before dividing.</summary>
    public const double NormEpsilon = 1e-6;

    /// <summary>Clips all gradients of <paramref name="parameters"/> together; returns the norm before clipping.</summary>
    public static double ClipGlobalNorm(ParameterSet parameters, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return ClipGlobalNorm(parameters.Grads, maxNorm);
    }

    /// <summary>
    /// Clips <paramref name="grads"/> to global L2 norm <paramref name="maxNorm"/>; returns the norm before clipping.
    /// A non-finite norm (a NaN or infinite gradient) is returned unchanged and the gradients are left alone, so
    /// the caller can detect it and skip the update instead of writing NaNs or zeros into every gradient.
    /// </summary>
    public static double ClipGlobalNorm(Span<float> grads, double maxNorm)
    {
        if (!(maxNorm > 0) || !double.IsFinite(maxNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be a finite number > 0, e.g. 0.5 (PPO's max_grad_norm).");
        }

        double norm = Math.Sqrt(SumOfSquares(grads));
        double scale = maxNorm / (norm + NormEpsilon);
        if (double.IsFinite(norm) && scale < 1)
        {
            TensorPrimitives.Multiply(grads, (float)scale, grads);
        }

        return norm;
    }

    /// <summary>Σ x² accumulated in double, so millions of small squares do not lose their low bits in float.</summary>
    internal static double SumOfSquares(ReadOnlySpan<float> x)
    {
        int n = x.Length;
        ref float r = ref MemoryMarshal.GetReference(x);
        double sum = 0;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            var acc = Vector512<double>.Zero;
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var (lo, hi) = Vector512.Widen(Vector512.LoadUnsafe(ref r, (nuint)i));
                acc += (lo * lo) + (hi * hi);
            }

            sum += Vector512.Sum(acc);
        }

        if (Vector256.IsHardwareAccelerated && n - i >= Vector256<float>.Count)
        {
            var acc = Vector256<double>.Zero;
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref r, (nuint)i));
                acc += (lo * lo) + (hi * hi);
            }

            sum += Vector256.Sum(acc);
        }

        for (; i < n; i++)
        {
            double v = x[i];
            sum += v * v;
        }

        return sum;
    }
}
