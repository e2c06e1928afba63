using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Proxima.Nn;

namespace Proxima.Optim;

/// <summary>
/// Stochastic gradient descent with PyTorch's semantics (dampening 0):
/// <code>
/// d = g + wd·p
/// b = d on the first step, else μ·b + d          (only with momentum)
/// d = d + μ·b (Nesterov) or d = b                 (only with momentum)
/// p −= lr·d
/// </code>
/// State slot (with momentum only): <c>momentum_buffer</c>.
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Slot name of the momentum buffer.</summary>
    public const string MomentumBufferSlot = "momentum_buffer";

    private readonly float[]? _buffer;

    /// <summary>Creates an SGD optimizer.</summary>
    public Sgd(ParameterSet parameters, SgdOptions options)
        : base(parameters, options?.LearningRate ?? throw new ArgumentNullException(nameof(options)))
    {
        options.Validate();
        Options = options;
        _buffer = options.Momentum > 0 ? AddSlot(MomentumBufferSlot) : null;
    }

    /// <summary>The hyperparameters (the learning rate here is only the initial one).</summary>
    public SgdOptions Options { get; }

    /// <inheritdoc />
    protected override void Update(long step)
    {
        var o = Options;
        float negLr = (float)-LearningRate;
        float wd = (float)o.WeightDecay;
        if (_buffer is null)
        {
            Plain(Parameters.Values, Parameters.Grads, wd, negLr);
            return;
        }

        // PyTorch starts the buffer at d; clearing it makes μ·b + d with μ = 0 exactly that, whatever was imported.
        float mu = (float)o.Momentum;
        float bufferScale = mu;
        if (step == 1)
        {
            Array.Clear(_buffer);
            bufferScale = 0f;
        }

        Momentum(Parameters.Values, Parameters.Grads, _buffer, wd, bufferScale, mu, o.Nesterov, negLr);
    }

    private static void Plain(float[] values, float[] grads, float wd, float negLr)
    {
        int n = values.Length;
        ref float pr = ref MemoryMarshal.GetArrayDataReference(values);
        ref float gr = ref MemoryMarshal.GetArrayDataReference(grads);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var p = Vector512.LoadUnsafe(ref pr, (nuint)i);
                var d = Vector512.LoadUnsafe(ref gr, (nuint)i) + (Vector512.Create(wd) * p);
                (p + (Vector512.Create(negLr) * d)).StoreUnsafe(ref pr, (nuint)i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var p = Vector256.LoadUnsafe(ref pr, (nuint)i);
                var d = Vector256.LoadUnsafe(ref gr, (nuint)i) + (Vector256.Create(wd) * p);
                (p + (Vector256.Create(negLr) * d)).StoreUnsafe(ref pr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float p = values[i];
            float d = grads[i] + (wd * p);
            values[i] = p + (negLr * d);
        }
    }

    private static void Momentum(float[] values, float[] grads, float[] buffer, float wd, float bufferScale, float mu, bool nesterov, float negLr)
    {
        int n = values.Length;
        ref float pr = ref MemoryMarshal.GetArrayDataReference(values);
        ref float gr = ref MemoryMarshal.GetArrayDataReference(grads);
        ref float br = ref MemoryMarshal.GetArrayDataReference(buffer);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var p = Vector512.LoadUnsafe(ref pr, (nuint)i);
                var d = Vector512.LoadUnsafe(ref gr, (nuint)i) + (Vector512.Create(wd) * p);
                var b = (Vector512.LoadUnsafe(ref br, (nuint)i) * Vector512.Create(bufferScale)) + d;
                var dir = nesterov ? d + (Vector512.Create(mu) * b) : b;
                b.StoreUnsafe(ref br, (nuint)i);
                (p + (Vector512.Create(negLr) * dir)).StoreUnsafe(ref pr, (nuint)i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var p = Vector256.LoadUnsafe(ref pr, (nuint)i);
                var d = Vector256.LoadUnsafe(ref gr, (nuint)i) + (Vector256.Create(wd) * p);
                var b = (Vector256.LoadUnsafe(ref br, (nuint)i) * Vector256.Create(bufferScale)) + d;
                var dir = nesterov ? d + (Vector256.Create(mu) * b) : b;
                b.StoreUnsafe(ref br, (nuint)i);
                (p + (Vector256.Create(negLr) * dir)).StoreUnsafe(ref pr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float p = values[i];
            float d = grads[i] + (wd * p);
            float b = (buffer[i] * bufferScale) + d;
            float dir = nesterov ? d + (mu * b) : b;
            buffer[i] = b;
            values[i] = p + (negLr * dir);
        }
    }
}
