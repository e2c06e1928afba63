using Proxima.Envs.Spaces;
using Proxima.Random;

namespace Proxima.Envs.ClassicControl;

/// <summary>
/// Gymnasium's <c>Acrobot-v1</c>, step for step: two 1 m, 1 kg links with the middle joint actuated by a torque of
/// −1, 0 or +1 (actions 0, 1, 2), Sutton and Barto's "book" dynamics integrated by one classic RK4 step of 0.2 s,
/// then θ₁, θ₂ wrapped into [−π, π] and the velocities clipped to ±4π and ±9π.
/// <para>
/// The initial state <c>[θ₁, θ₂, θ̇₁, θ̇₂]</c> is uniform in [−0.1, 0.1)⁴ and, as in Gymnasium, rounded to float32
/// (later states stay float64). Observation <c>[cos θ₁, sin θ₁, cos θ₂, sin θ₂, θ̇₁, θ̇₂]</c>. Reward −1 per step and
/// 0 on the terminating step, which is when the free end rises above the bar: −cos θ₁ − cos(θ₁ + θ₂) &gt; 1. The
/// 500-step limit is applied by the registry's <see cref="Wrappers.TimeLimit"/>.
/// </para>
/// </summary>
public sealed class AcrobotEnv : ClassicControlEnv
{
    /// <summary>Integration time step (s).</summary>
    public const double Dt = 0.2;

    /// <summary>Length of link 1 (m).</summary>
    public const double LinkLength1 = 1.0;

    /// <summary>Length of link 2 (m).</summary>
    public const double LinkLength2 = 1.0;

    /// <summary>Mass of link 1 (kg).</summary>
    public const double LinkMass1 = 1.0;

    /// <summary>Mass of link 2 (kg).</summary>
    public const double LinkMass2 = 1.0;

    /// <summary>Position of the centre of mass of link 1 (m).</summary>
    public const double LinkComPos1 = 0.5;

    /// <summary>Position of the centre of mass of link 2 (m).</summary>
    public const double LinkComPos2 = 0.5;

    /// <summary>Moment of inertia of both links.</summary>
    public const double LinkMoi = 1.0;

    /// <summary>Gravity used by the dynamics (m/s²).</summary>
    public const double Gravity = 9.8;

    /// <summary>Bound of θ̇₁ (4π).</summary>
    public const double MaxVel1 = 4 * Math.PI;

    /// <summary>Bound of θ̇₂ (9π).</summary>
    public const double MaxVel2 = 9 * Math.PI;

    /// <summary>Bounds of the reset distribution.</summary>
    public const double ResetLow = -0.1, ResetHigh = 0.1;

    private readonly double[] _state = new double[4];

    /// <summary>Creates the environment.</summary>
    public AcrobotEnv()
    {
        float v1 = (float)MaxVel1, v2 = (float)MaxVel2;
        ObservationSpace = new Box([-1f, -1f, -1f, -1f, -v1, -v2], [1f, 1f, 1f, 1f, v1, v2], 6);
    }

    /// <inheritdoc />
    public override string Id => "Acrobot-v1";

    /// <inheritdoc />
    public override Space ObservationSpace { get; }

    /// <inheritdoc />
    public override Space ActionSpace { get; } = new Discrete(3);

    /// <summary>The float64 state <c>[θ₁, θ₂, θ̇₁, θ̇₂]</c> (θ₂ relative to link 1; 0 = hanging down).</summary>
    public override ReadOnlySpan<double> State => _state;

    /// <summary>Sets the state <c>[θ₁, θ₂, θ̇₁, θ̇₂]</c> directly (as assigning Gymnasium's <c>env.unwrapped.state</c>).</summary>
    public override void SetState(ReadOnlySpan<double> state)
    {
        CheckStateLength(state, 4);
        state.CopyTo(_state);
        MarkStateSet();
    }

    /// <summary>Torque applied by action <paramref name="action"/> (0, 1, 2 → −1, 0, +1).</summary>
    public static double Torque(int action) => action - 1.0;

