using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
            FillRows(Bias.Value, y, batch, OutputSize);
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
            AddColumnSums(g, batch, OutputSize, Bias.Grad);
        }

        _gradInput.SetRows(batch);
        Gemm.MatMul(g, Weight.Value, _gradInput.Span, batch, OutputSize, InputSize);
        return _gradInput;
    }

    /// <summary>db[j] += Σ_r g[r, j], summing each column in registers (eight columns per vector) in one pass.</summary>
    private static void AddColumnSums(ReadOnlySpan<float> g, int rows, int cols, Span<float> db)
    {
        ref float gr = ref MemoryMarshal.GetReference(g);
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 32 <= cols; j += 32)
            {
                Vector256<float> s0 = Vector256<float>.Zero, s1 = s0, s2 = s0, s3 = s0;
                for (int r = 0; r < rows; r++)
                {
                    ref float row = ref Unsafe.Add(ref gr, (r * cols) + j);
                    s0 += Vector256.LoadUnsafe(ref row);
                    s1 += Vector256.LoadUnsafe(ref row, 8);
                    s2 += Vector256.LoadUnsafe(ref row, 16);
                    s3 += Vector256.LoadUnsafe(ref row, 24);
                }

                var d = db.Slice(j, 32);
                (Vector256.Create<float>(d) + s0).CopyTo(d);
                (Vector256.Create<float>(d[8..]) + s1).CopyTo(d[8..]);
                (Vector256.Create<float>(d[16..]) + s2).CopyTo(d[16..]);
                (Vector256.Create<float>(d[24..]) + s3).CopyTo(d[24..]);
            }

            for (; j + 8 <= cols; j += 8)
            {
                var s0 = Vector256<float>.Zero;
                for (int r = 0; r < rows; r++)
                {
                    s0 += Vector256.LoadUnsafe(ref Unsafe.Add(ref gr, (r * cols) + j));
                }

                var d = db.Slice(j, 8);
                (Vector256.Create<float>(d) + s0).CopyTo(d);
            }
        }

        for (; j < cols; j++)
        {
            float s = 0f;
            for (int r = 0; r < rows; r++)
            {
                s += Unsafe.Add(ref gr, (r * cols) + j);
            }

            db[j] += s;
        }
    }

    /// <summary>Writes <paramref name="b"/> into each of the <paramref name="rows"/> rows of <paramref name="y"/>.</summary>
    private static void FillRows(ReadOnlySpan<float> b, Span<float> y, int rows, int cols)
    {
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 8 <= cols; j += 8)
            {
                var v = Vector256.LoadUnsafe(ref br, (nuint)j);
                for (int r = 0; r < rows; r++)
                {
                    v.StoreUnsafe(ref yr, (nuint)((r * cols) + j));
                }
            }
        }

        for (; j < cols; j++)
        {
            float v = Unsafe.Add(ref br, j);
            for (int r = 0; r < rows; r++)
            {
                Unsafe.Add(ref yr, (r * cols) + j) = v;
            }
        }
    }
}
