namespace Proxima.Envs.Vector;

/// <summary>
/// Scales rewards as Stable-Baselines3's <c>VecNormalize</c> (<c>norm_reward</c>): each environment keeps a discounted
/// return <c>G ← γ·G + r</c> (zeroed at reset and when its episode ends), the running variance of these returns over
/// all rows is updated every step (unless <see cref="Frozen"/>), and the published reward is
/// <c>clip(r / sqrt(var + ε), −clip, clip)</c>; rewards are not centred. <c>Data.EpisodeReturns</c> stay the raw
/// undiscounted returns, and the raw rewards remain in <c>Inner.Data</c>. Allocates nothing per step.
/// </summary>
public sealed class NormalizeReward : VectorEnvWrapper
{
    private readonly VectorStepData _data;
    private readonly RunningMeanStd _statistics = new(1);
    private readonly double[] _returns;

    /// <summary>Wraps <paramref name="env"/> with discount <paramref name="gamma"/>, constant <paramref name="epsilon"/> and clipping ±<paramref name="clip"/>.</summary>
    public NormalizeReward(IVectorEnv env, double gamma = 0.99, double epsilon = 1e-8, double clip = 10)
        : base(env)
    {
        if (!(gamma >= 0 && gamma <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "The discount must be in [0, 1].");
        }

        if (!(epsilon >= 0) || double.IsInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be finite and non-negative.");
        }

        if (!(clip > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(clip), clip, "The clipping range must be positive (use double.PositiveInfinity for none).");
        }

        Gamma = gamma;
        Epsilon = epsilon;
        Clip = clip;
        _data = CreateOwnData();
        _returns = new double[env.NumEnvs];
    }

    /// <summary>Discount of the return whose variance scales the rewards.</summary>
    public double Gamma { get; }

    /// <summary>Added to the variance before taking the square root.</summary>
    public double Epsilon { get; }

    /// <summary>Scaled rewards are clipped to ±Clip.</summary>
    public double Clip { get; }

    /// <summary>When true the statistics are no longer updated.</summary>
    public bool Frozen { get; set; }

    /// <summary>Running statistics of the discounted returns (size 1). Setting copies the given statistics (checkpoints).</summary>
    public RunningMeanStd Statistics
    {
        get => _statistics;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Size != 1)
            {
                throw new ArgumentException($"The return statistics must have 1 element, got {value.Size}.", nameof(value));
            }

            _statistics.CopyFrom(value);
        }
    }

    /// <summary>The discounted return of each environment's current episode (as tracked for the statistics).</summary>
    public ReadOnlySpan<double> DiscountedReturns => _returns;

    /// <summary>The scaled buffers (the raw ones are <c>Inner.Data</c>).</summary>
    public override VectorStepData Data => _data;

    /// <inheritdoc />
    protected override void CaptureStatistics(IDictionary<string, double[]> statistics)
    {
        CaptureMoments(statistics, "ret_rms", _statistics);
        statistics["ret_rms.returns"] = (double[])_returns.Clone();
    }

    /// <inheritdoc />
    protected override void RestoreStatistics(IReadOnlyDictionary<string, double[]> statistics)
    {
        RestoreMoments(statistics, "ret_rms", _statistics);
        Statistic(statistics, "ret_rms.returns", _returns.Length).CopyTo(_returns, 0);
    }

    /// <inheritdoc />
    public override void Reset(ulong? seed = null)
    {
        Inner.Reset(seed);
        Array.Clear(_returns);
        CopyData(Inner.Data, _data);
    }

    /// <inheritdoc />
    public override void Step(ReadOnlySpan<float> actions)
    {
        Inner.Step(actions);
        var raw = Inner.Data;
        CopyData(raw, _data);
        for (int i = 0; i < _returns.Length; i++)
        {
            _returns[i] = (_returns[i] * Gamma) + raw.Rewards[i];
        }

        if (!Frozen)
        {
            _statistics.Update(_returns);
        }

        Normalize(raw.Rewards, _data.Rewards);
        for (int i = 0; i < _returns.Length; i++)
        {
            if (raw.Terminated[i] || raw.Truncated[i])
            {
                _returns[i] = 0;
            }
        }
    }

    /// <summary>Scales <paramref name="rewards"/> into <paramref name="destination"/> with the current statistics, without updating them.</summary>
    public void Normalize(ReadOnlySpan<float> rewards, Span<float> destination)
    {
        if (destination.Length != rewards.Length)
        {
            throw new ArgumentException($"The destination must have {rewards.Length} values, got {destination.Length}.", nameof(destination));
        }

        double std = Math.Sqrt(_statistics.Variance[0] + Epsilon);
        for (int i = 0; i < rewards.Length; i++)
        {
            destination[i] = (float)Math.Clamp(rewards[i] / std, -Clip, Clip);
        }
    }
}
