using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Distributions;

/// <summary>
/// Generalized state-dependent exploration (gSDE, Raffin et al. 2021, as in Stable-Baselines3) for Box actions.
/// The mean comes from a linear layer (<c>linear.*</c>). Exploration uses per-row noise matrices ε [latent, actionDim]
/// with entries drawn from N(0, std²) by <see cref="ResetNoise"/> and held fixed until the next reset; the action is
/// mean + latentᵀ·ε. std = exp(<c>log_std</c>) (or expln when enabled), with <c>log_std</c> of shape
/// [latent, actionDim] (full std) or [latent, 1] (one value per latent feature, shared by the action dimensions).
/// The distribution scored by <see cref="LogProb"/> and <see cref="Entropy"/> is the Gaussian with that mean and
/// variance Σ_j latent_j²·std_jk² (+1e-6) per action dimension. By default the latent is detached in the variance
/// (no gradient flows from the variance into the latent), as SB3 does unless <c>learn_features</c> is set.
/// </summary>
public sealed class GsdeHead : ActionHead
{
    /// <summary>Added to the variance for numerical safety (SB3's epsilon).</summary>
    public const double VarianceEpsilon = 1e-6;

    private readonly Linear _mean;
    private readonly Parameter _logStd;
    private readonly float[] _std;
    private readonly double[] _gradStd;
    private readonly Tensor _variance;
    private readonly Tensor _gradMean;
    private readonly Tensor _gradLatent;
    private float[] _noise = [];
    private int _noiseRows;
    private Tensor? _latent;
    private Tensor? _meanOut;
    private int _rows = -1;