    /// <summary>Height of the free end above the pivot in link lengths: −cos θ₁ − cos(θ₂ + θ₁).</summary>
    public static double TipHeight(double theta1, double theta2) => -Math.Cos(theta1) - Math.Cos(theta2 + theta1);

    /// <summary>
    /// Total mechanical energy (kinetic + potential, zero potential at the pivot) of the book model for a state;
    /// without torque it is conserved by the exact dynamics (tests use it to check the equations of motion).
    /// </summary>
    public static double Energy(ReadOnlySpan<double> state)
    {
        double t1 = state[0], t2 = state[1], w1 = state[2], w2 = state[3];
        double d1 = Inertia11(t2), d2 = Inertia12(t2);
        double kinetic = 0.5 * ((d1 * w1 * w1) + (2 * d2 * w1 * w2) + ((LinkMass2 * LinkComPos2 * LinkComPos2 + LinkMoi) * w2 * w2));
        double potential = -(LinkMass1 * Gravity * LinkComPos1 * Math.Cos(t1))
            - (LinkMass2 * Gravity * ((LinkLength1 * Math.Cos(t1)) + (LinkComPos2 * Math.Cos(t1 + t2))));
        return kinetic + potential;
    }

    /// <summary>
    /// Gymnasium's <c>wrap</c>: shifts <paramref name="x"/> by whole periods (M − m) until m ≤ x ≤ M, one
    /// subtraction at a time so the rounding matches.
    /// </summary>
    public static double Wrap(double x, double m, double bigM)
    {
        double diff = bigM - m;
        while (x > bigM)
        {
            x -= diff;
        }

        while (x < m)
        {
            x += diff;
        }

        return x;
    }

    /// <summary>Gymnasium's <c>bound</c>: <c>min(max(x, m), M)</c> with Python's comparison semantics.</summary>
    public static double Bound(double x, double m, double bigM)
    {
        // Python's max(x, m) keeps x unless m > x; min keeps that unless M is smaller (NaN passes through).
        double lower = m > x ? m : x;
        return bigM < lower ? bigM : lower;
    }

    /// <inheritdoc />
    protected override void ResetState(Pcg64 rng)
    {
        // uniform(-0.1, 0.1, size=(4,)).astype(np.float32): the first state is float32-rounded.
        for (int i = 0; i < 4; i++)
        {
            _state[i] = (float)rng.Uniform(ResetLow, ResetHigh);
        }
    }

    /// <inheritdoc />
    protected override StepResult StepState(ReadOnlySpan<float> action)
    {
        double torque = Torque(DiscreteAction(action, 3));
        double y0 = _state[0], y1 = _state[1], y2 = _state[2], y3 = _state[3];

        // One step of rk4(derivs, [s, torque], [0, dt]); the torque's derivative is 0 so it stays constant.
        const double h = Dt - 0;
        const double h2 = h / 2.0;
        Derivatives(y0, y1, y2, y3, torque, out double k10, out double k11, out double k12, out double k13);
        Derivatives(y0 + (h2 * k10), y1 + (h2 * k11), y2 + (h2 * k12), y3 + (h2 * k13), torque,
            out double k20, out double k21, out double k22, out double k23);
        Derivatives(y0 + (h2 * k20), y1 + (h2 * k21), y2 + (h2 * k22), y3 + (h2 * k23), torque,
            out double k30, out double k31, out double k32, out double k33);
        Derivatives(y0 + (h * k30), y1 + (h * k31), y2 + (h * k32), y3 + (h * k33), torque,
            out double k40, out double k41, out double k42, out double k43);

        const double h6 = h / 6.0;
        double n0 = y0 + (h6 * (k10 + (2 * k20) + (2 * k30) + k40));
        double n1 = y1 + (h6 * (k11 + (2 * k21) + (2 * k31) + k41));
        double n2 = y2 + (h6 * (k12 + (2 * k22) + (2 * k32) + k42));
        double n3 = y3 + (h6 * (k13 + (2 * k23) + (2 * k33) + k43));

        _state[0] = Wrap(n0, -Math.PI, Math.PI);
        _state[1] = Wrap(n1, -Math.PI, Math.PI);
        _state[2] = Bound(n2, -MaxVel1, MaxVel1);
        _state[3] = Bound(n3, -MaxVel2, MaxVel2);

        bool terminated = TipHeight(_state[0], _state[1]) > 1.0;
        return new StepResult(terminated ? 0.0 : -1.0, terminated, false);
    }

