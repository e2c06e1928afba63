using Proxima.Envs.Spaces;

namespace Proxima.Envs.Wrappers;

/// <summary>
/// Base of single-environment decorators (Gymnasium's <c>Wrapper</c>): forwards spaces, reset, step, info and action
/// masks to <see cref="Inner"/>; derived wrappers override what they change. Action masks are forwarded when the inner
/// environment provides them (<see cref="ActionMaskSize"/> is 0 otherwise, which vector environments treat as "no
/// mask"). Disposing disposes the inner environment.
/// </summary>
public abstract class EnvWrapper : IEnv, IActionMaskProvider, IStatefulEnv
{
    private bool _disposed;

    /// <summary>Wraps <paramref name="env"/>.</summary>
    protected EnvWrapper(IEnv env)
    {
        Inner = env ?? throw new ArgumentNullException(nameof(env));
    }

    /// <summary>The wrapped environment.</summary>
    public IEnv Inner { get; }

    /// <summary>The innermost environment (following <see cref="Inner"/> through every <see cref="EnvWrapper"/>).</summary>
    public IEnv Unwrapped
    {
        get
        {
            IEnv env = Inner;
            while (env is EnvWrapper wrapper)
            {
                env = wrapper.Inner;
            }

            return env;
        }
    }

    /// <inheritdoc />
    public virtual Space ObservationSpace => Inner.ObservationSpace;

    /// <inheritdoc />
    public virtual Space ActionSpace => Inner.ActionSpace;

    /// <inheritdoc />
    public virtual IReadOnlyDictionary<string, object>? Info => Inner.Info;

    /// <inheritdoc />
    public virtual int ActionMaskSize => Inner is IActionMaskProvider provider ? provider.ActionMaskSize : 0;

    /// <inheritdoc />
    public virtual void Reset(Span<float> observation, ulong? seed = null) => Inner.Reset(observation, seed);

    /// <inheritdoc />
    public virtual StepResult Step(ReadOnlySpan<float> action, Span<float> observation) => Inner.Step(action, observation);

    /// <inheritdoc />
    public virtual void WriteActionMask(Span<bool> mask)
    {
        if (Inner is not IActionMaskProvider provider || provider.ActionMaskSize == 0)
        {
            throw new InvalidOperationException($"{Inner.GetType().Name} provides no action mask (ActionMaskSize is 0).");
        }

        provider.WriteActionMask(mask);
    }

    /// <summary>
    /// The inner environment's state; wrappers that keep state of their own (step counters, stacked frames) extend it.
    /// Throws <see cref="NotSupportedException"/> when the inner environment cannot be captured.
    /// </summary>
    public virtual EnvState CaptureState() => StatefulInner().CaptureState();

    /// <summary>Restores the inner environment's state (see <see cref="CaptureState"/>).</summary>
    public virtual void RestoreState(EnvState state) => StatefulInner().RestoreState(state);

    /// <summary>The wrapper chain, outermost first, e.g. <c>TimeLimit(ObservationFilter(CartPoleEnv))</c>.</summary>
    public override string ToString() => $"{GetType().Name}({(Inner is EnvWrapper ? Inner.ToString() : Inner.GetType().Name)})";

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

    private IStatefulEnv StatefulInner() => Inner as IStatefulEnv
        ?? throw new NotSupportedException($"{Inner.GetType().Name} does not implement IStatefulEnv, so its state cannot be saved.");
}
