namespace Proxima.Nn.Recurrent;

/// <summary>
/// A stack of recurrent layers run over a time-major sequence with per-row episode resets, with full
/// backpropagation through time. Parameters follow PyTorch (<c>weight_ih_l{k}</c> [gates·H, in],
/// <c>weight_hh_l{k}</c> [gates·H, H], <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c>), so weights export as-is.
/// <para>
/// Layout: inputs and outputs are <c>[T·B, features]</c> with row <c>t·B + b</c> for step t of sequence b. The
/// recurrent state of one sequence is a row of <see cref="StateSize"/> floats; see the subclass for its layout.
/// Like every <see cref="Module"/>, buffers are owned and reused, Backward refers to the latest Forward and adds
/// into parameter gradients, and nothing is allocated once buffers have grown.
/// </para>
/// </summary>
public abstract class RecurrentModule : Module
{
    private readonly Parameter[] _weightIh;
    private readonly Parameter[] _weightHh;
    private readonly Parameter[] _biasIh;
    private readonly Parameter[] _biasHh;
    private readonly Tensor _gradInitialState;
    private bool[] _starts = [];
    private bool _hasStarts;

    /// <summary>Creates the parameters of <paramref name="numLayers"/> layers with <paramref name="gates"/> gate blocks each.</summary>
    protected RecurrentModule(int inputSize, int hiddenSize, int numLayers, int gates, int stateSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(numLayers, 1);
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        GateCount = gates;
        StateSize = stateSize;
        _weightIh = new Parameter[numLayers];
        _weightHh = new Parameter[numLayers];
        _biasIh = new Parameter[numLayers];
        _biasHh = new Parameter[numLayers];
        for (int l = 0; l < numLayers; l++)
        {
            int layerIn = l == 0 ? inputSize : hiddenSize;
            _weightIh[l] = new Parameter($"weight_ih_l{l}", gates * hiddenSize, layerIn);
            _weightHh[l] = new Parameter($"weight_hh_l{l}", gates * hiddenSize, hiddenSize);
            _biasIh[l] = new Parameter($"bias_ih_l{l}", gates * hiddenSize);
            _biasHh[l] = new Parameter($"bias_hh_l{l}", gates * hiddenSize);
        }

        _gradInitialState = new Tensor(0, stateSize);
    }

    public override int InputSize { get; }

    /// <summary>Features per hidden state (and per output row).</summary>
    public int HiddenSize { get; }

    /// <summary>Number of stacked layers; layer k &gt; 0 reads the outputs of layer k − 1.</summary>
    public int NumLayers { get; }

    /// <summary>Floats of recurrent state per sequence (row of <c>initialState</c> / <c>finalState</c>).</summary>
    public int StateSize { get; }

    public override int OutputSize => HiddenSize;

    /// <summary>
    /// Whether <see cref="Backward"/> computes the gradient with respect to the input (default true). Set false when
    /// the input is data (observations) rather than a trained layer's output: Backward then skips that product and
    /// returns an empty (0-row) tensor.
    /// </summary>
    public bool InputGradientRequired { get; set; } = true;

    /// <summary>Number of gate blocks per layer (4 for LSTM, 3 for GRU).</summary>
    public int GateCount { get; }

    /// <summary>
    /// Gradient of the loss with respect to the <c>initialState</c> of the latest Forward, <c>[B, StateSize]</c>,
    /// written (not accumulated) by <see cref="Backward"/>. Rows reset at step 0 get zero.
    /// </summary>
    public Tensor GradInitialState => _gradInitialState;

    /// <summary>Number of time steps of the latest Forward.</summary>
    protected int Steps { get; private set; }

    /// <summary>Number of sequences (batch rows per step) of the latest Forward.</summary>
    protected int Batch { get; private set; }

    /// <summary>Input-to-hidden weights of a layer, [gates·H, in].</summary>
    public Parameter WeightIh(int layer) => _weightIh[layer];

    /// <summary>Hidden-to-hidden weights of a layer, [gates·H, H].</summary>
    public Parameter WeightHh(int layer) => _weightHh[layer];

    /// <summary>Input-side bias of a layer, [gates·H].</summary>
    public Parameter BiasIh(int layer) => _biasIh[layer];

    /// <summary>Hidden-side bias of a layer, [gates·H].</summary>
    public Parameter BiasHh(int layer) => _biasHh[layer];

    public override IEnumerable<Parameter> OwnParameters()
    {
        for (int l = 0; l < NumLayers; l++)
        {
            yield return _weightIh[l];
            yield return _weightHh[l];
            yield return _biasIh[l];
            yield return _biasHh[l];
        }
    }

