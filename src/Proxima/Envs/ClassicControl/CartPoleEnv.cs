using Proxima.Envs.Spaces;
using Proxima.Random;

namespace Proxima.Envs.ClassicControl;

/// <summary>
/// Gymnasium's <c>CartPole-v1</c> (Barto, Sutton and Anderson's cart-pole), step for step: explicit Euler integration
/// with τ = 0.02 s, ±10 N pushes, state kept in float64 and observed as float32, termination when |x| &gt; 2.4 or
/// |θ| &gt; 12°, initial state uniform in [−0.05, 0.05)⁴ (four draws in order x, ẋ, θ, θ̇).
/// <para>
/// Observation <c>[x, ẋ, θ, θ̇]</c> in <c>Box([−4.8, −max, −0.419, −max], [4.8, max, 0.419, max])</c>; action
/// <c>Discrete(2)</c> (0 pushes left, 1 right). Reward 1 per step including the terminating one (0 for steps taken after
/// termination), or with <c>sutton_barto_reward</c> 0 per step and −1 on and after termination. The 500-step limit is
/// applied by the registry's <see cref="Wrappers.TimeLimit"/>.
/// </para>
/// </summary>
public sealed class CartPoleEnv : ClassicControlEnv
{
    /// <summary>Gravitational acceleration (m/s²).</summary>
    public const double Gravity = 9.8;

    /// <summary>Mass of the cart (kg).</summary>
    public const double MassCart = 1.0;

    /// <summary>Mass of the pole (kg).</summary>
    public const double MassPole = 0.1;

    /// <summary>Half the pole's length (m).</summary>
    public const double Length = 0.5;

    /// <summary>Magnitude of the push (N).</summary>
    public const double ForceMag = 10.0;

    /// <summary>Seconds between state updates.</summary>
    public const double Tau = 0.02;

    /// <summary>The episode terminates when |x| exceeds this (m).</summary>
    public const double XThreshold = 2.4;

    /// <summary>The episode terminates when |θ| exceeds this (12° in radians, computed as Gymnasium does).</summary>
    public const double ThetaThresholdRadians = 12 * 2 * Math.PI / 360;

    /// <summary>Bounds of the reset distribution (each state entry uniform in [low, high)).</summary>
    public const double ResetLow = -0.05, ResetHigh = 0.05;

    // Same association as Gymnasium's attribute definitions, so the doubles are bit-identical.
    private const double TotalMass = MassPole + MassCart;
    private const double PoleMassLength = MassPole * Length;

    private readonly double[] _state = new double[4];
    private int? _stepsBeyondTerminated;

    /// <summary>Creates the environment (<paramref name="suttonBartoReward"/> as Gymnasium's constructor argument).</summary>
    public CartPoleEnv(bool suttonBartoReward = false)
    {
        SuttonBartoReward = suttonBartoReward;
        float high0 = (float)(XThreshold * 2), high2 = (float)(ThetaThresholdRadians * 2);
        ObservationSpace = new Box([-high0, -float.MaxValue, -high2, -float.MaxValue], [high0, float.MaxValue, high2, float.MaxValue], 4);
    }

    /// <inheritdoc />
    public override string Id => "CartPole-v1";

    /// <inheritdoc />
    public override Space ObservationSpace { get; }

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new Discrete(2);

    /// <summary>Whether rewards follow Sutton and Barto (0 per step, −1 on failure) instead of +1 per step.</summary>
    public bool SuttonBartoReward { get; }

    /// <summary>The float64 state <c>[x, ẋ, θ, θ̇]</c> (for rendering and debugging).</summary>
    public override ReadOnlySpan<double> State => _state;

    /// <summary>Sets the state <c>[x, ẋ, θ, θ̇]</c> directly (as assigning Gymnasium's <c>env.unwrapped.state</c>).</summary>
    public override void SetState(ReadOnlySpan<double> state)
    {
        CheckStateLength(state, 4);
        state.CopyTo(_state);
        _stepsBeyondTerminated = null;
        MarkStateSet();
    }

    /// <inheritdoc />
    protected override void ResetState(Pcg64 rng)
    {
        // numpy uniform(low, high, size=(4,)): four doubles drawn in order.
        for (int i = 0; i < 4; i++)
        {
            _state[i] = rng.Uniform(ResetLow, ResetHigh);
        }

        _stepsBeyondTerminated = null;
    }

    /// <inheritdoc />
    protected override StepResult StepState(ReadOnlySpan<float> action)
    {
        int a = DiscreteAction(action, 2);
        double x = _state[0], xDot = _state[1], theta = _state[2], thetaDot = _state[3];
        double force = a == 1 ? ForceMag : -ForceMag;
        double cosTheta = Math.Cos(theta);
        double sinTheta = Math.Sin(theta);

        // Operation order mirrors Gymnasium's expressions (left to right) so every rounding matches.
        double temp = (force + (PoleMassLength * (thetaDot * thetaDot) * sinTheta)) / TotalMass;
        double thetaAcc = ((Gravity * sinTheta) - (cosTheta * temp))
            / (Length * ((4.0 / 3.0) - (MassPole * (cosTheta * cosTheta) / TotalMass)));
        double xAcc = temp - (PoleMassLength * thetaAcc * cosTheta / TotalMass);

        x += Tau * xDot;
        xDot += Tau * xAcc;
        theta += Tau * thetaDot;
        thetaDot += Tau * thetaAcc;
        _state[0] = x;
        _state[1] = xDot;
        _state[2] = theta;
        _state[3] = thetaDot;

        bool terminated = x < -XThreshold || x > XThreshold || theta < -ThetaThresholdRadians || theta > ThetaThresholdRadians;
        double reward;
        if (!terminated)
        {
            reward = SuttonBartoReward ? 0.0 : 1.0;
        }
        else if (_stepsBeyondTerminated is null)
        {
            _stepsBeyondTerminated = 0;
            reward = SuttonBartoReward ? -1.0 : 1.0;
        }
        else
        {
            // Stepping after termination is undefined behaviour in Gymnasium; it keeps counting and pays 0 (or −1).
            _stepsBeyondTerminated++;
            reward = SuttonBartoReward ? -1.0 : 0.0;
        }

        return new StepResult(reward, terminated, false);
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<float> observation)
    {
        for (int i = 0; i < 4; i++)
        {
            observation[i] = (float)_state[i];
        }
    }
}
