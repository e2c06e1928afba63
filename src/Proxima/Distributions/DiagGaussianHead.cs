using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Distributions;

/// <summary>
/// Diagonal Gaussian over a Box action: the mean comes from a linear layer (<c>linear.*</c>); the log standard deviation
/// is either a state-independent parameter <c>log_std</c> [actionDim] initialised to the given value, or (state-dependent)
/// the output of a second linear layer (<c>log_std_linear.*</c>) plus the initial value, clamped to
/// [<see cref="MinStateDependentLogStd"/>, <see cref="MaxStateDependentLogStd"/>].
/// Samples are mean + std·N(0, 1), unclipped; log-probability and entropy are summed over the action dimensions.
/// </summary>
public sealed class DiagGaussianHead : ActionHead
{
    /// <summary>Lower clamp of a state-dependent log standard deviation.</summary>
    public const float MinStateDependentLogStd = -20f;

    /// <summary>Upper clamp of a state-dependent log standard deviation.</summary>
    public const float MaxStateDependentLogStd = 2f;

    private readonly Linear _mean;
    private readonly Linear? _logStdLinear;
    private readonly Parameter? _logStd;
    private readonly float _logStdInit;
    private readonly Tensor _logStdOut;
    private readonly Tensor _gradMean;
    private readonly Tensor _gradLogStd;
    private readonly Tensor _gradLatent;
    private Tensor? _meanOut;
    private int _rows = -1;

    /// <summary>Creates a head for <paramref name="actionDim"/> continuous dimensions.</summary>
    public DiagGaussianHead(int latentSize, int actionDim, float logStdInit = 0f, bool stateDependentStd = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionDim, 1);
        LatentSize = latentSize;
        ActionSize = actionDim;
        _logStdInit = logStdInit;
        _mean = new Linear(latentSize, actionDim);
        if (stateDependentStd)
        {
            _logStdLinear = new Linear(latentSize, actionDim);
        }
        else
        {
            _logStd = new Parameter("log_std", actionDim);
            _logStd.Value.Fill(logStdInit);
        }

