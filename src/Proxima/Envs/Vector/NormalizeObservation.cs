using Proxima.Envs.Spaces;

namespace Proxima.Envs.Vector;

/// <summary>
/// Normalises observations with running statistics over every row, as Stable-Baselines3's <c>VecNormalize</c>
/// (<c>norm_obs</c>): after each <see cref="Reset"/> and <see cref="Step"/> (unless <see cref="Frozen"/>) the current
/// observations of all environments are merged into <see cref="Statistics"/>, then every observation is written as
/// <c>clip((x − mean) / sqrt(var + ε), −clip, clip)</c>. <c>Data.FinalObservations</c> rows of finished episodes are
/// normalised with the same statistics; rewards, flags and episode statistics pass through unchanged, and the raw
/// observations remain in <c>Inner.Data</c>. Needs a <see cref="Box"/> observation space or a <see cref="DictSpace"/> of
/// boxes (each element gets its own statistics either way); allocates nothing per step.
/// </summary>
public sealed class NormalizeObservation : VectorEnvWrapper
{
    private readonly VectorStepData _data;
    private readonly RunningMeanStd _statistics;

    /// <summary>Wraps <paramref name="env"/> with normalisation constant <paramref name="epsilon"/> and clipping range ±<paramref name="clip"/>.</summary>
    public NormalizeObservation(IVectorEnv env, double epsilon = 1e-8, double clip = 10)
        : base(env)
    {
        ObservationSpace = ClippedSpace(env.ObservationSpace, (float)clip)
            ?? throw new ArgumentException(
                $"Observation normalization needs a Box observation space or a Dict of Boxes, got {env.ObservationSpace}; " +
                "discrete parts cannot be normalized (set normalize: false, or normalize inside the environment).", nameof(env));

        if (!(epsilon >= 0) || double.IsInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be finite and non-negative.");
        }

        if (!(clip > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(clip), clip, "The clipping range must be positive (use double.PositiveInfinity for none).");
        }

        Epsilon = epsilon;
        Clip = clip;
        _statistics = new RunningMeanStd(env.ObservationSpace.Size);
        _data = CreateOwnData();
    }

    // The space of normalized observations: every Box becomes ±clip with its shape; a Dict keeps its keys and order, so
    // the flat layout is unchanged and per-element statistics normalize each key separately (as VecNormalize does).
    private static Space? ClippedSpace(Space space, float clip) => space switch
    {
        Box box => new Box(-clip, clip, box.Shape),
        DictSpace dict when dict.Entries.All(e => e.Space is Box) =>
            new DictSpace(dict.Entries.Select(e => (e.Key, ClippedSpace(e.Space, clip)!)).ToArray()),
        _ => null,
    };

    /// <summary>Added to the variance before taking the square root.</summary>
    public double Epsilon { get; }

    /// <summary>Normalised observations are clipped to ±Clip.</summary>
    public double Clip { get; }

    /// <summary>When true the statistics are no longer updated (evaluation, or after loading a checkpoint for inference).</summary>
    public bool Frozen { get; set; }

    /// <summary>
    /// The running statistics (mean, variance and count per observation element). Setting copies the given statistics
    /// (for restoring a checkpoint); they must have the observation size.
    /// </summary>
    public RunningMeanStd Statistics
    {
        get => _statistics;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Size != _statistics.Size)
            {
                throw new ArgumentException($"The statistics must have {_statistics.Size} elements, got {value.Size}.", nameof(value));
            }

            _statistics.CopyFrom(value);
        }
    }

    /// <summary>The inner observation space with every box replaced by ±<see cref="Clip"/> of the same shape.</summary>
    public override Space ObservationSpace { get; }

    /// <summary>The normalised buffers (the raw ones are <c>Inner.Data</c>).</summary>
    public override VectorStepData Data => _data;

    /// <inheritdoc />
    public override void Reset(ulong? seed = null)
    {
        Inner.Reset(seed);
        Publish(anyFinal: false);
    }

    /// <inheritdoc />
    public override void Step(ReadOnlySpan<float> actions)
    {
        Inner.Step(actions);
        Publish(anyFinal: true);
    }

    /// <summary>
    /// Normalises <paramref name="rows"/> (whole observations) into <paramref name="destination"/> with the current
    /// statistics, without updating them (for evaluation environments and stored observations).
    /// </summary>
    public void Normalize(ReadOnlySpan<float> rows, Span<float> destination) => _statistics.Normalize(rows, destination, Epsilon, Clip);

    /// <inheritdoc />
    protected override void CaptureStatistics(IDictionary<string, double[]> statistics)
    {
        CaptureMoments(statistics, "obs_rms", _statistics);
    }

    /// <inheritdoc />
    protected override void RestoreStatistics(IReadOnlyDictionary<string, double[]> statistics)
    {
        RestoreMoments(statistics, "obs_rms", _statistics);
    }

    /// <inheritdoc />
    protected override void RefreshData()
    {
        CopyData(Inner.Data, _data);
        Normalize(Inner.Data.Observations, _data.Observations);
    }

    private void Publish(bool anyFinal)
    {
        var raw = Inner.Data;
        CopyData(raw, _data);
        if (!Frozen)
        {
            _statistics.Update(raw.Observations);
        }

        Normalize(raw.Observations, _data.Observations);
        if (anyFinal)
        {
            for (int i = 0; i < raw.NumEnvs; i++)
            {
                if (raw.Terminated[i] || raw.Truncated[i])
                {
                    Normalize(raw.FinalObservation(i), _data.FinalObservation(i));
                }
            }
        }
    }
}
