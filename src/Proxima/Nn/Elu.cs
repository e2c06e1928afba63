namespace Proxima.Nn;

/// <summary>
/// Element-wise exponential linear unit with alpha = 1: x for x &gt; 0, else exp(x) − 1.
/// Backward uses the saved input and output (derivative 1, or y + 1 on the negative side).
/// </summary>
public sealed class Elu : Module
{
    private readonly Tensor _output;
    private readonly Tensor _gradInput;
    private Tensor? _input;

    /// <summary>Creates the activation for rows of <paramref name="size"/> features.</summary>
    public Elu(int size)
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
        _input = input;
        _output.SetRows(input.Rows);
        var x = input.Span;
        var y = _output.Span;
        for (int i = 0; i < y.Length; i++)
        {
            float v = x[i];
            y[i] = v > 0f ? v : MathF.Exp(v) - 1f;
        }

        return _output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        var x = (_input ?? throw new InvalidOperationException("Backward called before Forward.")).Span;
        _gradInput.SetRows(gradOutput.Rows);
        var y = _output.Span;
        var g = gradOutput.Span;
        var dx = _gradInput.Span;
        for (int i = 0; i < dx.Length; i++)
        {
            dx[i] = x[i] > 0f ? g[i] : g[i] * (y[i] + 1f);
        }

        return _gradInput;
    }
}
