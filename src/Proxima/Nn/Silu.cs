using System.Numerics.Tensors;

namespace Proxima.Nn;

/// <summary>
/// Element-wise x·σ(x). Forward keeps σ(x); backward uses it with the saved input:
/// dy/dx = σ(x)·(1 + x·(1 − σ(x))).
/// </summary>
public sealed class Silu : Module
{
    private readonly Tensor _output;
    private readonly Tensor _sigmoid;
    private readonly Tensor _gradInput;
    private Tensor? _input;

    /// <summary>Creates the activation for rows of <paramref name="size"/> features.</summary>
    public Silu(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        InputSize = size;
        _output = new Tensor(0, size);
        _sigmoid = new Tensor(0, size);
        _gradInput = new Tensor(0, size);
    }

    public override int InputSize { get; }

    public override int OutputSize => InputSize;

    public override Tensor Forward(Tensor input)
    {
        _input = input;
        _output.SetRows(input.Rows);
        _sigmoid.SetRows(input.Rows);
        TensorPrimitives.Sigmoid(input.Span, _sigmoid.Span);
        TensorPrimitives.Multiply(input.Span, _sigmoid.Span, _output.Span);
        return _output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        var x = (_input ?? throw new InvalidOperationException("Backward called before Forward.")).Span;
        _gradInput.SetRows(gradOutput.Rows);
        var s = _sigmoid.Span;
        var g = gradOutput.Span;
        var dx = _gradInput.Span;
        for (int i = 0; i < dx.Length; i++)
        {
            float si = s[i];
            dx[i] = g[i] * si * (1f + (x[i] * (1f - si)));
        }

        return _gradInput;
    }
}
