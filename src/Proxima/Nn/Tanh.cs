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
        System.Numerics.Tensors.TensorPrimitives.Tanh(input.Span, _output.Span);
        return _output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        _gradInput.SetRows(gradOutput.Rows);
        var y = _output.Span;
        var g = gradOutput.Span;
        var dx = _gradInput.Span;
        for (int i = 0; i < dx.Length; i++)
        {
            dx[i] = g[i] * (1f - (y[i] * y[i]));
        }

        return _gradInput;
    }
}
