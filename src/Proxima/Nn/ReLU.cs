using System.Numerics.Tensors;

namespace Proxima.Nn;

/// <summary>Element-wise max(x, 0); backward passes the gradient where the saved output is positive.</summary>
public sealed class ReLU(int size) : ElementwiseActivation(size)
{
    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Max(x, 0f, y);

    /// <inheritdoc />
    protected override void Derivative(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++)
        {
            dx[i] = y[i] > 0f ? g[i] : 0f;
        }
    }
}
