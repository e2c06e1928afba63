using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Distributions;

/// <summary>
/// Independent Bernoulli distributions over a <c>MultiBinary(n)</c> action: a linear layer maps the latent to n logits z,
/// p(bit = 1) = σ(z). Each bit is encoded as 0 or 1. Log-probability and entropy are summed over the bits; sampling
/// draws one uniform per bit (row-major) and sets the bit when it falls below p.
/// </summary>
public sealed class BernoulliHead : ActionHead
{
    private readonly Linear _linear;
    private readonly Tensor _gradLogits;
    private Tensor? _logits;
    private int _rows = -1;

    /// <summary>Creates a head for <paramref name="n"/> bits.</summary>
    public BernoulliHead(int latentSize, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        LatentSize = latentSize;
        ActionSize = n;
        _linear = new Linear(latentSize, n);
        _gradLogits = new Tensor(0, n);
    }

    public override int LatentSize { get; }

    public override int ActionSize { get; }

    /// <summary>Logits <c>[B, n]</c> of the last Forward.</summary>
    public ReadOnlySpan<float> Logits => _logits is null ? default : _logits.Span;

    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => _linear.NamedParameters("linear.");

    public override void Forward(Tensor latent, ReadOnlySpan<bool> actionMasks = default)
    {
        HeadGuards.CheckLatent(this, latent);
        HeadGuards.CheckMasks(this, actionMasks, latent.Rows);
        _logits = _linear.Forward(latent);
        _rows = latent.Rows;
    }

    public override void Sample(Pcg64 rng, Span<float> actions)
    {
        int rows = HeadGuards.RowsWithActions(this, _rows, actions.Length);
        var z = _logits!.Span;
        for (int i = 0; i < z.Length; i++)
        {
            actions[i] = rng.NextDouble() < SpecialFunctions.Sigmoid(z[i]) ? 1f : 0f;
        }
    }

    public override void Mode(Span<float> actions)
    {
        int rows = HeadGuards.RowsWithActions(this, _rows, actions.Length);
        var z = _logits!.Span;
        for (int i = 0; i < z.Length; i++)
        {
            actions[i] = z[i] > 0f ? 1f : 0f;
        }
    }

    public override void LogProb(ReadOnlySpan<float> actions, Span<float> logProb)
    {
        int rows = HeadGuards.RowsWithActions(this, _rows, actions.Length);
        HeadGuards.CheckLength(this, logProb.Length, rows, "logProb");
        var z = _logits!.Span;
        for (int r = 0; r < rows; r++)
        {
            // log p(a) = a·z − softplus(z).
            double sum = 0;
            for (int i = r * ActionSize; i < (r + 1) * ActionSize; i++)
            {
                sum += (Bit(actions[i], i) * z[i]) - SpecialFunctions.Softplus(z[i]);
            }

            logProb[r] = (float)sum;
        }
    }

    public override void Entropy(Span<float> entropy)
    {
        int rows = HeadGuards.Rows(this, _rows);
        HeadGuards.CheckLength(this, entropy.Length, rows, "entropy");
        var z = _logits!.Span;
        for (int r = 0; r < rows; r++)
        {
            // H = softplus(z) − z·σ(z).
            double sum = 0;
            for (int i = r * ActionSize; i < (r + 1) * ActionSize; i++)
            {
                sum += SpecialFunctions.Softplus(z[i]) - (z[i] * SpecialFunctions.Sigmoid(z[i]));
            }

            entropy[r] = (float)sum;
        }
    }

    public override Tensor Backward(ReadOnlySpan<float> actions, ReadOnlySpan<float> gradLogProb, ReadOnlySpan<float> gradEntropy)
    {
        int rows = HeadGuards.Rows(this, _rows);
        HeadGuards.CheckBackward(this, rows, actions, gradLogProb, gradEntropy);
        var z = _logits!.Span;
        _gradLogits.SetRows(rows);
        var g = _gradLogits.Span;
        for (int r = 0; r < rows; r++)
        {
            double gl = gradLogProb[r];
            double ge = gradEntropy.IsEmpty ? 0 : gradEntropy[r];
            for (int i = r * ActionSize; i < (r + 1) * ActionSize; i++)
            {
                // d log p/dz = a − σ(z); dH/dz = −z·σ(z)·(1 − σ(z)).
                double s = SpecialFunctions.Sigmoid(z[i]);
                g[i] = (float)((gl * (Bit(actions[i], i) - s)) - (ge * z[i] * s * (1 - s)));
            }
        }

        return _linear.Backward(_gradLogits);
    }

    public override string Describe() => $"Bernoulli({LatentSize} -> {ActionSize})";

    private double Bit(float action, int index)
    {
        if (action != 0f && action != 1f)
        {
            throw new ArgumentException($"{Describe()}: action entry {index} is {action}; MultiBinary actions must be 0 or 1.");
        }

        return action;
    }
}
