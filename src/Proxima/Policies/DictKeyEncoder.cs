using Proxima.Envs.Spaces;
using Proxima.Nn;

namespace Proxima.Policies;

/// <summary>
/// Encodes each key of a flattened Dict observation with its own MLP and concatenates the results in key order
/// (SB3's <c>CombinedExtractor</c> idea, with MLPs for vector keys). Any other space, or empty layer sizes, passes the
/// features through unchanged. Parameters are named <c>&lt;key&gt;.0.weight</c> and so on.
/// </summary>
public sealed class DictKeyEncoder
{
    private readonly Sequential[] _mlps;
    private readonly string[] _keys;
    private readonly int[] _inOffsets;
    private readonly int[] _inSizes;
    private readonly int[] _outOffsets;
    private readonly Tensor[] _inputs;
    private readonly Tensor[] _grads;
    private readonly Tensor _output;

    /// <summary>Creates the per-key encoders for <paramref name="space"/>.</summary>
    public DictKeyEncoder(Space space, IReadOnlyList<int> layers, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(layers);
        InputSize = space.FlatSize;
        if (space is not DictSpace dict || layers.Count == 0)
        {
            _mlps = [];
            _keys = [];
            _inOffsets = _inSizes = _outOffsets = [];
            _inputs = _grads = [];
            _output = new Tensor(0, InputSize);
            OutputSize = InputSize;
            return;
        }

        int n = dict.Entries.Count;
        _mlps = new Sequential[n];
        _keys = new string[n];
        _inOffsets = new int[n];
        _inSizes = new int[n];
        _outOffsets = new int[n];
        _inputs = new Tensor[n];
        _grads = new Tensor[n];
        int inOffset = 0, outOffset = 0;
        for (int i = 0; i < n; i++)
        {
            var (key, sub) = dict.Entries[i];
            _keys[i] = key;
            _inOffsets[i] = inOffset;
            _inSizes[i] = sub.FlatSize;
            _outOffsets[i] = outOffset;
            _mlps[i] = Mlp.Create(sub.FlatSize, layers, activation);
            _inputs[i] = new Tensor(0, sub.FlatSize);
            _grads[i] = new Tensor(0, _mlps[i].OutputSize);
            inOffset += sub.FlatSize;
            outOffset += _mlps[i].OutputSize;
        }

        OutputSize = outOffset;
        _output = new Tensor(0, OutputSize);
    }

    /// <summary>Features per input row (the space's flat size).</summary>
    public int InputSize { get; }

    /// <summary>Features per output row.</summary>
    public int OutputSize { get; }

    /// <summary>Whether any per-key network exists (false: identity).</summary>
    public bool HasParameters => _mlps.Length > 0;

    /// <summary>The per-key MLPs with their keys.</summary>
    public IEnumerable<(string Key, Sequential Mlp)> Encoders => _keys.Zip(_mlps);

    /// <summary>All parameters named <c>prefix + key + "." + name</c>.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters(string prefix) =>
        _keys.Zip(_mlps).SelectMany(e => e.Second.NamedParameters(prefix + e.First + "."));

    /// <summary>Encodes <paramref name="features"/> [rows, InputSize]; returns the input itself when there are no encoders.</summary>
    public Tensor Forward(Tensor features)
    {
        if (_mlps.Length == 0)
        {
            return features;
        }

        int rows = features.Rows;
        var src = features.Span;
        var dst = _output.SetRows(rows).Span;
        int width = OutputSize;
        for (int i = 0; i < _mlps.Length; i++)
        {
            int size = _inSizes[i], offset = _inOffsets[i];
            var input = _inputs[i].SetRows(rows).Span;
            for (int r = 0; r < rows; r++)
            {
                src.Slice((r * InputSize) + offset, size).CopyTo(input.Slice(r * size, size));
            }

            var y = _mlps[i].Forward(_inputs[i]).Span;
            int outSize = _mlps[i].OutputSize, outOffset = _outOffsets[i];
            for (int r = 0; r < rows; r++)
            {
                y.Slice(r * outSize, outSize).CopyTo(dst.Slice((r * width) + outOffset, outSize));
            }
        }

        return _output;
    }

    /// <summary>Backpropagates the gradient of the last <see cref="Forward"/> output into the per-key MLP parameters.</summary>
    public void Backward(Tensor gradOutput)
    {
        if (_mlps.Length == 0)
        {
            return;
        }

        int rows = gradOutput.Rows;
        var src = gradOutput.Span;
        for (int i = 0; i < _mlps.Length; i++)
        {
            int outSize = _mlps[i].OutputSize, outOffset = _outOffsets[i];
            var g = _grads[i].SetRows(rows).Span;
            for (int r = 0; r < rows; r++)
            {
                src.Slice((r * OutputSize) + outOffset, outSize).CopyTo(g.Slice(r * outSize, outSize));
            }

            _mlps[i].Backward(_grads[i]);
        }
    }
}
