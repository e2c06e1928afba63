using Proxima.Envs.ClassicControl;
using Proxima.Envs.Spaces;
using Proxima.Random;

namespace Proxima.Envs.Memory;

/// <summary>
/// <c>RememberCue-v0</c>, a T-maze memory task. The first observation shows a cue (left or right, drawn uniformly);
/// then the agent walks a corridor of <see cref="CorridorLength"/> steps seeing nothing, reaches the junction (a flag
/// in the observation) and must turn to the side the cue showed: +1 if it does, −1 if not, and the episode ends.
/// <para>
/// Observation <c>Box(3)</c>: <c>[cue left, cue right, at junction]</c>; the cue entries are non-zero only at the first
/// step. Action <c>Discrete(2)</c>: 0 = left, 1 = right; before the junction any action just moves forward. An episode
/// has <c>CorridorLength + 2</c> steps. At the junction every episode looks the same, so a policy without memory wins
/// exactly half of the episodes in expectation (expected return 0); a policy that remembers the cue returns 1.
/// </para>
/// </summary>
public sealed class RememberCueEnv : ClassicControlEnv
{
    private readonly double[] _state = new double[2];

    /// <summary>Creates the task with a corridor of <paramref name="corridorLength"/> blank steps.</summary>
    public RememberCueEnv(int corridorLength = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(corridorLength);
        CorridorLength = corridorLength;
    }

    /// <inheritdoc />
    public override string Id => "RememberCue-v0";

    /// <inheritdoc />
    public override Space ObservationSpace { get; } = new Box(0f, 1f, 3);

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new Discrete(2);

    /// <summary>Blank steps between the cue and the junction.</summary>
    public int CorridorLength { get; }

    /// <summary>The cue (0 left, 1 right).</summary>
    public int Cue => (int)_state[0];

    /// <summary>Steps taken in the current episode.</summary>
    public int Position => (int)_state[1];

    /// <summary>State <c>[cue, position]</c>.</summary>
    public override ReadOnlySpan<double> State => _state;

    /// <inheritdoc />
    public override void SetState(ReadOnlySpan<double> state)
    {
        CheckStateLength(state, 2);
        state.CopyTo(_state);
        MarkStateSet();
    }

    /// <inheritdoc />
    protected override void ResetState(Pcg64 rng)
    {
        _state[0] = rng.NextInt(2);
        _state[1] = 0;
    }

    /// <inheritdoc />
    protected override StepResult StepState(ReadOnlySpan<float> action)
    {
        int a = DiscreteAction(action, 2);
        if (Position <= CorridorLength)
        {
            _state[1] += 1;
            return new StepResult(0, false, false);
        }

        return new StepResult(a == Cue ? 1.0 : -1.0, true, false);
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<float> observation)
    {
        observation.Clear();
        if (Position == 0)
        {
            observation[Cue] = 1f;
        }

        if (Position == CorridorLength + 1)
        {
            observation[2] = 1f;
        }
    }
}
