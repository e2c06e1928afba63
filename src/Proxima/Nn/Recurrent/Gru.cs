namespace Proxima.Nn.Recurrent;

/// <summary>
/// Gated recurrent unit (PyTorch <c>nn.GRU</c>, gate order r, z, n):
/// r = σ(W_r·x + b_ir + U_r·h + b_hr), z likewise, n = tanh(W_n·x + b_in + r·(U_n·h + b_hn)), h' = (1 − z)·n + z·h.
/// State row layout: h of layers 0..L−1 (<see cref="RecurrentModule.StateSize"/> = L·H).
/// </summary>
public sealed class Gru : RecurrentModule
{
    private readonly Tensor[] _gates;
    private readonly Tensor[] _hiddenProj;
    private readonly Tensor[] _hidden;
    private readonly Tensor[] _hiddenPrev;
    private readonly Tensor[] _gradInputGates;
    private readonly Tensor[] _gradHiddenGates;
    private readonly Tensor[] _gradInput;
    private readonly Tensor[] _weightHhT;
    private readonly Tensor[] _weightIhT;
    private readonly Tensor?[] _inputs;
    private readonly Tensor _gradH;

    /// <summary>Creates a GRU; weights start at zero until <see cref="RecurrentInit"/> (or another init) is applied.</summary>
    public Gru(int inputSize, int hiddenSize, int numLayers = 1)
        : base(inputSize, hiddenSize, numLayers, 3, numLayers * hiddenSize)
    {
        int g = 3 * hiddenSize;
        _gates = new Tensor[numLayers];
        _hiddenProj = new Tensor[numLayers];
        _hidden = new Tensor[numLayers];
        _hiddenPrev = new Tensor[numLayers];
        _gradInputGates = new Tensor[numLayers];
        _gradHiddenGates = new Tensor[numLayers];
        _gradInput = new Tensor[numLayers];
        _weightHhT = new Tensor[numLayers];
        _weightIhT = new Tensor[numLayers];
        for (int l = 0; l < numLayers; l++)
        {
            _gates[l] = new Tensor(0, g);
            _hiddenProj[l] = new Tensor(0, g);
            _hidden[l] = new Tensor(0, hiddenSize);
            _hiddenPrev[l] = new Tensor(0, hiddenSize);
            _gradInputGates[l] = new Tensor(0, g);
            _gradHiddenGates[l] = new Tensor(0, g);
            _gradInput[l] = new Tensor(0, l == 0 ? inputSize : hiddenSize);
            _weightHhT[l] = new Tensor(hiddenSize, g);
            _weightIhT[l] = new Tensor(l == 0 ? inputSize : hiddenSize, g);
        }

        _inputs = new Tensor?[numLayers];
        _gradH = new Tensor(0, hiddenSize);
    }

    protected override Tensor ForwardLayer(int layer, Tensor input, ReadOnlySpan<float> initialState, Span<float> finalState)
    {
        int steps = Steps, batch = Batch, h = HiddenSize, g = 3 * h, rows = steps * batch, inSize = input.RowSize;
        _inputs[layer] = input;
        var gates = _gates[layer].SetRows(rows).Span;
        var hProj = _hiddenProj[layer].SetRows(rows).Span;
        var hidden = _hidden[layer].SetRows(rows).Span;
        var hPrev = _hiddenPrev[layer].SetRows(rows).Span;
        var whhT = _weightHhT[layer].Span;

        FillRows(gates, rows, BiasIh(layer).Value, default);
        // Explicit transposes (rather than MatMulTransB, whose kernel choice depends on the row count) keep every
        // output row bit-identical whatever T and B are, so a reset sequence matches a fresh run exactly.
        Transpose(WeightIh(layer).Value, _weightIhT[layer].Span, g, inSize);
        Gemm.MatMul(input.Span, _weightIhT[layer].Span, gates, rows, inSize, g, accumulate: true);
        Transpose(WeightHh(layer).Value, whhT, g, h);

        int offset = layer * h;
        for (int t = 0; t < steps; t++)
        {
            int start = t * batch * h;
            var hp = hPrev.Slice(start, batch * h);
            LoadPrevious(hp, hidden, t, initialState, offset);
            var ht = hProj.Slice(t * batch * g, batch * g);
            FillRows(ht, batch, BiasHh(layer).Value, default);
            Gemm.MatMul(hp, whhT, ht, batch, h, g, accumulate: true);
            for (int b = 0; b < batch; b++)
            {
                int r = (t * batch) + b;
                CellMath.GruForward(gates.Slice(r * g, g), ht.Slice(b * g, g), hp.Slice(b * h, h), hidden.Slice(start + (b * h), h), h);
            }
        }

        StoreFinal(hidden, finalState, offset);
        return _hidden[layer];
    }

    protected override Tensor BackwardLayer(int layer, Tensor gradOutput, Span<float> gradInitialState)
    {
        var input = _inputs[layer] ?? throw new InvalidOperationException("Backward called before Forward.");
        int steps = Steps, batch = Batch, h = HiddenSize, g = 3 * h, rows = steps * batch, inSize = input.RowSize;
        var gates = _gates[layer].Span;
        var hProj = _hiddenProj[layer].Span;
        var hPrev = _hiddenPrev[layer].Span;
        var dOut = gradOutput.Span;
        var dx = _gradInputGates[layer].SetRows(rows).Span;
        var dhg = _gradHiddenGates[layer].SetRows(rows).Span;
        var dh = _gradH.SetRows(batch).Span;
        var whh = WeightHh(layer).Value;
        dh.Clear();

        for (int t = steps - 1; t >= 0; t--)
        {
            for (int b = 0; b < batch; b++)
            {
                int r = (t * batch) + b;
                CellMath.GruBackward(
                    gates.Slice(r * g, g), hProj.Slice((r * g) + (2 * h), h), hPrev.Slice(r * h, h), dOut.Slice(r * h, h),
                    dh.Slice(b * h, h), dx.Slice(r * g, g), dhg.Slice(r * g, g), h);
            }

            Gemm.MatMul(dhg.Slice(t * batch * g, batch * g), whh, dh, batch, g, h, accumulate: true);
            CutAtResets(dh, t);
        }

        StoreStateGradient(dh, gradInitialState, layer * h);

        Gemm.MatMulTransA(dx, input.Span, WeightIh(layer).Grad, g, rows, inSize, accumulate: true);
        Gemm.MatMulTransA(dhg, hPrev, WeightHh(layer).Grad, g, rows, h, accumulate: true);
        AddColumnSums(dx, rows, BiasIh(layer).Grad);
        AddColumnSums(dhg, rows, BiasHh(layer).Grad);
        return InputGradient(layer, dx, _gradInput[layer]);
    }
}
