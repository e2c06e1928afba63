namespace Proxima.Envs;

/// <summary>
/// The complete dynamic state of an environment as plain numbers: <see cref="Values"/> for physical state and
/// counters, <see cref="Words"/> for generator states. Enough to continue the environment exactly where it was,
/// which is what makes a resumed training run identical to an uninterrupted one.
/// </summary>
/// <param name="Values">Real-valued state (positions, velocities, step counters, flags).</param>
/// <param name="Words">Integer state, such as the four words of a <see cref="Random.Pcg64"/>.</param>
public sealed record EnvState(double[] Values, ulong[] Words);

/// <summary>
/// An environment whose state can be captured and restored. Built-in environments and wrappers implement it;
/// checkpoints use it for exact resume. Environments that cannot (an external simulator) simply do not implement
/// it, and resuming then starts fresh episodes.
/// </summary>
public interface IStatefulEnv
{
    /// <summary>A copy of the current state.</summary>
    EnvState CaptureState();

    /// <summary>Continues from <paramref name="state"/>; throws <see cref="ArgumentException"/> when it does not fit.</summary>
    void RestoreState(EnvState state);
}
