using System.Numerics.Tensors;

namespace Proxima.Nn;

/// <summary>Element-wise max(x, 0); backward passes the gradient where the saved output is positive.</summary>
public sealed class ReLU : Module
{
    private readonly Tensor _output;
    private readonly Tensor _gradInput;

    /// <summary>Creates the activation for rows of <paramref name="size"/> features.</summary>
    public ReLU(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        InputSize = size;
        _output = new Tensor(0, size);
        _gradInput = new Tensor(0, size);
    }

    public override int InputSize { get; }

    public override int OutputSize => InputSize;

    public override Tensor Forward(Tensor input)
    {
        _output.SetRows(input.Rows);
        TensorPrimitives.Max(input.Span, 0f, _output.Span);
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
            dx[i] = y[i] > 0f ? g[i] : 0f;
        }

        return _gradInput;
    }
}
