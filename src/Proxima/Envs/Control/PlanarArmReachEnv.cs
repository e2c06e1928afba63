using Proxima.Envs.ClassicControl;
using Proxima.Envs.Spaces;
using Proxima.Random;

namespace Proxima.Envs.Control;

/// <summary>
/// <c>PlanarArmReach-v0</c>: a two-link planar arm (links of <see cref="LinkLength"/> m, shoulder at the origin) must
/// bring its fingertip to a commanded target and hold it there. A Dict-observation continuous-control task.
/// <para>
/// Observation <c>Dict</c> (encoded in this key order):
/// <list type="bullet">
/// <item><c>proprio</c> Box(6): <c>[cos q1, sin q1, cos q2, sin q2, q̇1, q̇2]</c> — joint angles (q2 relative to link 1)
/// and velocities in rad/s, |q̇| ≤ <see cref="MaxSpeed"/>;</item>
/// <item><c>command</c> Box(2): the target position (x, y) in metres;</item>
/// <item><c>sensor</c> Box(2): the target relative to the fingertip, <c>target − tip</c>.</item>
/// </list>
/// Action Box(2) in [−1, 1]: joint torques u. Dynamics (decoupled joints with viscous damping, semi-implicit Euler,
/// dt = <see cref="Dt"/>): q̇ ← clip(q̇ + (<see cref="TorqueGain"/>·u − <see cref="Damping"/>·q̇)·dt, ±MaxSpeed), q ← q + q̇·dt.
/// Reward per step: −‖tip − target‖ − 0.01·‖u‖². Never terminates; the registry truncates at 100 steps.
/// </para>
/// <para>
/// Reset: angles uniform in [−π, π), velocities zero, target uniform in angle and in radius within
/// [0.2, 0.9] m (always reachable). A random policy scores about −80 per episode; reaching in ~1 s and holding scores
/// better than −20 (the documented threshold).
/// </para>
/// </summary>
public sealed class PlanarArmReachEnv : ClassicControlEnv
{
    /// <summary>Length of each link (m).</summary>
    public const double LinkLength = 0.5;

    /// <summary>Time step (s).</summary>
    public const double Dt = 0.05;

    /// <summary>Joint acceleration per unit torque (rad/s²).</summary>
    public const double TorqueGain = 10.0;

    /// <summary>Viscous damping (1/s).</summary>
    public const double Damping = 1.0;

    /// <summary>Bound of the joint velocities (rad/s).</summary>
    public const double MaxSpeed = 4.0;

    private readonly double[] _state = new double[6];

    /// <inheritdoc />
    public override string Id => "PlanarArmReach-v0";

    /// <inheritdoc />
    public override Space ObservationSpace { get; } = new DictSpace(
        ("proprio", new Box([-1f, -1f, -1f, -1f, -(float)MaxSpeed, -(float)MaxSpeed], [1f, 1f, 1f, 1f, (float)MaxSpeed, (float)MaxSpeed], 6)),
        ("command", new Box(-1f, 1f, 2)),
        ("sensor", new Box(-2f, 2f, 2)));

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new Box(-1f, 1f, 2);

    /// <summary>State <c>[q1, q2, q̇1, q̇2, target x, target y]</c>.</summary>
    public override ReadOnlySpan<double> State => _state;

    /// <summary>The fingertip position.</summary>
    public (double X, double Y) Tip
    {
        get
        {
            double q1 = _state[0], q12 = _state[0] + _state[1];
            return ((LinkLength * Math.Cos(q1)) + (LinkLength * Math.Cos(q12)), (LinkLength * Math.Sin(q1)) + (LinkLength * Math.Sin(q12)));
        }
    }

    /// <summary>Distance from the fingertip to the target (m).</summary>
    public double Distance
    {
        get
        {
            var (x, y) = Tip;
            return Math.Sqrt(((_state[4] - x) * (_state[4] - x)) + ((_state[5] - y) * (_state[5] - y)));
        }
    }

    /// <inheritdoc />
    public override void SetState(ReadOnlySpan<double> state)
    {
        CheckStateLength(state, 6);
        state.CopyTo(_state);
        MarkStateSet();
    }

    /// <inheritdoc />
    protected override void ResetState(Pcg64 rng)
    {
        _state[0] = rng.Uniform(-Math.PI, Math.PI);
        _state[1] = rng.Uniform(-Math.PI, Math.PI);
        _state[2] = 0;
        _state[3] = 0;
        double angle = rng.Uniform(-Math.PI, Math.PI);
        double radius = rng.Uniform(0.2, 0.9);
        _state[4] = radius * Math.Cos(angle);
        _state[5] = radius * Math.Sin(angle);
    }

    /// <inheritdoc />
    protected override StepResult StepState(ReadOnlySpan<float> action)
    {
        double u1 = Math.Clamp(action[0], -1f, 1f), u2 = Math.Clamp(action[1], -1f, 1f);
        double reward = -Distance - (0.01 * ((u1 * u1) + (u2 * u2)));
        _state[2] = Math.Clamp(_state[2] + (((TorqueGain * u1) - (Damping * _state[2])) * Dt), -MaxSpeed, MaxSpeed);
        _state[3] = Math.Clamp(_state[3] + (((TorqueGain * u2) - (Damping * _state[3])) * Dt), -MaxSpeed, MaxSpeed);
        _state[0] += _state[2] * Dt;
        _state[1] += _state[3] * Dt;
        return new StepResult(reward, false, false);
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<float> observation)
    {
        var (x, y) = Tip;
        observation[0] = (float)Math.Cos(_state[0]);
        observation[1] = (float)Math.Sin(_state[0]);
        observation[2] = (float)Math.Cos(_state[1]);
        observation[3] = (float)Math.Sin(_state[1]);
        observation[4] = (float)_state[2];
        observation[5] = (float)_state[3];
        observation[6] = (float)_state[4];
        observation[7] = (float)_state[5];
        observation[8] = (float)(_state[4] - x);
        observation[9] = (float)(_state[5] - y);
    }
}
