using Proxima.Envs.Spaces;
using Proxima.Random;

namespace Proxima.Envs.ClassicControl;

/// <summary>
/// Gymnasium's <c>MountainCarContinuous-v0</c>, step for step: force = clip(action, −1, 1); velocity += force·0.0015 −
/// 0.0025·cos(3·position), clipped to ±0.07; position += velocity, clipped to [−1.2, 0.6] with an inelastic left
/// wall; terminated when position ≥ 0.45 and velocity ≥ <see cref="GoalVelocity"/>. Reward −0.1·action² (the
/// unclipped action) plus 100 on reaching the goal. The 999-step limit is applied by the registry's
/// <see cref="Wrappers.TimeLimit"/>.
/// <para>
/// Precision follows Gymnasium with NumPy 1.x exactly: the reset state is float64 (position uniform in [−0.6, −0.4),
/// one draw; velocity 0), each step computes in float64 (NumPy 1.x promotes float32 scalars mixed with Python
/// floats to float64) and then stores the new state as float32, so from the second step on the dynamics start from
/// float32-rounded values.
/// </para>
/// </summary>
public sealed class ContinuousMountainCarEnv : ClassicControlEnv
{
    /// <summary>Smallest force.</summary>
    public const double MinAction = -1.0;

    /// <summary>Largest force.</summary>
    public const double MaxAction = 1.0;

    /// <summary>Left end of the track.</summary>
    public const double MinPosition = -1.2;

    /// <summary>Right end of the track.</summary>
    public const double MaxPosition = 0.6;

    /// <summary>Speed limit.</summary>
    public const double MaxSpeed = 0.07;

    /// <summary>Position of the flag.</summary>
    public const double GoalPosition = 0.45;

    /// <summary>Acceleration per unit of force.</summary>
    public const double Power = 0.0015;

    /// <summary>Gravity factor of the slope term.</summary>
    public const double Gravity = 0.0025;

    /// <summary>Bounds of the initial position.</summary>
    public const double ResetLow = -0.6, ResetHigh = -0.4;

    private readonly double[] _state = new double[2];

    /// <summary>Creates the environment (<paramref name="goalVelocity"/> as Gymnasium's constructor argument).</summary>
    public ContinuousMountainCarEnv(double goalVelocity = 0)
    {
        GoalVelocity = goalVelocity;
    }

    /// <inheritdoc />
    public override string Id => "MountainCarContinuous-v0";

    /// <inheritdoc />
    public override Space ObservationSpace { get; } =
        new Box([(float)MinPosition, (float)-MaxSpeed], [(float)MaxPosition, (float)MaxSpeed], 2);

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new Box((float)MinAction, (float)MaxAction, 1);

    /// <summary>Minimum velocity at the flag for the episode to terminate.</summary>
    public double GoalVelocity { get; }

    /// <summary>The state <c>[position, velocity]</c> (float64 after a reset, float32-valued after a step).</summary>
    public override ReadOnlySpan<double> State => _state;

    /// <summary>Sets the state <c>[position, velocity]</c> directly (as assigning Gymnasium's <c>env.unwrapped.state</c>).</summary>
    public override void SetState(ReadOnlySpan<double> state)
    {
        CheckStateLength(state, 2);
        state.CopyTo(_state);
        MarkStateSet();
    }

    /// <inheritdoc />
    protected override void ResetState(Pcg64 rng)
    {
        _state[0] = rng.Uniform(ResetLow, ResetHigh);
        _state[1] = 0;
    }

    /// <inheritdoc />
    protected override StepResult StepState(ReadOnlySpan<float> action)
    {
        double position = _state[0], velocity = _state[1];
        double a = action[0];

        // Python's min(max(a, -1.0), 1.0): NaN passes through as it does there.
        double force = MinAction > a ? MinAction : a;
        force = MaxAction < force ? MaxAction : force;

        velocity += (force * Power) - (Gravity * Math.Cos(3 * position));
        if (velocity > MaxSpeed)
        {
            velocity = MaxSpeed;
        }

        if (velocity < -MaxSpeed)
        {
            velocity = -MaxSpeed;
        }

        position += velocity;
        if (position > MaxPosition)
        {
            position = MaxPosition;
        }

        if (position < MinPosition)
        {
            position = MinPosition;
        }

        if (position == MinPosition && velocity < 0)
        {
            velocity = 0;
        }

        bool terminated = position >= GoalPosition && velocity >= GoalVelocity;
        double reward = terminated ? 100.0 : 0.0;
        reward -= Math.Pow(a, 2) * 0.1;

        // Gymnasium stores np.array([position, velocity], dtype=np.float32).
        _state[0] = (float)position;
        _state[1] = (float)velocity;
        return new StepResult(reward, terminated, false);
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<float> observation)
    {
        observation[0] = (float)_state[0];
        observation[1] = (float)_state[1];
    }
}
