using Proxima.Envs.Spaces;
using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Distributions;

/// <summary>
/// Beta distribution per dimension of a bounded Box action (Chou et al. 2017): a linear layer (<c>linear.*</c>) maps the
/// latent to 2·actionDim values z (first the α part, then the β part), α = softplus(z_α) + 1, β = softplus(z_β) + 1, so
/// both exceed 1 and the density is unimodal. A Beta variate x ∈ (0, 1) maps to the action low + (high − low)·x; the
/// log-probability includes −ln(high − low) for that affine map and the entropy +ln(high − low). When scoring, x is
/// clamped to [<see cref="BoundaryEpsilon"/>, 1 − <see cref="BoundaryEpsilon"/>] so actions on (or clipped to) the bounds
/// keep a finite log-probability.
/// </summary>
public sealed class BetaHead : ActionHead
{
    /// <summary>Distance from 0 and 1 to which the unit-interval action is clamped when scoring.</summary>
    public const double BoundaryEpsilon = 1e-6;

    private readonly Linear _linear;
    private readonly float[] _low;
    private readonly float[] _width;
    private readonly double _logWidthSum;
    private readonly Tensor _alpha;
    private readonly Tensor _beta;
    private readonly Tensor _gradZ;
    private Tensor? _z;
    private int _rows = -1;

    /// <summary>Creates a head for the bounded <paramref name="box"/>.</summary>
    public BetaHead(int latentSize, Box box)
    {
        ArgumentNullException.ThrowIfNull(box);
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSize, 1);
        if (!box.IsBounded)
        {
            throw new ArgumentException($"The Beta distribution needs a bounded Box action space, got {box}.", nameof(box));
        }

        int d = box.Size;
        _low = box.Low.ToArray();
        _width = new float[d];
        for (int k = 0; k < d; k++)
        {
            _width[k] = box.High[k] - box.Low[k];
            if (!(_width[k] > 0) || !float.IsFinite(_width[k]))
            {
                throw new ArgumentException($"The Beta distribution needs high > low for every Box element; element {k} of {box} has width {_width[k]}.", nameof(box));
            }

            _logWidthSum += Math.Log(_width[k]);
        }