    /// <summary>Creates a gSDE head for <paramref name="actionDim"/> continuous dimensions.</summary>
    /// <param name="latentSize">Latent features (also the exploration features).</param>
    /// <param name="actionDim">Action dimensions.</param>
    /// <param name="logStdInit">Initial value of every <c>log_std</c> entry.</param>
    /// <param name="fullStd">One log-std per (feature, action dimension) rather than per feature.</param>
    /// <param name="useExpln">std = expln(log_std): exp below 0, log1p(x) + 1 above, so it grows only logarithmically.</param>
    /// <param name="learnFeatures">Backpropagate the variance's dependence on the latent (SB3's learn_features).</param>
    public GsdeHead(int latentSize, int actionDim, float logStdInit = 0f, bool fullStd = true, bool useExpln = false, bool learnFeatures = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionDim, 1);
        LatentSize = latentSize;
        ActionSize = actionDim;
        FullStd = fullStd;
        UseExpln = useExpln;
        LearnFeatures = learnFeatures;
        _mean = new Linear(latentSize, actionDim);
        _logStd = new Parameter("log_std", latentSize, fullStd ? actionDim : 1);
        _logStd.Value.Fill(logStdInit);
        _std = new float[latentSize * actionDim];
        _gradStd = new double[latentSize * actionDim];
        _variance = new Tensor(0, actionDim);
        _gradMean = new Tensor(0, actionDim);
        _gradLatent = new Tensor(0, latentSize);
    }

    public override int LatentSize { get; }

    public override int ActionSize { get; }

    /// <summary>Whether <c>log_std</c> has one entry per (feature, action dimension).</summary>
    public bool FullStd { get; }

    /// <summary>Whether std = expln(log_std) instead of exp(log_std).</summary>
    public bool UseExpln { get; }

    /// <summary>Whether the variance's gradient reaches the latent.</summary>
    public bool LearnFeatures { get; }

    /// <summary>Means <c>[B, actionDim]</c> of the last Forward.</summary>
    public ReadOnlySpan<float> Mean => _meanOut is null ? default : _meanOut.Span;

    /// <summary>Variances <c>[B, actionDim]</c> of the last Forward (including <see cref="VarianceEpsilon"/>).</summary>
    public ReadOnlySpan<float> Variance => _variance.Span;

    /// <summary>Rows of exploration noise drawn by the last <see cref="ResetNoise"/> (0 before the first).</summary>
    public int NoiseRows => _noiseRows;

    /// <summary>The exploration matrices <c>[NoiseRows, latent, actionDim]</c>.</summary>
    public ReadOnlySpan<float> Noise => _noise.AsSpan(0, _noiseRows * LatentSize * ActionSize);

    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
    {
        foreach (var item in _mean.NamedParameters("linear."))
        {
            yield return item;
        }

        yield return ("log_std", _logStd);
    }

    /// <summary>
    /// Draws <paramref name="rows"/> exploration matrices with entries N(0, std_jk²) from the current <c>log_std</c>
    /// (row-major: row, feature, action dimension). A single row is shared by every row of later batches.
    /// </summary>
    public override void ResetNoise(Pcg64 rng, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        int size = LatentSize * ActionSize;
        if (_noise.Length < rows * size)
        {
            _noise = new float[rows * size];
        }

        ComputeStd();
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < size; i++)
            {
                _noise[(r * size) + i] = (float)(_std[i] * rng.NextGaussian());
            }
        }

        _noiseRows = rows;
    }

    public override void Forward(Tensor latent, ReadOnlySpan<bool> actionMasks = default)
    {
        HeadGuards.CheckLatent(this, latent);
        int rows = latent.Rows;
        HeadGuards.CheckMasks(this, actionMasks, rows);
        _latent = latent;
        _meanOut = _mean.Forward(latent);
        ComputeStd();
        _variance.SetRows(rows);
        for (int r = 0; r < rows; r++)
        {
            var x = latent.Row(r);
            var v = _variance.Row(r);
            for (int k = 0; k < ActionSize; k++)
            {
                double sum = VarianceEpsilon;
                for (int j = 0; j < LatentSize; j++)
                {
                    double xs = (double)x[j] * _std[(j * ActionSize) + k];
                    sum += xs * xs;
                }

                v[k] = (float)sum;
            }
        }

        _rows = rows;
    }

    /// <summary>mean + latentᵀ·ε with the noise of the last <see cref="ResetNoise"/>; <paramref name="rng"/> is not used.</summary>
    public override void Sample(Pcg64 rng, Span<float> actions)
    {
        int rows = HeadGuards.RowsWithActions(this, _rows, actions.Length);
        if (_noiseRows == 0)
        {
            throw new InvalidOperationException($"{Describe()}: call ResetNoise before sampling; gSDE holds its exploration noise fixed between resets.");
        }

        if (_noiseRows != rows && _noiseRows != 1)
        {
            throw new InvalidOperationException(
                $"{Describe()}: the batch has {rows} rows but ResetNoise drew noise for {_noiseRows}; reset with {rows} rows (or 1 to share one matrix).");
        }

        int size = LatentSize * ActionSize;
        var mean = _meanOut!.Span;
        for (int r = 0; r < rows; r++)
        {
            var x = _latent!.Row(r);
            var eps = _noise.AsSpan((_noiseRows == 1 ? 0 : r) * size, size);
            for (int k = 0; k < ActionSize; k++)
            {
                double a = mean[(r * ActionSize) + k];
                for (int j = 0; j < LatentSize; j++)
                {
                    a += (double)x[j] * eps[(j * ActionSize) + k];
                }

                actions[(r * ActionSize) + k] = (float)a;
            }
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
        var variance = _variance.Span;
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int i = r * ActionSize; i < (r + 1) * ActionSize; i++)
            {
                double d = actions[i] - mean[i];
                sum += GaussianMath.LogDensity(d * d / variance[i], 0.5 * Math.Log(variance[i]));
            }

            logProb[r] = (float)sum;
        }
    }

    public override void Entropy(Span<float> entropy)
    {
        int rows = HeadGuards.Rows(this, _rows);
        HeadGuards.CheckLength(this, entropy.Length, rows, "entropy");
        var variance = _variance.Span;
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int i = r * ActionSize; i < (r + 1) * ActionSize; i++)
            {
                sum += GaussianMath.Entropy(0.5 * Math.Log(variance[i]));
            }

            entropy[r] = (float)sum;
        }
    }

    public override Tensor Backward(ReadOnlySpan<float> actions, ReadOnlySpan<float> gradLogProb, ReadOnlySpan<float> gradEntropy)
    {
        int rows = HeadGuards.Rows(this, _rows);
        HeadGuards.CheckBackward(this, rows, actions, gradLogProb, gradEntropy);
        var mean = _meanOut!.Span;
        var latent = _latent!;
        _gradMean.SetRows(rows);
        _gradLatent.SetRows(rows);
        var gMean = _gradMean.Span;
        Array.Clear(_gradStd);

        for (int r = 0; r < rows; r++)
        {
            double gl = gradLogProb[r];
            double ge = gradEntropy.IsEmpty ? 0 : gradEntropy[r];
            var x = latent.Row(r);
            var v = _variance.Row(r);
            var gx = _gradLatent.Row(r);
            gx.Clear();
            for (int k = 0; k < ActionSize; k++)
            {
                int i = (r * ActionSize) + k;
                double d = actions[i] - mean[i];
                double z2 = d * d / v[k];
                gMean[i] = (float)(gl * d / v[k]);

                // d/d log σ_k = gl (z² − 1) + ge, and d log σ_k / d var_k = 1 / (2 var_k).
                double gVar = GaussianMath.LogStdGradient(gl, ge, z2) / (2 * v[k]);

                // var_k = Σ_j x_j² s_jk² + ε.
                for (int j = 0; j < LatentSize; j++)
                {
                    double s = _std[(j * ActionSize) + k];
                    double xj = x[j];
                    _gradStd[(j * ActionSize) + k] += gVar * 2 * xj * xj * s;
                    if (LearnFeatures)
                    {
                        gx[j] += (float)(gVar * 2 * xj * s * s);
                    }
                }
            }
        }

        var logStd = _logStd.Value;
        var gradLogStd = _logStd.Grad;
        for (int j = 0; j < LatentSize; j++)
        {
            for (int k = 0; k < ActionSize; k++)
            {
                int p = FullStd ? (j * ActionSize) + k : j;
                gradLogStd[p] += (float)(_gradStd[(j * ActionSize) + k] * StdDerivative(logStd[p], _std[(j * ActionSize) + k]));
            }
        }

        var fromMean = _mean.Backward(_gradMean).Span;
        var dst = _gradLatent.Span;
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] += fromMean[i];
        }

        return _gradLatent;
    }

    public override string Describe() =>
        $"Gsde({LatentSize} -> {ActionSize}{(FullStd ? string.Empty : ", shared std")}{(UseExpln ? ", expln" : string.Empty)})";

    private void ComputeStd()
    {
        var logStd = _logStd.Value;
        for (int j = 0; j < LatentSize; j++)
        {
            for (int k = 0; k < ActionSize; k++)
            {
                double l = logStd[FullStd ? (j * ActionSize) + k : j];
                _std[(j * ActionSize) + k] = (float)(UseExpln && l > 0 ? SpecialFunctions.Log1P(l) + 1 : Math.Exp(l));
            }
        }
    }

    private double StdDerivative(float logStd, float std) => UseExpln && logStd > 0 ? 1 / (1.0 + logStd) : std;
}