    public override string Describe() => $"{GetType().Name}({InputSize} -> {HiddenSize}, layers={NumLayers})";

    /// <summary>
    /// Runs <paramref name="steps"/> time steps over <paramref name="input"/> <c>[T·B, InputSize]</c> (row t·B + b).
    /// </summary>
    /// <param name="input">Time-major inputs; must stay unchanged until <see cref="Backward"/>.</param>
    /// <param name="steps">T; the batch B is <c>input.Rows / steps</c>.</param>
    /// <param name="initialState"><c>[B, StateSize]</c> state before step 0, or empty for zeros.</param>
    /// <param name="episodeStarts"><c>[T·B]</c>; true zeroes the state of sequence b before step t (empty: no resets).</param>
    /// <param name="finalState">Receives the <c>[B, StateSize]</c> state after the last step, or empty to skip.</param>
    /// <returns>Last-layer hidden states <c>[T·B, HiddenSize]</c> (module-owned).</returns>
    public Tensor Forward(Tensor input, int steps, ReadOnlySpan<float> initialState, ReadOnlySpan<bool> episodeStarts, Span<float> finalState)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        if (input.RowSize != InputSize)
        {
            throw new ArgumentException($"Expected rows of {InputSize} inputs, got {input.ShapeString}.", nameof(input));
        }

        int rows = input.Rows;
        if (rows % steps != 0)
        {
            throw new ArgumentException($"{rows} input rows are not a multiple of {steps} steps.", nameof(input));
        }

        int batch = rows / steps;
        if (!initialState.IsEmpty && initialState.Length != batch * StateSize)
        {
            throw new ArgumentException($"Initial state needs {batch}x{StateSize} values, got {initialState.Length}.", nameof(initialState));
        }

        if (!finalState.IsEmpty && finalState.Length != batch * StateSize)
        {
            throw new ArgumentException($"Final state needs {batch}x{StateSize} values, got {finalState.Length}.", nameof(finalState));
        }

        if (!episodeStarts.IsEmpty && episodeStarts.Length != rows)
        {
            throw new ArgumentException($"Episode starts need {rows} flags, got {episodeStarts.Length}.", nameof(episodeStarts));
        }

        Steps = steps;
        Batch = batch;
        _hasStarts = !episodeStarts.IsEmpty;
        if (_hasStarts)
        {
            if (_starts.Length < rows)
            {
                _starts = new bool[Math.Max(rows, _starts.Length * 2)];
            }

            episodeStarts.CopyTo(_starts);
        }

        var x = input;
        for (int l = 0; l < NumLayers; l++)
        {
            x = ForwardLayer(l, x, initialState, finalState);
        }

