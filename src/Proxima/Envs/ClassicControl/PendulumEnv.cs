using Proxima.Envs.Spaces;
using Proxima.Random;

namespace Proxima.Envs.ClassicControl;

/// <summary>
/// Gymnasium's <c>Pendulum-v1</c>, step for step: torque u = clip(action, −2, 2) (in float32),
/// reward −(normalize(θ)² + 0.1·θ̇² + 0.001·u²) computed from the state before the step, then
/// θ̇ ← clip(θ̇ + (3g/(2l)·sin θ + 3/(m l²)·u)·dt, −8, 8) and θ ← θ + θ̇·dt with dt = 0.05, m = l = 1 and g = 10 by
/// default. Never terminates; the 200-step limit is applied by the registry's <see cref="Wrappers.TimeLimit"/>.
/// <para>
/// The float64 state <c>[θ, θ̇]</c> starts uniform in [−π, π) × [−1, 1) (two draws); θ = 0 is upright and θ is not
/// wrapped (only the reward normalizes it). Observation <c>[cos θ, sin θ, θ̇]</c>.
/// </para>
/// </summary>
public sealed class PendulumEnv : ClassicControlEnv
{
    /// <summary>Bound of θ̇ (rad/s).</summary>
    public const double MaxSpeed = 8;

    /// <summary>Bound of the torque (N m).</summary>
    public const double MaxTorque = 2.0;

    /// <summary>Time step (s).</summary>
    public const double Dt = 0.05;

    /// <summary>Mass (kg).</summary>
    public const double Mass = 1.0;

    /// <summary>Length (m).</summary>
    public const double Length = 1.0;

    /// <summary>Gymnasium's default gravity (m/s²).</summary>
    public const double DefaultGravity = 10.0;

    private readonly double[] _state = new double[2];

    /// <summary>Creates the environment with gravity <paramref name="g"/> (Gymnasium's <c>g</c> argument).</summary>
    public PendulumEnv(double g = DefaultGravity)
    {
        if (!double.IsFinite(g))
        {
            throw new ArgumentOutOfRangeException(nameof(g), g, "Pendulum gravity g must be a finite number (Gymnasium's default is 10.0).");
        }

        G = g;
    }

    /// <inheritdoc />
    public override string Id => "Pendulum-v1";

    /// <inheritdoc />
    public override Space ObservationSpace { get; } = new Box([-1f, -1f, -(float)MaxSpeed], [1f, 1f, (float)MaxSpeed], 3);

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new Box((float)-MaxTorque, (float)MaxTorque, 1);

    /// <summary>Gravity (m/s²).</summary>
    public double G { get; }

    /// <summary>The float64 state <c>[θ, θ̇]</c>.</summary>
    public override ReadOnlySpan<double> State => _state;

    /// <summary>The clipped torque of the last step (Gymnasium's <c>last_u</c>, for rendering); null after a reset.</summary>
    public float? LastTorque { get; private set; }

    /// <summary>Sets the state <c>[θ, θ̇]</c> directly (as assigning Gymnasium's <c>env.unwrapped.state</c>).</summary>
    public override void SetState(ReadOnlySpan<double> state)
    {
        CheckStateLength(state, 2);
        state.CopyTo(_state);
        LastTorque = null;
        MarkStateSet();
    }

    /// <summary>
    /// Gymnasium's <c>angle_normalize</c>: ((x + π) mod 2π) − π with NumPy's floored modulo (the result of the modulo
    /// takes the sign of the divisor).
    /// </summary>
    public static double AngleNormalize(double x) => FlooredMod(x + Math.PI, 2 * Math.PI) - Math.PI;

    /// <summary>The reward of a step from state (θ, θ̇) with clipped torque <paramref name="u"/>.</summary>
    public static double Reward(double theta, double thetaDot, float u) =>
        -(Math.Pow(AngleNormalize(theta), 2) + (0.1 * Math.Pow(thetaDot, 2)) + (0.001 * Math.Pow(u, 2)));

    /// <inheritdoc />
    protected override void ResetState(Pcg64 rng)
    {
        // uniform(low=[-pi, -1], high=[pi, 1]): two draws, θ first.
        _state[0] = rng.Uniform(-Math.PI, Math.PI);
        _state[1] = rng.Uniform(-1.0, 1.0);
        LastTorque = null;
    }

    /// <inheritdoc />
    protected override StepResult StepState(ReadOnlySpan<float> action)
    {
        double th = _state[0], thDot = _state[1];

        // np.clip on the float32 action array stays float32; the arithmetic below promotes it to float64.
        float u = Math.Clamp(action[0], (float)-MaxTorque, (float)MaxTorque);
        LastTorque = u;
        double reward = Reward(th, thDot, u);

        double newThDot = thDot + ((3 * G / (2 * Length) * Math.Sin(th)) + (3.0 / (Mass * Math.Pow(Length, 2)) * u)) * Dt;
        newThDot = Math.Clamp(newThDot, -MaxSpeed, MaxSpeed);
        double newTh = th + (newThDot * Dt);
        _state[0] = newTh;
        _state[1] = newThDot;
        return new StepResult(reward, false, false);
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<float> observation)
    {
        observation[0] = (float)Math.Cos(_state[0]);
        observation[1] = (float)Math.Sin(_state[0]);
        observation[2] = (float)_state[1];
    }

    private static double FlooredMod(double a, double b)
    {
        double mod = a % b; // C#'s % on doubles is C's fmod
        if (mod != 0)
        {
            if ((b < 0) != (mod < 0))
            {
                mod += b;
            }
        }
        else
        {
            mod = Math.CopySign(0.0, b);
        }

        return mod;
    }
}