        LatentSize = latentSize;
        ActionSize = d;
        _linear = new Linear(latentSize, 2 * d);
        _alpha = new Tensor(0, d);
        _beta = new Tensor(0, d);
        _gradZ = new Tensor(0, 2 * d);
    }

    public override int LatentSize { get; }

    public override int ActionSize { get; }

    /// <summary>α <c>[B, actionDim]</c> of the last Forward.</summary>
    public ReadOnlySpan<float> Alpha => _alpha.Span;

    /// <summary>β <c>[B, actionDim]</c> of the last Forward.</summary>
    public ReadOnlySpan<float> Beta => _beta.Span;

    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => _linear.NamedParameters("linear.");

    public override void Forward(Tensor latent, ReadOnlySpan<bool> actionMasks = default)
    {
        HeadGuards.CheckLatent(this, latent);
        int rows = latent.Rows;
        HeadGuards.CheckMasks(this, actionMasks, rows);
        _z = _linear.Forward(latent);
        _alpha.SetRows(rows);
        _beta.SetRows(rows);
        for (int r = 0; r < rows; r++)
        {
            var z = _z.Row(r);
            var alpha = _alpha.Row(r);
            var beta = _beta.Row(r);
            for (int k = 0; k < ActionSize; k++)
            {
                alpha[k] = (float)(SpecialFunctions.Softplus(z[k]) + 1);
                beta[k] = (float)(SpecialFunctions.Softplus(z[ActionSize + k]) + 1);
            }
        }

        _rows = rows;
    }

    public override void Sample(Pcg64 rng, Span<float> actions)
    {
        int rows = HeadGuards.RowsWithActions(this, _rows, actions.Length);
        var alpha = _alpha.Span;
        var beta = _beta.Span;
        for (int i = 0; i < rows * ActionSize; i++)
        {
            int k = i % ActionSize;
            double x = GammaSampler.Beta(rng, alpha[i], beta[i]);
            actions[i] = Math.Clamp((float)(_low[k] + (_width[k] * x)), _low[k], _low[k] + _width[k]);
        }
    }

    public override void Mode(Span<float> actions)
    {
        int rows = HeadGuards.RowsWithActions(this, _rows, actions.Length);
        var alpha = _alpha.Span;
        var beta = _beta.Span;
        for (int i = 0; i < rows * ActionSize; i++)
        {
            int k = i % ActionSize;
            double denominator = alpha[i] + beta[i] - 2.0;
            double x = denominator > 1e-12 ? (alpha[i] - 1.0) / denominator : 0.5;
            actions[i] = (float)(_low[k] + (_width[k] * x));
        }
    }

    public override void LogProb(ReadOnlySpan<float> actions, Span<float> logProb)
    {
        int rows = HeadGuards.RowsWithActions(this, _rows, actions.Length);
        HeadGuards.CheckLength(this, logProb.Length, rows, "logProb");
        var alpha = _alpha.Span;
        var beta = _beta.Span;
        for (int r = 0; r < rows; r++)
        {
            double sum = -_logWidthSum;
            for (int i = r * ActionSize; i < (r + 1) * ActionSize; i++)
            {
                double x = UnitAction(actions[i], i % ActionSize);
                double a = alpha[i], b = beta[i];
                sum += ((a - 1) * Math.Log(x)) + ((b - 1) * SpecialFunctions.Log1P(-x)) - SpecialFunctions.LogBeta(a, b);
            }

            logProb[r] = (float)sum;
        }
    }

    public override void Entropy(Span<float> entropy)
    {
        int rows = HeadGuards.Rows(this, _rows);
        HeadGuards.CheckLength(this, entropy.Length, rows, "entropy");
        var alpha = _alpha.Span;
        var beta = _beta.Span;
        for (int r = 0; r < rows; r++)
        {
            double sum = _logWidthSum;
            for (int i = r * ActionSize; i < (r + 1) * ActionSize; i++)
            {
                double a = alpha[i], b = beta[i];
                sum += SpecialFunctions.LogBeta(a, b)
                    - ((a - 1) * SpecialFunctions.Digamma(a))
                    - ((b - 1) * SpecialFunctions.Digamma(b))
                    + ((a + b - 2) * SpecialFunctions.Digamma(a + b));
            }

            entropy[r] = (float)sum;
        }
    }

    public override Tensor Backward(ReadOnlySpan<float> actions, ReadOnlySpan<float> gradLogProb, ReadOnlySpan<float> gradEntropy)
    {
        int rows = HeadGuards.Rows(this, _rows);
        HeadGuards.CheckBackward(this, rows, actions, gradLogProb, gradEntropy);
        _gradZ.SetRows(rows);
        var alpha = _alpha.Span;
        var beta = _beta.Span;
        for (int r = 0; r < rows; r++)
        {
            double gl = gradLogProb[r];
            double ge = gradEntropy.IsEmpty ? 0 : gradEntropy[r];
            var z = _z!.Row(r);
            var gz = _gradZ.Row(r);
            for (int k = 0; k < ActionSize; k++)
            {
                int i = (r * ActionSize) + k;
                double x = UnitAction(actions[i], k);
                double a = alpha[i], b = beta[i];
                double psiAb = SpecialFunctions.Digamma(a + b);
                double triAb = SpecialFunctions.Trigamma(a + b);

                // d log p/dα = ln x − ψ(α) + ψ(α+β); dH/dα = −(α−1)ψ′(α) + (α+β−2)ψ′(α+β); likewise for β.
                double dAlpha = (gl * (Math.Log(x) - SpecialFunctions.Digamma(a) + psiAb))
                    + (ge * ((-(a - 1) * SpecialFunctions.Trigamma(a)) + ((a + b - 2) * triAb)));
                double dBeta = (gl * (SpecialFunctions.Log1P(-x) - SpecialFunctions.Digamma(b) + psiAb))
                    + (ge * ((-(b - 1) * SpecialFunctions.Trigamma(b)) + ((a + b - 2) * triAb)));

                // dα/dz = σ(z) (derivative of softplus).
                gz[k] = (float)(dAlpha * SpecialFunctions.Sigmoid(z[k]));
                gz[ActionSize + k] = (float)(dBeta * SpecialFunctions.Sigmoid(z[ActionSize + k]));
            }
        }

        return _linear.Backward(_gradZ);
    }

    public override string Describe() => $"Beta({LatentSize} -> {ActionSize})";

    private double UnitAction(float action, int k)
    {
        double x = (action - (double)_low[k]) / _width[k];
        if (double.IsNaN(x))
        {
            throw new ArgumentException($"{Describe()}: action element {k} is NaN.");
        }

        return Math.Clamp(x, BoundaryEpsilon, 1 - BoundaryEpsilon);
    }
}
