using System.Numerics.Tensors;

namespace Proxima.Nn.Recurrent;

/// <summary>
/// Long short-term memory (PyTorch <c>nn.LSTM</c>, gate order i, f, g, o):
/// i, f, o = σ(W_i·x + b_i + U·h + c), g = tanh(...), c' = f·c + i·g, h' = o·tanh(c').
/// State row layout: h of layers 0..L−1, then c of layers 0..L−1 (<see cref="RecurrentModule.StateSize"/> = 2·L·H).
/// </summary>
public sealed class Lstm : RecurrentModule
{
    private readonly Tensor[] _gates;
    private readonly Tensor[] _cell;
    private readonly Tensor[] _tanhCell;
    private readonly Tensor[] _hidden;
    private readonly Tensor[] _hiddenPrev;
    private readonly Tensor[] _cellPrev;
    private readonly Tensor[] _gradGates;
    private readonly Tensor[] _gradInput;
    private readonly Tensor[] _weightHhT;
    private readonly Tensor[] _weightIhT;
    private readonly Tensor?[] _inputs;
    private readonly Tensor _gradH;
    private readonly Tensor _gradC;
    private readonly float[] _biasGrad;

    /// <summary>Creates an LSTM; weights start at zero until <see cref="RecurrentInit"/> (or another init) is applied.</summary>
    public Lstm(int inputSize, int hiddenSize, int numLayers = 1)
        : base(inputSize, hiddenSize, numLayers, 4, 2 * numLayers * hiddenSize)
    {
        int g = 4 * hiddenSize;
        _gates = Make(numLayers, g);
        _cell = Make(numLayers, hiddenSize);
        _tanhCell = Make(numLayers, hiddenSize);
        _hidden = Make(numLayers, hiddenSize);
        _hiddenPrev = Make(numLayers, hiddenSize);
        _cellPrev = Make(numLayers, hiddenSize);
        _gradGates = Make(numLayers, g);
        _gradInput = new Tensor[numLayers];
        _weightHhT = new Tensor[numLayers];
        _weightIhT = new Tensor[numLayers];
        for (int l = 0; l < numLayers; l++)
        {
            _gradInput[l] = new Tensor(0, l == 0 ? inputSize : hiddenSize);
            _weightHhT[l] = new Tensor(hiddenSize, g);
            _weightIhT[l] = new Tensor(l == 0 ? inputSize : hiddenSize, g);
        }

        _inputs = new Tensor?[numLayers];
        _gradH = new Tensor(0, hiddenSize);
        _gradC = new Tensor(0, hiddenSize);
        _biasGrad = new float[4 * hiddenSize];
    }

    private static Tensor[] Make(int count, int cols)
    {
        var result = new Tensor[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = new Tensor(0, cols);
        }

        return result;
    }

    protected override Tensor ForwardLayer(int layer, Tensor input, ReadOnlySpan<float> initialState, Span<float> finalState)
    {
        int steps = Steps, batch = Batch, h = HiddenSize, g = 4 * h, rows = steps * batch, inSize = input.RowSize;
        _inputs[layer] = input;
        var gates = _gates[layer].SetRows(rows).Span;
        var cell = _cell[layer].SetRows(rows).Span;
        var tanhCell = _tanhCell[layer].SetRows(rows).Span;
        var hidden = _hidden[layer].SetRows(rows).Span;
        var hPrev = _hiddenPrev[layer].SetRows(rows).Span;
        var cPrev = _cellPrev[layer].SetRows(rows).Span;
        var whhT = _weightHhT[layer].Span;

        // Input projections and both biases for every step in one product.
        FillRows(gates, rows, BiasIh(layer).Value, BiasHh(layer).Value);
        // Explicit transposes (rather than MatMulTransB, whose kernel choice depends on the row count) keep every
        // output row bit-identical whatever T and B are, so a reset sequence matches a fresh run exactly.
        Transpose(WeightIh(layer).Value, _weightIhT[layer].Span, g, inSize);
        Gemm.MatMul(input.Span, _weightIhT[layer].Span, gates, rows, inSize, g, accumulate: true);
        Transpose(WeightHh(layer).Value, whhT, g, h);

        int hOffset = layer * h, cOffset = (NumLayers + layer) * h;
        for (int t = 0; t < steps; t++)
        {
            int start = t * batch * h;
            var hp = hPrev.Slice(start, batch * h);
            var cp = cPrev.Slice(start, batch * h);
            LoadPrevious(hp, hidden, t, initialState, hOffset);
            LoadPrevious(cp, cell, t, initialState, cOffset);
            var gt = gates.Slice(t * batch * g, batch * g);
            Gemm.MatMul(hp, whhT, gt, batch, h, g, accumulate: true);
            for (int b = 0; b < batch; b++)
            {
                int o = start + (b * h);
                CellMath.LstmForward(gt.Slice(b * g, g), cp.Slice(b * h, h), cell.Slice(o, h), tanhCell.Slice(o, h), hidden.Slice(o, h), h);
            }
        }

        StoreFinal(hidden, finalState, hOffset);
        StoreFinal(cell, finalState, cOffset);
        return _hidden[layer];
    }

    protected override Tensor BackwardLayer(int layer, Tensor gradOutput, Span<float> gradInitialState)
    {
        var input = _inputs[layer] ?? throw new InvalidOperationException("Backward called before Forward.");
        int steps = Steps, batch = Batch, h = HiddenSize, g = 4 * h, rows = steps * batch, inSize = input.RowSize;
        var gates = _gates[layer].Span;
        var tanhCell = _tanhCell[layer].Span;
        var cPrev = _cellPrev[layer].Span;
        var dOut = gradOutput.Span;
        var dGates = _gradGates[layer].SetRows(rows).Span;
        var dh = _gradH.SetRows(batch).Span;
        var dc = _gradC.SetRows(batch).Span;
        var whh = WeightHh(layer).Value;
        dh.Clear();
        dc.Clear();

        for (int t = steps - 1; t >= 0; t--)
        {
            for (int b = 0; b < batch; b++)
            {
                int r = (t * batch) + b;
                CellMath.LstmBackward(
                    gates.Slice(r * g, g), tanhCell.Slice(r * h, h), cPrev.Slice(r * h, h), dOut.Slice(r * h, h),
                    dh.Slice(b * h, h), dc.Slice(b * h, h), dGates.Slice(r * g, g), h);
            }

            Gemm.MatMul(dGates.Slice(t * batch * g, batch * g), whh, dh, batch, g, h);
            CutAtResets(dh, t);
            CutAtResets(dc, t);
        }

        StoreStateGradient(dh, gradInitialState, layer * h);
        StoreStateGradient(dc, gradInitialState, (NumLayers + layer) * h);

        // Parameter gradients and the input gradient for all steps at once.
        Gemm.MatMulTransA(dGates, input.Span, WeightIh(layer).Grad, g, rows, inSize, accumulate: true);
        Gemm.MatMulTransA(dGates, _hiddenPrev[layer].Span, WeightHh(layer).Grad, g, rows, h, accumulate: true);
        // Both biases enter every gate pre-activation the same way, so they share one column sum.
        Array.Clear(_biasGrad);
        AddColumnSums(dGates, rows, _biasGrad);
        TensorPrimitives.Add(BiasIh(layer).Grad, _biasGrad, BiasIh(layer).Grad);
        TensorPrimitives.Add(BiasHh(layer).Grad, _biasGrad, BiasHh(layer).Grad);
        return InputGradient(layer, dGates, _gradInput[layer]);
    }
}
