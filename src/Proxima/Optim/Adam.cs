using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Proxima.Nn;

namespace Proxima.Optim;

/// <summary>
/// Adam with PyTorch's update rule, step t = <see cref="Optimizer.StepCount"/>:
/// <code>
/// g  = grad (+ wd·p for the L2 form)          p *= 1 − lr·wd   (decoupled form, before the update)
/// m  = β1·m + (1 − β1)·g                       v = β2·v + (1 − β2)·g²
/// p −= lr / (1 − β1^t) · m / (sqrt(v) / sqrt(1 − β2^t) + ε)
/// </code>
/// Scalars are computed in double and rounded to float once per step; the per-element arithmetic is float32 in
/// PyTorch's operation order, so vector lanes and the scalar tail give identical results.
/// State slots: <c>exp_avg</c> (m) and <c>exp_avg_sq</c> (v).
/// </summary>
public class Adam : Optimizer
{
    /// <summary>Slot name of the first-moment average.</summary>
    public const string ExpAvgSlot = "exp_avg";

    /// <summary>Slot name of the second-moment average.</summary>
    public const string ExpAvgSqSlot = "exp_avg_sq";

    private readonly float[] _m;
    private readonly float[] _v;

    /// <summary>Creates an Adam optimizer; <paramref name="options"/> defaults to PyTorch's defaults.</summary>
    public Adam(ParameterSet parameters, AdamOptions? options = null)
        : base(parameters, (options ?? new AdamOptions()).LearningRate)
    {
        Options = options ?? new AdamOptions();
        Options.Validate();
        _m = AddSlot(ExpAvgSlot);
        _v = AddSlot(ExpAvgSqSlot);
    }

    /// <summary>The hyperparameters (the learning rate here is only the initial one).</summary>
    public AdamOptions Options { get; }

    /// <inheritdoc />
    protected override void Update(long step)
    {
        var o = Options;
        double lr = LearningRate;
        float stepSize = (float)(lr / (1 - Math.Pow(o.Beta1, step)));
        float sqrtBc2 = (float)Math.Sqrt(1 - Math.Pow(o.Beta2, step));

        // Folding both weight-decay forms into always-applied terms keeps a single loop: adding 0·p to g and
        // multiplying p by 1 are exact for finite values.
        float l2 = o.Decoupled ? 0f : (float)o.WeightDecay;
        float decay = o.Decoupled ? (float)(1 - (lr * o.WeightDecay)) : 1f;
        Kernel(
            Parameters.Values, Parameters.Grads, _m, _v, l2, decay, (float)(1 - o.Beta1), (float)o.Beta2, (float)(1 - o.Beta2),
            sqrtBc2, (float)o.Epsilon, -stepSize);
    }

    private static void Kernel(
        float[] values, float[] grads, float[] ms, float[] vs, float l2, float decay, float c1, float b2, float c2, float sqrtBc2, float eps, float negStep)
    {
        int n = values.Length;
        ref float pr = ref MemoryMarshal.GetArrayDataReference(values);
        ref float gr = ref MemoryMarshal.GetArrayDataReference(grads);
        ref float mr = ref MemoryMarshal.GetArrayDataReference(ms);
        ref float vr = ref MemoryMarshal.GetArrayDataReference(vs);
        int i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var p = Vector512.LoadUnsafe(ref pr, (nuint)i);
                var g = Vector512.LoadUnsafe(ref gr, (nuint)i) + (Vector512.Create(l2) * p);
                p *= Vector512.Create(decay);

                // m as PyTorch's lerp(m, g, 1 − β1); v as mul then addcmul; p as addcdiv.
                var m = Vector512.LoadUnsafe(ref mr, (nuint)i);
                m += Vector512.Create(c1) * (g - m);
                var v = (Vector512.LoadUnsafe(ref vr, (nuint)i) * Vector512.Create(b2)) + (Vector512.Create(c2) * g * g);
                var denom = (Vector512.Sqrt(v) / Vector512.Create(sqrtBc2)) + Vector512.Create(eps);
                p += Vector512.Create(negStep) * m / denom;
                m.StoreUnsafe(ref mr, (nuint)i);
                v.StoreUnsafe(ref vr, (nuint)i);
                p.StoreUnsafe(ref pr, (nuint)i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var p = Vector256.LoadUnsafe(ref pr, (nuint)i);
                var g = Vector256.LoadUnsafe(ref gr, (nuint)i) + (Vector256.Create(l2) * p);
                p *= Vector256.Create(decay);
                var m = Vector256.LoadUnsafe(ref mr, (nuint)i);
                m += Vector256.Create(c1) * (g - m);
                var v = (Vector256.LoadUnsafe(ref vr, (nuint)i) * Vector256.Create(b2)) + (Vector256.Create(c2) * g * g);
                var denom = (Vector256.Sqrt(v) / Vector256.Create(sqrtBc2)) + Vector256.Create(eps);
                p += Vector256.Create(negStep) * m / denom;
                m.StoreUnsafe(ref mr, (nuint)i);
                v.StoreUnsafe(ref vr, (nuint)i);
                p.StoreUnsafe(ref pr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float p = values[i];
            float g = grads[i] + (l2 * p);
            p *= decay;
            float m = ms[i];
            m += c1 * (g - m);
            float v = (vs[i] * b2) + (c2 * g * g);
            float denom = (MathF.Sqrt(v) / sqrtBc2) + eps;
            p += negStep * m / denom;
            ms[i] = m;
            vs[i] = v;
            values[i] = p;
        }
    }
}