        _logStdOut = new Tensor(0, actionDim);
        _gradMean = new Tensor(0, actionDim);
        _gradLogStd = new Tensor(0, actionDim);
        _gradLatent = new Tensor(0, latentSize);
    }

    public override int LatentSize { get; }

    public override int ActionSize { get; }

    /// <summary>Whether the log standard deviation is predicted from the latent.</summary>
    public bool StateDependentStd => _logStdLinear is not null;

    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
    {
        foreach (var item in _mean.NamedParameters("linear."))
        {
            yield return item;
        }

        if (_logStdLinear is not null)
        {
            foreach (var item in _logStdLinear.NamedParameters("log_std_linear."))
            {
                yield return item;
            }
        }
        else
        {
            yield return ("log_std", _logStd!);
        }
    }

    /// <summary>Means <c>[B, actionDim]</c> of the last Forward.</summary>
    public ReadOnlySpan<float> Mean => _meanOut is null ? default : _meanOut.Span;

    /// <summary>Log standard deviations <c>[B, actionDim]</c> of the last Forward.</summary>
    public ReadOnlySpan<float> LogStd => _logStdOut.Span;

    public override void Forward(Tensor latent, ReadOnlySpan<bool> actionMasks = default)
    {
        HeadGuards.CheckLatent(this, latent);
        int rows = latent.Rows;
        HeadGuards.CheckMasks(this, actionMasks, rows);
        _meanOut = _mean.Forward(latent);
        _logStdOut.SetRows(rows);
        if (_logStdLinear is not null)
        {
            var raw = _logStdLinear.Forward(latent).Span;
            var dst = _logStdOut.Span;
            for (int i = 0; i < dst.Length; i++)
            {
                dst[i] = Math.Clamp(raw[i] + _logStdInit, MinStateDependentLogStd, MaxStateDependentLogStd);
            }
        }
        else
        {
            var p = _logStd!.Value;
            for (int r = 0; r < rows; r++)
            {
                p.CopyTo(_logStdOut.Row(r));
            }
        }

        _rows = rows;
    }

    public override void Sample(Pcg64 rng, Span<float> actions)
    {
        int rows = HeadGuards.RowsWithActions(this, _rows, actions.Length);
        var mean = _meanOut!.Span;
        var logStd = _logStdOut.Span;
        for (int i = 0; i < rows * ActionSize; i++)
        {
            actions[i] = (float)(mean[i] + (Math.Exp(logStd[i]) * rng.NextGaussian()));
        }
    }

    public override void Mode(Span<float> actions)
    {
        HeadGuards.RowsWithActions(this, _rows, actions.Length);
        _meanOut!.Span.CopyTo(actions);
    }

    public override void LogProb(ReadOnlySpan<float> actions, Span<float> logProb)
    {
        int rows = HeadGuards.RowsWithActions(this, _rows, actions.Length);
        HeadGuards.CheckLength(this, logProb.Length, rows, "logProb");
        var mean = _meanOut!.Span;
        var logStd = _logStdOut.Span;
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int k = r * ActionSize; k < (r + 1) * ActionSize; k++)
            {
                double z = (actions[k] - mean[k]) * Math.Exp(-logStd[k]);
                sum += GaussianMath.LogDensity(z * z, logStd[k]);
            }

            logProb[r] = (float)sum;
        }
    }

    public override void Entropy(Span<float> entropy)
    {
        int rows = HeadGuards.Rows(this, _rows);
        HeadGuards.CheckLength(this, entropy.Length, rows, "entropy");
        var logStd = _logStdOut.Span;
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int k = r * ActionSize; k < (r + 1) * ActionSize; k++)
            {
                sum += GaussianMath.Entropy(logStd[k]);
            }

            entropy[r] = (float)sum;
        }
    }

    public override Tensor Backward(ReadOnlySpan<float> actions, ReadOnlySpan<float> gradLogProb, ReadOnlySpan<float> gradEntropy)
    {
        int rows = HeadGuards.Rows(this, _rows);
        HeadGuards.CheckBackward(this, rows, actions, gradLogProb, gradEntropy);
        var mean = _meanOut!.Span;
        var logStd = _logStdOut.Span;
        _gradMean.SetRows(rows);
        _gradLogStd.SetRows(rows);
        var gMean = _gradMean.Span;
        var gLogStd = _gradLogStd.Span;

        // d log p/dμ = (a − μ)/σ², d log p/d log σ = z² − 1, dH/d log σ = 1 (per dimension).
        for (int r = 0; r < rows; r++)
        {
            double gl = gradLogProb[r];
            double ge = gradEntropy.IsEmpty ? 0 : gradEntropy[r];
            for (int k = r * ActionSize; k < (r + 1) * ActionSize; k++)
            {
                double invStd = Math.Exp(-logStd[k]);
                double z = (actions[k] - mean[k]) * invStd;
                gMean[k] = (float)(gl * z * invStd);
                gLogStd[k] = (float)GaussianMath.LogStdGradient(gl, ge, z * z);
            }
        }

        var gradFromMean = _mean.Backward(_gradMean);
        if (_logStdLinear is null)
        {
            var grad = _logStd!.Grad;
            for (int r = 0; r < rows; r++)
            {
                var row = _gradLogStd.Row(r);
                for (int k = 0; k < ActionSize; k++)
                {
                    grad[k] += row[k];
                }
            }

            return gradFromMean;
        }

        // The clamp passes no gradient where it is active.
        for (int i = 0; i < gLogStd.Length; i++)
        {
            if (logStd[i] <= MinStateDependentLogStd || logStd[i] >= MaxStateDependentLogStd)
            {
                gLogStd[i] = 0f;
            }
        }

        _gradLatent.SetRows(rows);
        gradFromMean.Span.CopyTo(_gradLatent.Span);
        var gradFromStd = _logStdLinear.Backward(_gradLogStd).Span;
        var dst = _gradLatent.Span;
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] += gradFromStd[i];
        }

        return _gradLatent;
    }

    public override string Describe() =>
        $"DiagGaussian({LatentSize} -> {ActionSize}{(StateDependentStd ? ", state-dependent std" : string.Empty)})";
}
