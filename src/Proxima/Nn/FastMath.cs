using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Proxima.Nn;

/// <summary>
/// Fused, deterministic single-pass element-wise kernels for the activations on the training hot path.
/// <para>
/// <see cref="Tanh(ReadOnlySpan{float}, Span{float})"/> is a [13/6] odd/even rational minimax approximation on
/// |x| ≤ 7.9053 (beyond which float tanh rounds to ±1), the form Eigen and XNNPACK use: nine fused multiply-adds and one
/// division per element, max error a few ulp against <see cref="Math.Tanh(double)"/>. Vector lanes and the scalar tail
/// run the same fused operations in the same order, so a value's result does not depend on its position. NaN
/// propagates; ±∞ gives ±1.
/// </para>
/// </summary>
internal static class FastMath
{
    private const float Clamp = 7.90531110763549805f;
    private const float Tiny = 0.0004f;
    private const float A1 = 4.89352455891786e-03f;
    private const float A3 = 6.37261928875436e-04f;
    private const float A5 = 1.48572235717979e-05f;
    private const float A7 = 5.12229709037114e-08f;
    private const float A9 = -8.60467152213735e-11f;
    private const float A11 = 2.00018790482477e-13f;
    private const float A13 = -2.76076847742355e-16f;
    private const float B0 = 4.89352518554385e-03f;
    private const float B2 = 2.26843463243900e-03f;
    private const float B4 = 1.18534705686654e-04f;
    private const float B6 = 1.19825839466702e-06f;

    /// <summary>y = tanh(x) element-wise; <paramref name="y"/> may alias <paramref name="x"/>.</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length < x.Length)
        {
            throw new ArgumentException("Destination too short.", nameof(y));
        }

        int n = x.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Tanh(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref yr, i) = Tanh(Unsafe.Add(ref xr, i));
        }
    }

    /// <summary>
    /// y = σ(x) = ½ + ½·tanh(x/2) element-wise, with the same fast tanh (so the logistic's error is at most half of
    /// tanh's); <paramref name="y"/> may alias <paramref name="x"/>.
    /// </summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length < x.Length)
        {
            throw new ArgumentException("Destination too short.", nameof(y));
        }

        int n = x.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Sigmoid(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref yr, i) = Sigmoid(Unsafe.Add(ref xr, i));
        }
    }

    /// <summary>Scalar logistic σ(x) = ½ + ½·tanh(x/2) with exactly the vector lanes' operations.</summary>
    public static float Sigmoid(float x) => MathF.FusedMultiplyAdd(Tanh(x * 0.5f), 0.5f, 0.5f);

    /// <summary>Eight logistic values at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x)
    {
        var half = Vector256.Create(0.5f);
        return Vector256.FusedMultiplyAdd(Tanh(x * half), half, half);
    }

    /// <summary>dx = g·(1 − y²) element-wise from the saved output y, in one pass.</summary>
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx)
    {
        int n = y.Length;
        if (g.Length < n || dx.Length < n)
        {
            throw new ArgumentException("Spans too short for the tanh backward pass.");
        }

        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float dr = ref MemoryMarshal.GetReference(dx);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref yr, (nuint)i);
                var d = Vector256.FusedMultiplyAdd(-v, v, one);
                (Vector256.LoadUnsafe(ref gr, (nuint)i) * d).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref yr, i);
            Unsafe.Add(ref dr, i) = Unsafe.Add(ref gr, i) * MathF.FusedMultiplyAdd(-v, v, 1f);
        }
    }

    /// <summary>Scalar tanh with exactly the vector lanes' operations.</summary>
    public static float Tanh(float a)
    {
        // Written so NaN falls through the clamp (comparisons with NaN are false) and propagates.
        float x = a > Clamp ? Clamp : a < -Clamp ? -Clamp : a;
        float x2 = x * x;
        float p = MathF.FusedMultiplyAdd(x2, A13, A11);
        p = MathF.FusedMultiplyAdd(x2, p, A9);
        p = MathF.FusedMultiplyAdd(x2, p, A7);
        p = MathF.FusedMultiplyAdd(x2, p, A5);
        p = MathF.FusedMultiplyAdd(x2, p, A3);
        p = MathF.FusedMultiplyAdd(x2, p, A1);
        p *= x;
        float q = MathF.FusedMultiplyAdd(x2, B6, B4);
        q = MathF.FusedMultiplyAdd(x2, q, B2);
        q = MathF.FusedMultiplyAdd(x2, q, B0);
        return MathF.Abs(a) < Tiny ? a : p / q;
    }

    /// <summary>Eight tanh values at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> a)
    {
        // ConditionalSelect on explicit masks keeps NaN lanes (every comparison false) as they are.
        var hi = Vector256.Create(Clamp);
        var x = Vector256.ConditionalSelect(Vector256.GreaterThan(a, hi), hi, a);
        x = Vector256.ConditionalSelect(Vector256.LessThan(x, -hi), -hi, x);
        var x2 = x * x;
        var p = Vector256.FusedMultiplyAdd(x2, Vector256.Create(A13), Vector256.Create(A11));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(A9));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(A7));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(A5));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(A3));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(A1));
        p *= x;
        var q = Vector256.FusedMultiplyAdd(x2, Vector256.Create(B6), Vector256.Create(B4));
        q = Vector256.FusedMultiplyAdd(x2, q, Vector256.Create(B2));
        q = Vector256.FusedMultiplyAdd(x2, q, Vector256.Create(B0));
        return Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(a), Vector256.Create(Tiny)), a, p / q);
    }
}
