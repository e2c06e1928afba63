namespace Proxima.Nn;

/// <summary>
/// Element-wise exponential linear unit with alpha = 1: x for x &gt; 0, else exp(x) − 1.
/// Backward uses the saved input and output (derivative 1, or y + 1 on the negative side).
/// </summary>
public sealed class Elu(int size) : ElementwiseActivation(size)
{
    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            float v = x[i];
            y[i] = v > 0f ? v : MathF.Exp(v) - 1f;
        }
    }

    /// <inheritdoc />
    protected override void Derivative(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++)
        {
            dx[i] = x[i] > 0f ? g[i] : g[i] * (y[i] + 1f);
        }
    }
}
