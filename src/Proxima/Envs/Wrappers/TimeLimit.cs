namespace Proxima.Envs.Wrappers;

/// <summary>
/// Gymnasium's <c>TimeLimit</c>: counts steps since the last reset and reports <see cref="StepResult.Truncated"/>
/// once the count reaches <see cref="MaxEpisodeSteps"/>. As in Gymnasium 1.2.2 the check is
/// <c>elapsed &gt;= max</c> regardless of termination, so a step that terminates exactly at the limit reports both
/// flags; <see cref="StepResult.Terminated"/> and any truncation of the inner environment pass through.
/// </summary>
public sealed class TimeLimit : EnvWrapper
{
    /// <summary>Wraps <paramref name="env"/> with a limit of <paramref name="maxEpisodeSteps"/> steps per episode.</summary>
    public TimeLimit(IEnv env, int maxEpisodeSteps)
        : base(env)
    {
        if (maxEpisodeSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "The time limit must be at least 1 step.");
        }

        MaxEpisodeSteps = maxEpisodeSteps;
    }

    /// <summary>Steps after which an episode is truncated.</summary>
    public int MaxEpisodeSteps { get; }

    /// <summary>Steps taken since the last reset.</summary>
    public int ElapsedSteps { get; private set; }

    /// <inheritdoc />
    public override void Reset(Span<float> observation, ulong? seed = null)
    {
        ElapsedSteps = 0;
        Inner.Reset(observation, seed);
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        var result = Inner.Step(action, observation);
        ElapsedSteps++;
        return ElapsedSteps >= MaxEpisodeSteps ? result with { Truncated = true } : result;
    }

    /// <inheritdoc />
    public override EnvState CaptureState()
    {
        var inner = base.CaptureState();
        return new EnvState([.. inner.Values, ElapsedSteps], inner.Words);
    }

    /// <inheritdoc />
    public override void RestoreState(EnvState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Values.Length == 0)
        {
            throw new ArgumentException("A TimeLimit state ends with the elapsed step count; the saved state is empty.", nameof(state));
        }

        base.RestoreState(new EnvState(state.Values[..^1], state.Words));
        ElapsedSteps = (int)state.Values[^1];
    }
}
