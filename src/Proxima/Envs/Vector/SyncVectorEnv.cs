using Proxima.Envs.Spaces;

namespace Proxima.Envs.Vector;

/// <summary>
/// Steps its environments one after the other on the calling thread (Gymnasium's <c>SyncVectorEnv</c>, with
/// Stable-Baselines3's same-step autoreset as documented on <see cref="IVectorEnv"/>). Nothing is allocated per step
/// beyond what the environments themselves allocate. An exception thrown by an environment is rethrown as a
/// <see cref="VectorEnvException"/> naming its index and the step; the vector environment must then be reset.
/// Disposing disposes the environments.
/// </summary>
public sealed class SyncVectorEnv : IVectorEnv, IStatefulVectorEnv
{
    private readonly VectorEnvCore _core;
    private bool _disposed;

    /// <summary>Wraps <paramref name="envs"/> (distinct instances sharing their spaces); the vector environment owns them.</summary>
    public SyncVectorEnv(IReadOnlyList<IEnv> envs)
    {
        _core = new VectorEnvCore(envs);
    }

    /// <summary>Builds <paramref name="count"/> environments with <paramref name="factory"/>(0 … count − 1).</summary>
    public SyncVectorEnv(Func<int, IEnv> factory, int count)
        : this(Build(factory, count))
    {
    }

    /// <inheritdoc />
    public int NumEnvs => _core.NumEnvs;

    /// <inheritdoc />
    public Space ObservationSpace => _core.ObservationSpace;

    /// <inheritdoc />
    public Space ActionSpace => _core.ActionSpace;

    /// <inheritdoc />
    public VectorStepData Data => _core.Data;

    /// <summary>The environments, by row.</summary>
    public IReadOnlyList<IEnv> Envs => _core.Envs;

    /// <summary>Number of <see cref="Step"/> calls since creation.</summary>
    public long StepCount => _core.StepCount;

    /// <inheritdoc />
    public bool CanCaptureState => _core.CanCaptureState;

    /// <inheritdoc />
    public VectorEnvState CaptureState() => _core.CaptureState();

    /// <inheritdoc />
    public void RestoreState(VectorEnvState state) => _core.RestoreState(state);

    /// <inheritdoc />
    public void Reset(ulong? seed = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _core.Ready = false;
        _core.ResetRange(0, _core.NumEnvs, seed);
        _core.Ready = true;
    }

    /// <inheritdoc />
    public void Step(ReadOnlySpan<float> actions)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _core.CheckCanStep(actions);
        _core.StepCount++;
        try
        {
            _core.StepRange(0, _core.NumEnvs, actions);
        }
        catch (VectorEnvException)
        {
            _core.Ready = false;
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _core.DisposeEnvs();
    }

    internal static IEnv[] Build(Func<int, IEnv> factory, int count)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "A vector environment needs at least one environment.");
        }

        var envs = new IEnv[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                envs[i] = factory(i) ?? throw new InvalidOperationException($"The environment factory returned null for index {i}.");
            }
        }
        catch
        {
            foreach (var env in envs)
            {
                env?.Dispose();
            }

            throw;
        }

        return envs;
    }
}
