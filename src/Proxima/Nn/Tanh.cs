namespace Proxima.Nn;

/// <summary>
/// Element-wise hyperbolic tangent (a fast deterministic rational approximation, see <see cref="FastMath"/>); backward
/// uses the saved output (1 − y²).
/// </summary>
public sealed class Tanh(int size) : ElementwiseActivation(size)
{
    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<float> x, Span<float> y) => FastMath.Tanh(x, y);

    /// <inheritdoc />
    protected override void Derivative(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx) =>
        FastMath.TanhBackward(y, g, dx); // dx = g·(1 − y²) in one fused pass
}