        return x;
    }

    /// <summary>One step with zero initial state and no resets: the rows of <paramref name="input"/> are the batch.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, 1, default, default, default);

    /// <summary>
    /// Backpropagates through all steps of the latest Forward: accumulates parameter gradients, writes
    /// <see cref="GradInitialState"/>, and returns the input gradient <c>[T·B, InputSize]</c>. Gradients do not flow
    /// across a reset. Returns an empty tensor when <see cref="InputGradientRequired"/> is false.
    /// </summary>
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (Steps == 0)
        {
            throw new InvalidOperationException("Backward called before Forward.");
        }

        if (gradOutput.Rows != Steps * Batch || gradOutput.RowSize != HiddenSize)
        {
            throw new ArgumentException($"Expected a [{Steps * Batch}, {HiddenSize}] gradient, got {gradOutput.ShapeString}.", nameof(gradOutput));
        }

        _gradInitialState.SetRows(Batch);
        var g = gradOutput;
        for (int l = NumLayers - 1; l >= 0; l--)
        {
            g = BackwardLayer(l, g, _gradInitialState.Span);
        }

        return g;
    }

    /// <summary>Runs layer <paramref name="layer"/> over all steps; reads/writes its slices of the state rows.</summary>
    protected abstract Tensor ForwardLayer(int layer, Tensor input, ReadOnlySpan<float> initialState, Span<float> finalState);

    /// <summary>BPTT through one layer; writes its slices of <paramref name="gradInitialState"/>; returns its input gradient.</summary>
    protected abstract Tensor BackwardLayer(int layer, Tensor gradOutput, Span<float> gradInitialState);

    /// <summary>Whether sequence <paramref name="b"/> is reset before step <paramref name="t"/>.</summary>
    protected bool IsReset(int t, int b) => _hasStarts && _starts[(t * Batch) + b];

    /// <summary>
    /// Fills <paramref name="previous"/> <c>[B, H]</c> with the state entering step t: zero after a reset, the
    /// <paramref name="stateOffset"/> slice of the initial state at t = 0, else row (t−1)·B + b of <paramref name="history"/>.
    /// </summary>
    protected void LoadPrevious(Span<float> previous, ReadOnlySpan<float> history, int t, ReadOnlySpan<float> initialState, int stateOffset)
    {
        int h = HiddenSize;
        for (int b = 0; b < Batch; b++)
        {
            var dst = previous.Slice(b * h, h);
            if (IsReset(t, b) || (t == 0 && initialState.IsEmpty))
            {
                dst.Clear();
            }
            else if (t == 0)
            {
                initialState.Slice((b * StateSize) + stateOffset, h).CopyTo(dst);
            }
            else
            {
                history.Slice((((t - 1) * Batch) + b) * h, h).CopyTo(dst);
            }
        }
    }

    /// <summary>
    /// Writes the input gradient of layer <paramref name="layer"/>, dx = dG·W_ih over all rows, into <paramref name="gradInput"/>
    /// (left empty for layer 0 when <see cref="InputGradientRequired"/> is false).
    /// </summary>
    protected Tensor InputGradient(int layer, ReadOnlySpan<float> gradGates, Tensor gradInput)
    {
        if (layer == 0 && !InputGradientRequired)
        {
            return gradInput.SetRows(0);
        }

        int rows = Steps * Batch;
        Gemm.MatMul(gradGates, WeightIh(layer).Value, gradInput.SetRows(rows).Span, rows, GateCount * HiddenSize, gradInput.RowSize);
        return gradInput;
    }

    /// <summary>Copies row (T−1)·B + b of <paramref name="history"/> into the <paramref name="stateOffset"/> slice of each state row.</summary>
    protected void StoreFinal(ReadOnlySpan<float> history, Span<float> finalState, int stateOffset)
    {
        if (finalState.IsEmpty)
        {
            return;
        }

        int h = HiddenSize;
        for (int b = 0; b < Batch; b++)
        {
            history.Slice((((Steps - 1) * Batch) + b) * h, h).CopyTo(finalState.Slice((b * StateSize) + stateOffset, h));
        }
    }

    /// <summary>Zeroes the rows of <paramref name="grad"/> <c>[B, H]</c> whose sequences are reset before step t.</summary>
    protected void CutAtResets(Span<float> grad, int t)
    {
        if (!_hasStarts)
        {
            return;
        }

        int h = HiddenSize;
        for (int b = 0; b < Batch; b++)
        {
            if (_starts[(t * Batch) + b])
            {
                grad.Slice(b * h, h).Clear();
            }
        }
    }

    /// <summary>Copies <paramref name="grad"/> <c>[B, H]</c> into the <paramref name="stateOffset"/> slice of each state-gradient row.</summary>
    protected void StoreStateGradient(ReadOnlySpan<float> grad, Span<float> gradInitialState, int stateOffset)
    {
        int h = HiddenSize;
        for (int b = 0; b < Batch; b++)
        {
            grad.Slice(b * h, h).CopyTo(gradInitialState.Slice((b * StateSize) + stateOffset, h));
        }
    }

    /// <summary>Writes <paramref name="bias"/> (plus <paramref name="bias2"/> when non-empty) into every row of <paramref name="dst"/>.</summary>
    protected static void FillRows(Span<float> dst, int rows, ReadOnlySpan<float> bias, ReadOnlySpan<float> bias2)
    {
        int n = bias.Length;
        if (rows == 0)
        {
            return;
        }

        var first = dst[..n];
        if (bias2.IsEmpty)
        {
            bias.CopyTo(first);
        }
        else
        {
            System.Numerics.Tensors.TensorPrimitives.Add(bias, bias2, first);
        }

        for (int r = 1; r < rows; r++)
        {
            first.CopyTo(dst.Slice(r * n, n));
        }
    }

    /// <summary>Adds the column sums of <paramref name="g"/> <c>[rows, n]</c> into <paramref name="dst"/> [n].</summary>
    protected static void AddColumnSums(ReadOnlySpan<float> g, int rows, Span<float> dst)
    {
        int n = dst.Length;
        for (int r = 0; r < rows; r++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(dst, g.Slice(r * n, n), dst);
        }
    }

    /// <summary>dst [cols, rows] = srcᵀ for row-major src [rows, cols].</summary>
    protected static void Transpose(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols) => Gemm.Transpose(src, dst, rows, cols);
}
