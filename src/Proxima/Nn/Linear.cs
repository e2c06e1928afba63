using System.Numerics.Tensors;

namespace Proxima.Nn;

/// <summary>Affine layer y = x·Wᵀ + b with W stored as [out, in] (PyTorch's layout, so weights export as-is).</summary>
public sealed class Linear : Module
{
    private readonly Tensor _output;
    private readonly Tensor _gradInput;
    private Tensor? _input;

    /// <summary>Creates a layer; weights start at zero until an initializer is applied.</summary>
    public Linear(int inputSize, int outputSize, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        InputSize = inputSize;
        OutputSize = outputSize;
        Weight = new Parameter("weight", outputSize, inputSize);
        Bias = bias ? new Parameter("bias", outputSize) : null;
        _output = new Tensor(0, outputSize);
        _gradInput = new Tensor(0, inputSize);
    }

    public override int InputSize { get; }

    public override int OutputSize { get; }

    /// <summary>Weight matrix [out, in].</summary>
    public Parameter Weight { get; }

    /// <summary>Bias [out], or null.</summary>
    public Parameter? Bias { get; }

    public override IEnumerable<Parameter> OwnParameters() => Bias is null ? [Weight] : [Weight, Bias];

    public override Tensor Forward(Tensor input)
    {
        int batch = input.Rows;
        _input = input;
        _output.SetRows(batch);
        var y = _output.Span;
        if (Bias is not null)
        {
            var b = Bias.Value;
            for (int r = 0; r < batch; r++)
            {
                b.CopyTo(y.Slice(r * OutputSize, OutputSize));
            }
        }

        Gemm.MatMulTransB(input.Span, Weight.Value, y, batch, InputSize, OutputSize, accumulate: Bias is not null);
        return _output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        var input = _input ?? throw new InvalidOperationException("Backward called before Forward.");
        int batch = gradOutput.Rows;
        var g = gradOutput.Span;
        Gemm.MatMulTransA(g, input.Span, Weight.Grad, OutputSize, batch, InputSize, accumulate: true);
        if (Bias is not null)
        {
            var db = Bias.Grad;
            for (int r = 0; r < batch; r++)
            {
                TensorPrimitives.Add(db, g.Slice(r * OutputSize, OutputSize), db);
            }
        }

        _gradInput.SetRows(batch);
        Gemm.MatMul(g, Weight.Value, _gradInput.Span, batch, OutputSize, InputSize);
        return _gradInput;
    }
}