    /// <inheritdoc />
    protected override void WriteObservation(Span<float> observation)
    {
        observation[0] = (float)Math.Cos(_state[0]);
        observation[1] = (float)Math.Sin(_state[0]);
        observation[2] = (float)Math.Cos(_state[1]);
        observation[3] = (float)Math.Sin(_state[1]);
        observation[4] = (float)_state[2];
        observation[5] = (float)_state[3];
    }

    // Constant parts of the inertia terms, each computed with Gymnasium's association (all exact in binary).
    private static readonly double M1Lc1Sq = LinkMass1 * Math.Pow(LinkComPos1, 2);
    private static readonly double L1SqPlusLc2Sq = Math.Pow(LinkLength1, 2) + Math.Pow(LinkComPos2, 2);
    private static readonly double Lc2Sq = Math.Pow(LinkComPos2, 2);
    private static readonly double M2Lc2SqPlusI2 = (LinkMass2 * Math.Pow(LinkComPos2, 2)) + LinkMoi;

    private static double Inertia11(double theta2) => Inertia11FromCos(Math.Cos(theta2));

    private static double Inertia12(double theta2) => Inertia12FromCos(Math.Cos(theta2));

    private static double Inertia11FromCos(double cosTheta2) =>
        M1Lc1Sq + (LinkMass2 * (L1SqPlusLc2Sq + (2 * LinkLength1 * LinkComPos2 * cosTheta2))) + LinkMoi + LinkMoi;

    private static double Inertia12FromCos(double cosTheta2) =>
        (LinkMass2 * (Lc2Sq + (LinkLength1 * LinkComPos2 * cosTheta2))) + LinkMoi;

    /// <summary>
    /// The book equations of motion (Gymnasium's <c>_dsdt</c> with <c>book_or_nips = "book"</c>). Each expression keeps
    /// Gymnasium's left-to-right association, and squares of variables use <see cref="Math.Pow(double, double)"/> as
    /// Python's <c>**</c> does (the same C library <c>pow</c>), so results are bit-identical on the same platform.
    /// </summary>
    private static void Derivatives(double theta1, double theta2, double dtheta1, double dtheta2, double a,
        out double dTheta1, out double dTheta2, out double ddTheta1, out double ddTheta2)
    {
        const double m2 = LinkMass2, l1 = LinkLength1, lc2 = LinkComPos2, lc1 = LinkComPos1, m1 = LinkMass1;
        const double g = Gravity;
        double sinTheta2 = Math.Sin(theta2);
        double cosTheta2 = Math.Cos(theta2);
        double d1 = Inertia11FromCos(cosTheta2);
        double d2 = Inertia12FromCos(cosTheta2);
        double phi2 = m2 * lc2 * g * Math.Cos(theta1 + theta2 - (Math.PI / 2.0));
        double phi1 = (-m2 * l1 * lc2 * Math.Pow(dtheta2, 2) * sinTheta2)
            - (2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sinTheta2)
            + (((m1 * lc1) + (m2 * l1)) * g * Math.Cos(theta1 - (Math.PI / 2)))
            + phi2;
        ddTheta2 = (a + (d2 / d1 * phi1) - (m2 * l1 * lc2 * Math.Pow(dtheta1, 2) * sinTheta2) - phi2)
            / (M2Lc2SqPlusI2 - (Math.Pow(d2, 2) / d1));
        ddTheta1 = -((d2 * ddTheta2) + phi1) / d1;
        dTheta1 = dtheta1;
        dTheta2 = dtheta2;
    }
}
