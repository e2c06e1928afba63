using System.Numerics.Tensors;

namespace Proxima.Nn;

/// <summary>Element-wise hyperbolic tangent; backward uses the saved output (1 − y²).</summary>
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
        TensorPrimitives.Tanh(input.Span, _output.Span);
        return _output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        _gradInput.SetRows(gradOutput.Rows);
        var y = _output.Span;
        var g = gradOutput.Span;
        var dx = _gradInput.Span;
        // dx = g·(1 − y²), as three vectorized passes.
        TensorPrimitives.Multiply(y, y, dx);
        TensorPrimitives.Subtract(1f, dx, dx);
        TensorPrimitives.Multiply(g, dx, dx);

        return _gradInput;
    }
}
