using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Distributions;

/// <summary>
/// Independent categorical distributions over a <c>MultiDiscrete(nvec)</c> action: one linear layer maps the latent to
/// Σ nvec logits, split per component. Each component is encoded as one float holding its index. Action masks are the
/// per-component masks concatenated (<c>[B, Σ nvec]</c>, true = allowed). Log-probability and entropy are summed over
/// the components; sampling draws one uniform per component (row-major) and inverts the CDF.
/// </summary>
public sealed class MultiCategoricalHead : ActionHead
{
    private readonly Linear _linear;
    private readonly int[] _nvec;
    private readonly int[] _offsets;
    private readonly int _totalChoices;
    private readonly Tensor _logProbs;
    private readonly Tensor _gradLogits;
    private int _rows = -1;

    /// <summary>Creates a head for components with <paramref name="nvec"/> choices each.</summary>
    public MultiCategoricalHead(int latentSize, ReadOnlySpan<int> nvec)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSize, 1);
        if (nvec.IsEmpty)
        {
            throw new ArgumentException("MultiCategoricalHead needs at least one component.", nameof(nvec));
        }

        _nvec = nvec.ToArray();
        _offsets = new int[_nvec.Length];
        int total = 0;
        for (int d = 0; d < _nvec.Length; d++)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(_nvec[d], 1, nameof(nvec));
            _offsets[d] = total;
            total += _nvec[d];
        }

        LatentSize = latentSize;
        _totalChoices = total;
        _linear = new Linear(latentSize, total);
        _logProbs = new Tensor(0, total);
        _gradLogits = new Tensor(0, total);
    }

    /// <summary>Choices per component.</summary>
    public ReadOnlySpan<int> Nvec => _nvec;

    public override int LatentSize { get; }

    public override int ActionSize => _nvec.Length;

    public override int ActionMaskSize => _totalChoices;

    /// <summary>The logit layer (<c>linear.weight</c> [Σ nvec, latent], <c>linear.bias</c> [Σ nvec]).</summary>
    public Linear Linear => _linear;

    /// <summary>Log-probabilities <c>[B, Σ nvec]</c> of the last Forward, per component (−∞ for masked choices).</summary>
    public ReadOnlySpan<float> LogProbabilities => _logProbs.Span;

    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => _linear.NamedParameters("linear.");

    public override void Forward(Tensor latent, ReadOnlySpan<bool> actionMasks = default)
    {
        HeadGuards.CheckLatent(this, latent);
        int rows = latent.Rows;
        HeadGuards.CheckMasks(this, actionMasks, rows);
        var logits = _linear.Forward(latent);
        _logProbs.SetRows(rows);
        for (int r = 0; r < rows; r++)
        {
            var rowLogits = logits.Row(r);
            var rowLogProbs = _logProbs.Row(r);
            for (int d = 0; d < _nvec.Length; d++)
            {
                int o = _offsets[d], n = _nvec[d];
                var mask = actionMasks.IsEmpty ? default : actionMasks.Slice((r * _totalChoices) + o, n);
                if (!CategoricalMath.LogSoftmax(rowLogits.Slice(o, n), mask, rowLogProbs.Slice(o, n)))
                {
                    _rows = -1;
                    throw new InvalidOperationException($"{Describe()}: every choice of component {d} in row {r} is masked; at least one must be allowed.");
                }
            }
        }

        _rows = rows;
    }

    public override void Sample(Pcg64 rng, Span<float> actions)
    {
        int rows = HeadGuards.RowsWithActions(this, _rows, actions.Length);
        for (int r = 0; r < rows; r++)
        {
            var lp = _logProbs.Row(r);
            for (int d = 0; d < _nvec.Length; d++)
            {
                actions[(r * ActionSize) + d] = CategoricalMath.Sample(lp.Slice(_offsets[d], _nvec[d]), rng.NextDouble());
            }
        }
    }

    public override void Mode(Span<float> actions)
    {
        int rows = HeadGuards.RowsWithActions(this, _rows, actions.Length);
        for (int r = 0; r < rows; r++)
        {
            var lp = _logProbs.Row(r);
            for (int d = 0; d < _nvec.Length; d++)
            {
                actions[(r * ActionSize) + d] = CategoricalMath.ArgMax(lp.Slice(_offsets[d], _nvec[d]));
            }
        }
    }

    public override void LogProb(ReadOnlySpan<float> actions, Span<float> logProb)
    {
        int rows = HeadGuards.RowsWithActions(this, _rows, actions.Length);
        HeadGuards.CheckLength(this, logProb.Length, rows, "logProb");
        for (int r = 0; r < rows; r++)
        {
            var lp = _logProbs.Row(r);
            double sum = 0;
            for (int d = 0; d < _nvec.Length; d++)
            {
                sum += lp[_offsets[d] + IndexOf(actions[(r * ActionSize) + d], r, d)];
            }

            logProb[r] = (float)sum;
        }
    }

    public override void Entropy(Span<float> entropy)
    {
        int rows = HeadGuards.Rows(this, _rows);
        HeadGuards.CheckLength(this, entropy.Length, rows, "entropy");
        for (int r = 0; r < rows; r++)
        {
            var lp = _logProbs.Row(r);
            double sum = 0;
            for (int d = 0; d < _nvec.Length; d++)
            {
                sum += CategoricalMath.Entropy(lp.Slice(_offsets[d], _nvec[d]));
            }

            entropy[r] = (float)sum;
        }
    }

    public override Tensor Backward(ReadOnlySpan<float> actions, ReadOnlySpan<float> gradLogProb, ReadOnlySpan<float> gradEntropy)
    {
        int rows = HeadGuards.Rows(this, _rows);
        HeadGuards.CheckBackward(this, rows, actions, gradLogProb, gradEntropy);
        _gradLogits.SetRows(rows);
        for (int r = 0; r < rows; r++)
        {
            float ge = gradEntropy.IsEmpty ? 0f : gradEntropy[r];
            var lp = _logProbs.Row(r);
            var g = _gradLogits.Row(r);
            for (int d = 0; d < _nvec.Length; d++)
            {
                int o = _offsets[d], n = _nvec[d];
                CategoricalMath.Gradient(lp.Slice(o, n), IndexOf(actions[(r * ActionSize) + d], r, d), gradLogProb[r], ge, g.Slice(o, n));
            }
        }

        return _linear.Backward(_gradLogits);
    }

    public override string Describe() => $"MultiCategorical({LatentSize} -> [{string.Join(", ", _nvec)}])";

    private int IndexOf(float action, int row, int component)
    {
        int n = _nvec[component];
        if (!(action >= 0 && action < n && action == MathF.Floor(action)))
        {
            throw new ArgumentException($"{Describe()}: action {action} of component {component} in row {row} is not one of 0..{n - 1}.");
        }

        int i = (int)action;
        if (float.IsNegativeInfinity(_logProbs.Row(row)[_offsets[component] + i]))
        {
            throw new InvalidOperationException($"{Describe()}: action {action} of component {component} in row {row} is masked out (probability zero), so its log-probability is undefined.");
        }

        return i;
    }
}
