using Proxima.Envs.Spaces;

namespace Proxima.Envs.Vector;

/// <summary>
/// Base of vector-environment wrappers: forwards everything to <see cref="Inner"/>. Wrappers that change what the
/// trainer sees override <see cref="Reset"/>/<see cref="Step"/> and usually publish their own buffers
/// (<see cref="CreateOwnData"/> and <see cref="CopyData"/>) so the inner environment's raw data stays available.
/// Disposing disposes the inner environment.
/// </summary>
public abstract class VectorEnvWrapper : IVectorEnv, IStatefulVectorEnv
{
    private bool _disposed;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    protected VectorEnvWrapper(IVectorEnv inner)
    {
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));
    }

    /// <summary>The wrapped vector environment.</summary>
    public IVectorEnv Inner { get; }

    /// <inheritdoc />
    public virtual int NumEnvs => Inner.NumEnvs;

    /// <inheritdoc />
    public virtual Space ObservationSpace => Inner.ObservationSpace;

    /// <inheritdoc />
    public virtual Space ActionSpace => Inner.ActionSpace;

    /// <inheritdoc />
    public virtual VectorStepData Data => Inner.Data;

    /// <inheritdoc />
    public virtual void Reset(ulong? seed = null) => Inner.Reset(seed);

    /// <inheritdoc />
    public virtual void Step(ReadOnlySpan<float> actions) => Inner.Step(actions);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the inner environment (override to release more, calling the base).</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }
    }

    /// <inheritdoc />
    public bool CanCaptureState => Inner is IStatefulVectorEnv { CanCaptureState: true };

    /// <inheritdoc />
    public VectorEnvState CaptureState()
    {
        var inner = StatefulInner().CaptureState();
        var statistics = new Dictionary<string, double[]>(inner.Statistics, StringComparer.Ordinal);
        CaptureStatistics(statistics);
        return inner with { Statistics = statistics };
    }

    /// <inheritdoc />
    public void RestoreState(VectorEnvState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        StatefulInner().RestoreState(state);
        RestoreStatistics(state.Statistics);
        RefreshData();
    }

    /// <summary>Adds this wrapper's own statistics (e.g. running moments) under unique names.</summary>
    protected virtual void CaptureStatistics(IDictionary<string, double[]> statistics)
    {
    }

    /// <summary>Restores this wrapper's own statistics; throws <see cref="ArgumentException"/> when missing or misshapen.</summary>
    protected virtual void RestoreStatistics(IReadOnlyDictionary<string, double[]> statistics)
    {
    }

    /// <summary>After a restore, rebuilds this wrapper's buffers from the inner environment's (default: none of its own).</summary>
    protected virtual void RefreshData()
    {
        if (!ReferenceEquals(Data, Inner.Data))
        {
            CopyData(Inner.Data, Data);
        }
    }

    /// <summary>Reads a named statistic saved by <see cref="CaptureStatistics"/>, checking its length.</summary>
    protected static double[] Statistic(IReadOnlyDictionary<string, double[]> statistics, string name, int length)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return statistics.TryGetValue(name, out var values) && values.Length == length
            ? values
            : throw new ArgumentException($"The saved environment state lacks '{name}' with {length} value(s).", nameof(statistics));
    }

    /// <summary>Saves <paramref name="moments"/> as <c>{prefix}.mean</c>, <c>{prefix}.var</c> and <c>{prefix}.count</c>.</summary>
    private protected static void CaptureMoments(IDictionary<string, double[]> statistics, string prefix, RunningMeanStd moments)
    {
        statistics[prefix + ".mean"] = moments.Mean.ToArray();
        statistics[prefix + ".var"] = moments.Variance.ToArray();
        statistics[prefix + ".count"] = [moments.Count];
    }

    /// <summary>Restores <paramref name="moments"/> from what <see cref="CaptureMoments"/> saved under <paramref name="prefix"/>.</summary>
    private protected static void RestoreMoments(IReadOnlyDictionary<string, double[]> statistics, string prefix, RunningMeanStd moments)
    {
        int size = moments.Size;
        moments.Set(Statistic(statistics, prefix + ".mean", size), Statistic(statistics, prefix + ".var", size), Statistic(statistics, prefix + ".count", 1)[0]);
    }

    private IStatefulVectorEnv StatefulInner() => Inner as IStatefulVectorEnv
        ?? throw new NotSupportedException($"{Inner.GetType().Name} cannot capture its state.");

    /// <summary>New buffers shaped like the inner environment's data.</summary>
    protected VectorStepData CreateOwnData()
    {
        var data = Inner.Data;
        return new VectorStepData(data.NumEnvs, data.ObservationSize, data.ActionMaskSize);
    }

    /// <summary>Copies every buffer of <paramref name="source"/> into <paramref name="destination"/> (same shapes).</summary>
    protected static void CopyData(VectorStepData source, VectorStepData destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        source.Observations.CopyTo(destination.Observations, 0);
        source.FinalObservations.CopyTo(destination.FinalObservations, 0);
        source.Rewards.CopyTo(destination.Rewards, 0);
        source.Terminated.CopyTo(destination.Terminated, 0);
        source.Truncated.CopyTo(destination.Truncated, 0);
        source.EpisodeReturns.CopyTo(destination.EpisodeReturns, 0);
        source.EpisodeLengths.CopyTo(destination.EpisodeLengths, 0);
        source.ActionMasks?.CopyTo(destination.ActionMasks!, 0);
    }
}
