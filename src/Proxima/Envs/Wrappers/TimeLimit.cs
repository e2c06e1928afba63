using Proxima.Envs.Spaces;

namespace Proxima.Envs.Wrappers;

/// <summary>
/// Gymnasium's <c>TimeLimit</c>: counts steps since the last reset and reports <see cref="StepResult.Truncated"/>
/// once the count reaches <see cref="MaxEpisodeSteps"/>. As in Gymnasium 1.2.2 the check is
/// <c>elapsed &gt;= max</c> regardless of termination, so a step that terminates exactly at the limit reports both
/// flags; <see cref="StepResult.Terminated"/> and any truncation of the inner environment pass through.
/// </summary>
public sealed class TimeLimit : IEnv, IStatefulEnv
{
    /// <summary>Wraps <paramref name="env"/> with a limit of <paramref name="maxEpisodeSteps"/> steps per episode.</summary>
    public TimeLimit(IEnv env, int maxEpisodeSteps)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (maxEpisodeSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "The time limit must be at least 1 step.");
        }

        Inner = env;
        MaxEpisodeSteps = maxEpisodeSteps;
    }

    /// <summary>The wrapped environment.</summary>
    public IEnv Inner { get; }

    /// <summary>Steps after which an episode is truncated.</summary>
    public int MaxEpisodeSteps { get; }

    /// <summary>Steps taken since the last reset.</summary>
    public int ElapsedSteps { get; private set; }

    /// <inheritdoc />
    public Space ObservationSpace => Inner.ObservationSpace;

    /// <inheritdoc />
    public Space ActionSpace => Inner.ActionSpace;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object>? Info => Inner.Info;

    /// <inheritdoc />
    public void Reset(Span<float> observation, ulong? seed = null)
    {
        ElapsedSteps = 0;
        Inner.Reset(observation, seed);
    }

    /// <inheritdoc />
    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        var result = Inner.Step(action, observation);
        ElapsedSteps++;
        return ElapsedSteps >= MaxEpisodeSteps ? result with { Truncated = true } : result;
    }

    /// <inheritdoc />
    public EnvState CaptureState()
    {
        var inner = StatefulInner().CaptureState();
        return new EnvState([.. inner.Values, ElapsedSteps], inner.Words);
    }

    /// <inheritdoc />
    public void RestoreState(EnvState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Values.Length == 0)
        {
            throw new ArgumentException("A TimeLimit state ends with the elapsed step count; the saved state is empty.", nameof(state));
        }

        StatefulInner().RestoreState(new EnvState(state.Values[..^1], state.Words));
        ElapsedSteps = (int)state.Values[^1];
    }

    /// <inheritdoc />
    public void Dispose() => Inner.Dispose();

    private IStatefulEnv StatefulInner() => Inner as IStatefulEnv
        ?? throw new NotSupportedException($"{Inner.GetType().Name} does not implement IStatefulEnv, so its state cannot be saved.");
}
