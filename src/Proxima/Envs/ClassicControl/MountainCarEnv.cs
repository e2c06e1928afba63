using Proxima.Envs.Spaces;
using Proxima.Random;

namespace Proxima.Envs.ClassicControl;

/// <summary>
/// Gymnasium's <c>MountainCar-v0</c>, step for step: velocity += (action − 1)·0.001 − 0.0025·cos(3·position),
/// clipped to ±0.07; position += velocity, clipped to [−1.2, 0.6] with an inelastic left wall; terminated when
/// position ≥ 0.5 and velocity ≥ <see cref="GoalVelocity"/>. Reward −1 per step. The state is float64, observed as
/// float32; the initial position is uniform in [−0.6, −0.4) (one draw) with zero velocity. The 200-step limit is
/// applied by the registry's <see cref="Wrappers.TimeLimit"/>.
/// </summary>
public sealed class MountainCarEnv : ClassicControlEnv
{
    /// <summary>Left end of the track.</summary>
    public const double MinPosition = -1.2;

    /// <summary>Right end of the track.</summary>
    public const double MaxPosition = 0.6;

    /// <summary>Speed limit.</summary>
    public const double MaxSpeed = 0.07;

    /// <summary>Position of the flag.</summary>
    public const double GoalPosition = 0.5;

    /// <summary>Acceleration of the engine per unit of action.</summary>
    public const double Force = 0.001;

    /// <summary>Gravity factor of the slope term.</summary>
    public const double Gravity = 0.0025;

    /// <summary>Bounds of the initial position.</summary>
    public const double ResetLow = -0.6, ResetHigh = -0.4;

    private readonly double[] _state = new double[2];

    /// <summary>Creates the environment (<paramref name="goalVelocity"/> as Gymnasium's constructor argument).</summary>
    public MountainCarEnv(double goalVelocity = 0)
    {
        GoalVelocity = goalVelocity;
    }

    /// <inheritdoc />
    public override string Id => "MountainCar-v0";

    /// <inheritdoc />
    public override Space ObservationSpace { get; } =
        new Box([(float)MinPosition, (float)-MaxSpeed], [(float)MaxPosition, (float)MaxSpeed], 2);

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new Discrete(3);

    /// <summary>Minimum velocity at the flag for the episode to terminate.</summary>
    public double GoalVelocity { get; }

    /// <summary>The float64 state <c>[position, velocity]</c>.</summary>
    public override ReadOnlySpan<double> State => _state;

    /// <summary>Sets the state <c>[position, velocity]</c> directly (as assigning Gymnasium's <c>env.unwrapped.state</c>).</summary>
    public override void SetState(ReadOnlySpan<double> state)
    {
        CheckStateLength(state, 2);
        state.CopyTo(_state);
        MarkStateSet();
    }

    /// <summary>Height of the track at <paramref name="position"/> (for rendering): sin(3x)·0.45 + 0.55.</summary>
    public static double Height(double position) => (Math.Sin(3 * position) * 0.45) + 0.55;

    /// <inheritdoc />
    protected override void ResetState(Pcg64 rng)
    {
        _state[0] = rng.Uniform(ResetLow, ResetHigh);
        _state[1] = 0;
    }

    /// <inheritdoc />
    protected override StepResult StepState(ReadOnlySpan<float> action)
    {
        int a = DiscreteAction(action, 3);
        double position = _state[0], velocity = _state[1];
        velocity += ((a - 1) * Force) + (Math.Cos(3 * position) * -Gravity);
        velocity = Math.Clamp(velocity, -MaxSpeed, MaxSpeed);
        position += velocity;
        position = Math.Clamp(position, MinPosition, MaxPosition);
        if (position == MinPosition && velocity < 0)
        {
            velocity = 0;
        }

        bool terminated = position >= GoalPosition && velocity >= GoalVelocity;
        _state[0] = position;
        _state[1] = velocity;
        return new StepResult(-1.0, terminated, false);
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<float> observation)
    {
        observation[0] = (float)_state[0];
        observation[1] = (float)_state[1];
    }
}
