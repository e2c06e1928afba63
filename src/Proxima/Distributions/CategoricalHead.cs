using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Distributions;

/// <summary>
/// Categorical distribution over a <c>Discrete(n, start)</c> action: a linear layer maps the latent to <c>n</c> logits.
/// The action is encoded as one float holding <c>start + index</c>. Optional action masks (<c>[B, n]</c>, true = allowed)
/// give masked choices zero probability: they are never sampled, the remaining probabilities are renormalised and the
/// entropy is taken over the allowed choices only.
/// </summary>
public sealed class CategoricalHead : ActionHead
{
    private readonly Linear _linear;
    private readonly Tensor _logProbs;
    private readonly Tensor _gradLogits;
    private int _rows = -1;

    /// <summary>Creates a head for <paramref name="n"/> choices starting at <paramref name="start"/>.</summary>
    public CategoricalHead(int latentSize, int n, int start = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        LatentSize = latentSize;
        N = n;
        Start = start;
        _linear = new Linear(latentSize, n);
        _logProbs = new Tensor(0, n);
        _gradLogits = new Tensor(0, n);
    }

    /// <summary>Number of choices.</summary>
    public int N { get; }

    /// <summary>Action value of the first choice.</summary>
    public int Start { get; }

    public override int LatentSize { get; }

    public override int ActionSize => 1;

    public override int ActionMaskSize => N;

    /// <summary>The logit layer (<c>linear.weight</c> [n, latent], <c>linear.bias</c> [n]).</summary>
    public Linear Linear => _linear;

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
            var mask = actionMasks.IsEmpty ? default : actionMasks.Slice(r * N, N);
            if (!CategoricalMath.LogSoftmax(logits.Row(r), mask, _logProbs.Row(r)))
            {
                _rows = -1;
                throw new InvalidOperationException($"{Describe()}: every action of row {r} is masked; at least one must be allowed.");
            }
        }

        _rows = rows;
    }

    /// <summary>Log-probabilities <c>[B, n]</c> of the last Forward (−∞ for masked choices).</summary>
    public ReadOnlySpan<float> LogProbabilities => _logProbs.Span;

    public override void Sample(Pcg64 rng, Span<float> actions)
    {
        int rows = HeadGuards.Rows(this, _rows);
        HeadGuards.CheckLength(this, actions.Length, rows, "actions");
        for (int r = 0; r < rows; r++)
        {
            actions[r] = Start + CategoricalMath.Sample(_logProbs.Row(r), rng.NextDouble());
        }
    }

    public override void Mode(Span<float> actions)
    {
        int rows = HeadGuards.Rows(this, _rows);
        HeadGuards.CheckLength(this, actions.Length, rows, "actions");
        for (int r = 0; r < rows; r++)
        {
            actions[r] = Start + CategoricalMath.ArgMax(_logProbs.Row(r));
        }
    }

    public override void LogProb(ReadOnlySpan<float> actions, Span<float> logProb)
    {
        int rows = HeadGuards.Rows(this, _rows);
        HeadGuards.CheckLength(this, actions.Length, rows, "actions");
        HeadGuards.CheckLength(this, logProb.Length, rows, "logProb");
        for (int r = 0; r < rows; r++)
        {
            logProb[r] = _logProbs.Row(r)[IndexOf(actions[r], r)];
        }
    }

    public override void Entropy(Span<float> entropy)
    {
        int rows = HeadGuards.Rows(this, _rows);
        HeadGuards.CheckLength(this, entropy.Length, rows, "entropy");
        for (int r = 0; r < rows; r++)
        {
            entropy[r] = (float)CategoricalMath.Entropy(_logProbs.Row(r));
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
            CategoricalMath.Gradient(_logProbs.Row(r), IndexOf(actions[r], r), gradLogProb[r], ge, _gradLogits.Row(r));
        }

        return _linear.Backward(_gradLogits);
    }

    public override string Describe() => $"Categorical({LatentSize} -> {N}{(Start != 0 ? $", start={Start}" : string.Empty)})";

    private int IndexOf(float action, int row)
    {
        float index = action - Start;
        if (!(index >= 0 && index < N && index == MathF.Floor(index)))
        {
            throw new ArgumentException($"{Describe()}: action {action} of row {row} is not one of {Start}..{Start + N - 1}.");
        }

        int i = (int)index;
        if (float.IsNegativeInfinity(_logProbs.Row(row)[i]))
        {
            throw new InvalidOperationException($"{Describe()}: action {action} of row {row} is masked out (probability zero), so its log-probability is undefined.");
        }

        return i;
    }
}
