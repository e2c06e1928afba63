namespace Proxima.Nn;

/// <summary>
/// Element-wise hyperbolic tangent (a fast deterministic rational approximation, see <see cref="FastMath"/>); backward
/// uses the saved output (1 − y²).
/// </summary>
public sealed class Tanh : Module
{
    private readonly Tensor _output;
    private readonly Tensor _gradInput;

    public Tanh(int size)
    {
        InputSize = size;
        _output = new Tensor(0, size);
        _gradInput = new Tensor(0, size);
    }

    public override int InputSize { get; }

    public override int OutputSize => InputSize;

    public override Tensor Forward(Tensor input)
    {
        _output.SetRows(input.Rows);
        FastMath.Tanh(input.Span, _output.Span);
        return _output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        _gradInput.SetRows(gradOutput.Rows);
        // dx = g·(1 − y²) in one fused pass.
        FastMath.TanhBackward(_output.Span, gradOutput.Span, _gradInput.Span);

        return _gradInput;
    }
}
