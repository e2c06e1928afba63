using Proxima.Envs.Spaces;

namespace Proxima.Envs.Vector;

/// <summary>
/// Base of vector-environment wrappers: forwards everything to <see cref="Inner"/>. Wrappers that change what the
/// trainer sees override <see cref="Reset"/>/<see cref="Step"/> and usually publish their own buffers
/// (<see cref="CreateOwnData"/> and <see cref="CopyData"/>) so the inner environment's raw data stays available.
/// Disposing disposes the inner environment.
/// </summary>
public abstract class VectorEnvWrapper : IVectorEnv
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
