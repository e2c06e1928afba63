using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Distributions;

/// <summary>
/// A product distribution over a Dict action space: one sub-head per key, all reading the same latent. Actions are the
/// sub-actions concatenated in key order; log-probabilities and entropies are summed over the parts; action masks are
/// the masks of the parts that take masks (the discrete ones), concatenated in key order. Parameters are named
/// <c>{key}.{sub-head name}</c>, e.g. <c>move.log_std</c> or <c>fire.linear.weight</c>.
/// </summary>
public sealed class HybridHead : ActionHead
{
    private readonly (string Key, ActionHead Head)[] _parts;
    private readonly int[] _actionOffsets;
    private readonly int[] _maskOffsets;
    private readonly Tensor[] _actionBuffers;
    private readonly bool[][] _maskBuffers;
    private readonly Tensor _scratch;
    private readonly Tensor _gradLatent;
    private int _rows = -1;

    /// <summary>Combines <paramref name="parts"/> (in encoding order), all with latent size <paramref name="latentSize"/>.</summary>
    public HybridHead(int latentSize, IReadOnlyList<(string Key, ActionHead Head)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSize, 1);
        if (parts.Count == 0)
        {
            throw new ArgumentException("A hybrid head needs at least one part.", nameof(parts));
        }

        _parts = parts.ToArray();
        _actionOffsets = new int[_parts.Length];
        _maskOffsets = new int[_parts.Length];
        _actionBuffers = new Tensor[_parts.Length];
        _maskBuffers = new bool[_parts.Length][];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int actions = 0, masks = 0;
        for (int i = 0; i < _parts.Length; i++)
        {
            var (key, head) = _parts[i];
            ArgumentNullException.ThrowIfNull(head);
            if (string.IsNullOrEmpty(key) || !seen.Add(key))
            {
                throw new ArgumentException($"Hybrid head keys must be non-empty and unique; '{key}' is not.", nameof(parts));
            }

            if (head.LatentSize != latentSize)
            {
                throw new ArgumentException($"Part '{key}' ({head.Describe()}) reads {head.LatentSize} latent features, but the hybrid head has {latentSize}.", nameof(parts));
            }

            _actionOffsets[i] = actions;
            _maskOffsets[i] = masks;
            _actionBuffers[i] = new Tensor(0, head.ActionSize);
            _maskBuffers[i] = [];
            actions += head.ActionSize;
            masks += head.ActionMaskSize;
        }

