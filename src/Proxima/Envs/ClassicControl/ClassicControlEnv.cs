using System.Globalization;
using Proxima.Envs.Spaces;
using Proxima.Random;

namespace Proxima.Envs.ClassicControl;

/// <summary>
/// Shared plumbing of the classic-control environments: Gymnasium-style seeding, argument checks and the
/// reset-before-step rule. Subclasses implement the dynamics in <see cref="ResetState"/> and <see cref="StepState"/>.
/// <para>
/// Seeding follows Gymnasium: <c>Reset(obs, seed)</c> replaces the generator with <c>new Pcg64(seed)</c> (the same
/// stream as <c>numpy.random.Generator(PCG64(SeedSequence(seed)))</c>) and an un-seeded reset continues the current
/// stream. Where Gymnasium would seed a never-seeded environment from operating-system entropy, Proxima stays
/// reproducible: the first un-seeded reset of a never-seeded environment seeds the generator with
/// <see cref="DefaultSeed"/> (0 unless set), so it behaves exactly like a first <c>Reset(obs, DefaultSeed)</c>.
/// Vector environments and trainers pass explicit seeds, so this default only matters for direct use.
/// </para>
/// </summary>
public abstract class ClassicControlEnv : IEnv, IStatefulEnv
{
    private Pcg64? _rng;
    private bool _hasState;

    /// <summary>The registry id of the environment (used in error messages).</summary>
    public abstract string Id { get; }

    /// <inheritdoc />
    public abstract Space ObservationSpace { get; }

    /// <inheritdoc />
    public abstract Space ActionSpace { get; }

    /// <summary>Seed used by the first un-seeded reset when the environment has never been seeded.</summary>
    public ulong DefaultSeed { get; set; }

    /// <summary>
    /// The environment's generator (Gymnasium's <c>np_random</c>); created from <see cref="DefaultSeed"/> on first use
    /// when no seed was given yet. Replace it to share or restore a stream.
    /// </summary>
    public Pcg64 Random
    {
        get => _rng ??= new Pcg64(DefaultSeed);
        set => _rng = value ?? throw new ArgumentNullException(nameof(value), "The environment generator cannot be null.");
    }

    /// <summary>True once <see cref="Reset"/> (or a state setter) has given the environment a state.</summary>
    public bool HasState => _hasState;

    /// <inheritdoc />
    public void Reset(Span<float> observation, ulong? seed = null)
    {
        CheckObservationBuffer(observation);
        if (seed is ulong s)
        {
            _rng = new Pcg64(s);
        }

        ResetState(Random);
        _hasState = true;
        WriteObservation(observation);
    }

    /// <inheritdoc />
    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (!_hasState)
        {
            throw new InvalidOperationException($"{Id}: call Reset before Step (the environment has no state yet).");
        }

        if (action.Length != ActionSpace.Size)
        {
            throw new ArgumentException($"{Id}: the action for {ActionSpace} must have {ActionSpace.Size} value(s), got {action.Length}.", nameof(action));
        }

        CheckObservationBuffer(observation);
        var result = StepState(action);
        WriteObservation(observation);
        return result;
    }

    /// <summary>Writes the observation of the current state (as the last reset or step did).</summary>
    public void Observe(Span<float> observation)
    {
        CheckObservationBuffer(observation);
        if (!_hasState)
        {
            throw new InvalidOperationException($"{Id}: call Reset before reading an observation.");
        }

        WriteObservation(observation);
    }

    /// <summary>The physical state in double precision (as Gymnasium keeps it).</summary>
    public abstract ReadOnlySpan<double> State { get; }

    /// <summary>Sets the physical state (debugging, tests and <see cref="RestoreState"/>).</summary>
    public abstract void SetState(ReadOnlySpan<double> state);

    /// <inheritdoc />
    public EnvState CaptureState()
    {
        var (sh, sl, ih, il) = Random.State;
        double[] values = [_hasState ? 1 : 0, .. State];
        return new EnvState(values, [sh, sl, ih, il]);
    }

    /// <inheritdoc />
    public void RestoreState(EnvState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Values.Length != State.Length + 1 || state.Words.Length != 4)
        {
            throw new ArgumentException(
                $"{Id}: a saved state has {State.Length + 1} values and 4 generator words, got {state.Values.Length} and {state.Words.Length}.",
                nameof(state));
        }

        var rng = new Pcg64(0) { State = (state.Words[0], state.Words[1], state.Words[2], state.Words[3]) };
        _rng = rng;
        if (state.Values[0] != 0)
        {
            SetState(state.Values.AsSpan(1));
        }

        _hasState = state.Values[0] != 0;
    }

    /// <inheritdoc />
    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>Draws a new initial state from <paramref name="rng"/> exactly as Gymnasium's <c>reset</c> does.</summary>
    protected abstract void ResetState(Pcg64 rng);

    /// <summary>Advances the state by one action (already length-checked) as Gymnasium's <c>step</c> does.</summary>
    protected abstract StepResult StepState(ReadOnlySpan<float> action);

    /// <summary>Writes the float32 observation of the current state.</summary>
    protected abstract void WriteObservation(Span<float> observation);

    /// <summary>Marks the state as set by a subclass's state setter (debugging and tests).</summary>
    protected void MarkStateSet() => _hasState = true;

    /// <summary>Reads a discrete action, rejecting values outside {0, ..., n − 1} as Gymnasium's assertion does.</summary>
    protected int DiscreteAction(ReadOnlySpan<float> action, int n)
    {
        float a = action[0];
        if (!(a >= 0 && a < n) || a != MathF.Floor(a))
        {
            throw new ArgumentException(
                $"{Id}: action {a.ToString(CultureInfo.InvariantCulture)} is not in Discrete({n}); use an integer from 0 to {n - 1}.",
                nameof(action));
        }

        return (int)a;
    }

    /// <summary>Throws unless <paramref name="state"/> has <paramref name="length"/> entries.</summary>
    protected void CheckStateLength(ReadOnlySpan<double> state, int length)
    {
        if (state.Length != length)
        {
            throw new ArgumentException($"{Id}: the state has {length} entries, got {state.Length}.", nameof(state));
        }
    }

    private void CheckObservationBuffer(Span<float> observation)
    {
        if (observation.Length != ObservationSpace.Size)
        {
            throw new ArgumentException(
                $"{Id}: the observation buffer must have {ObservationSpace.Size} entries for {ObservationSpace}, got {observation.Length}.",
                nameof(observation));
        }
    }
}
