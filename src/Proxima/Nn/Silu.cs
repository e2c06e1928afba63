using System.Numerics.Tensors;

namespace Proxima.Nn;

/// <summary>
/// Element-wise x·σ(x). Forward keeps σ(x); backward uses it with the saved input:
/// dy/dx = σ(x)·(1 + x·(1 − σ(x))).
/// </summary>
public sealed class Silu(int size) : ElementwiseActivation(size)
{
    private readonly Tensor _sigmoid = new(0, size);

    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        var s = _sigmoid.SetRows(x.Length / InputSize).Span;
        TensorPrimitives.Sigmoid(x, s);
        TensorPrimitives.Multiply(x, s, y);
    }

    /// <inheritdoc />
    protected override void Derivative(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx)
    {
        var s = _sigmoid.Span;
        for (int i = 0; i < dx.Length; i++)
        {
            float si = s[i];
            dx[i] = g[i] * si * (1f + (x[i] * (1f - si)));
        }
    }
}
