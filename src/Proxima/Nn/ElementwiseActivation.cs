namespace Proxima.Nn;

/// <summary>
/// The frame every element-wise activation shares: reusable output and input-gradient buffers sized by the batch,
/// the saved input and output for the backward pass. Derived types supply only the function and its derivative.
/// </summary>
public abstract class ElementwiseActivation : Module
{
    private readonly Tensor _output;
    private readonly Tensor _gradInput;
    private Tensor? _input;

    /// <summary>Creates the activation for rows of <paramref name="size"/> features.</summary>
    protected ElementwiseActivation(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        InputSize = size;
        _output = new Tensor(0, size);
        _gradInput = new Tensor(0, size);
    }

    /// <inheritdoc />
    public override int InputSize { get; }

    /// <inheritdoc />
    public override int OutputSize => InputSize;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        _input = input;
        _output.SetRows(input.Rows);
        Apply(input.Span, _output.Span);
        return _output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        var x = (_input ?? throw new InvalidOperationException("Backward called before Forward.")).Span;
        _gradInput.SetRows(gradOutput.Rows);
        Derivative(x, _output.Span, gradOutput.Span, _gradInput.Span);
        return _gradInput;
    }

    /// <summary>y = f(x) element-wise (x and y have the same length).</summary>
    protected abstract void Apply(ReadOnlySpan<float> x, Span<float> y);

    /// <summary>dx = g·f′(x) element-wise, from the saved input <paramref name="x"/> and output <paramref name="y"/>.</summary>
    protected abstract void Derivative(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx);
}