        LatentSize = latentSize;
        ActionSize = actions;
        ActionMaskSize = masks;
        _scratch = new Tensor(0);
        _gradLatent = new Tensor(0, latentSize);
    }

    /// <summary>The parts in encoding order.</summary>
    public IReadOnlyList<(string Key, ActionHead Head)> Parts => _parts;

    public override int LatentSize { get; }

    public override int ActionSize { get; }

    public override int ActionMaskSize { get; }

    /// <summary>Offset of part <paramref name="index"/> within an action row.</summary>
    public int ActionOffsetAt(int index) => _actionOffsets[index];

    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
    {
        foreach (var (key, head) in _parts)
        {
            foreach (var (name, p) in head.NamedParameters())
            {
                yield return (key + "." + name, p);
            }
        }
    }

    public override void Forward(Tensor latent, ReadOnlySpan<bool> actionMasks = default)
    {
        HeadGuards.CheckLatent(this, latent);
        int rows = latent.Rows;
        HeadGuards.CheckMasks(this, actionMasks, rows);
        _rows = -1;
        for (int i = 0; i < _parts.Length; i++)
        {
            var head = _parts[i].Head;
            int size = head.ActionMaskSize;
            if (actionMasks.IsEmpty || size == 0)
            {
                head.Forward(latent);
                continue;
            }

            if (_maskBuffers[i].Length < rows * size)
            {
                _maskBuffers[i] = new bool[Math.Max(rows * size, _maskBuffers[i].Length * 2)];
            }

            var buffer = _maskBuffers[i].AsSpan(0, rows * size);
            for (int r = 0; r < rows; r++)
            {
                actionMasks.Slice((r * ActionMaskSize) + _maskOffsets[i], size).CopyTo(buffer.Slice(r * size, size));
            }

            head.Forward(latent, buffer);
        }

        _rows = rows;
    }

    public override void ResetNoise(Pcg64 rng, int rows)
    {
        foreach (var (_, head) in _parts)
        {
            head.ResetNoise(rng, rows);
        }
    }

    /// <summary>Samples the parts in key order (each part all rows), then interleaves them into action rows.</summary>
    public override void Sample(Pcg64 rng, Span<float> actions)
    {
        int rows = HeadGuards.RowsWithActions(this, _rows, actions.Length);
        for (int i = 0; i < _parts.Length; i++)
        {
            var buffer = _actionBuffers[i].SetRows(rows);
            _parts[i].Head.Sample(rng, buffer.Span);
            Scatter(i, rows, actions);
        }
    }

    public override void Mode(Span<float> actions)
    {
        int rows = HeadGuards.RowsWithActions(this, _rows, actions.Length);
        for (int i = 0; i < _parts.Length; i++)
        {
            var buffer = _actionBuffers[i].SetRows(rows);
            _parts[i].Head.Mode(buffer.Span);
            Scatter(i, rows, actions);
        }
    }

    public override void LogProb(ReadOnlySpan<float> actions, Span<float> logProb)
    {
        int rows = HeadGuards.RowsWithActions(this, _rows, actions.Length);
        HeadGuards.CheckLength(this, logProb.Length, rows, "logProb");
        logProb.Clear();
        var part = _scratch.SetRows(rows).Span;
        for (int i = 0; i < _parts.Length; i++)
        {
            _parts[i].Head.LogProb(Gather(i, rows, actions), part);
            for (int r = 0; r < rows; r++)
            {
                logProb[r] += part[r];
            }
        }
    }

    public override void Entropy(Span<float> entropy)
    {
        int rows = HeadGuards.Rows(this, _rows);
        HeadGuards.CheckLength(this, entropy.Length, rows, "entropy");
        entropy.Clear();
        var part = _scratch.SetRows(rows).Span;
        for (int i = 0; i < _parts.Length; i++)
        {
            _parts[i].Head.Entropy(part);
            for (int r = 0; r < rows; r++)
            {
                entropy[r] += part[r];
            }
        }
    }

    public override Tensor Backward(ReadOnlySpan<float> actions, ReadOnlySpan<float> gradLogProb, ReadOnlySpan<float> gradEntropy)
    {
        int rows = HeadGuards.Rows(this, _rows);
        HeadGuards.CheckBackward(this, rows, actions, gradLogProb, gradEntropy);
        _gradLatent.SetRows(rows);
        var dst = _gradLatent.Span;
        dst.Clear();
        for (int i = 0; i < _parts.Length; i++)
        {
            var g = _parts[i].Head.Backward(Gather(i, rows, actions), gradLogProb, gradEntropy).Span;
            for (int j = 0; j < dst.Length; j++)
            {
                dst[j] += g[j];
            }
        }

        return _gradLatent;
    }

    public override string Describe() =>
        $"Hybrid({LatentSize} -> {ActionSize}: {string.Join(", ", _parts.Select(p => $"{p.Key}: {p.Head.Describe()}"))})";

    private void Scatter(int part, int rows, Span<float> actions)
    {
        int size = _parts[part].Head.ActionSize;
        var buffer = _actionBuffers[part].Span;
        for (int r = 0; r < rows; r++)
        {
            buffer.Slice(r * size, size).CopyTo(actions.Slice((r * ActionSize) + _actionOffsets[part], size));
        }
    }

    private ReadOnlySpan<float> Gather(int part, int rows, ReadOnlySpan<float> actions)
    {
        int size = _parts[part].Head.ActionSize;
        var buffer = _actionBuffers[part].SetRows(rows).Span;
        for (int r = 0; r < rows; r++)
        {
            actions.Slice((r * ActionSize) + _actionOffsets[part], size).CopyTo(buffer.Slice(r * size, size));
        }

        return buffer;
    }
}
