using Proxima.Envs;
using Proxima.Envs.Spaces;
using Proxima.Random;

namespace Proxima.Tests.Envs.Checking;

public enum Fault
{
    None,
    NanObservation,
    UnwrittenEntry,
    OutOfSpace,
    InfiniteReward,
    NotDeterministic,
    IgnoresSeed,
    NeverEnds,
    ThrowsOnStep,
    NoBufferCheck,
    EmptyMask,
}

/// <summary>
/// A small well-behaved environment (a seeded random walk in [−1, 1]² ending after 10 steps) that can be given one
/// <see cref="Fault"/> for the checker to find.
/// </summary>
internal class FaultyEnv(Fault fault) : IEnv
{
    private static int _globalCounter;
    private Pcg64 _rng = new(0);
    private int _t;
    private float _x;

    public Space ObservationSpace { get; } = new Box(-1f, 1f, 2);

    public virtual Space ActionSpace { get; } = new Discrete(3);

    public void Reset(Span<float> observation, ulong? seed = null)
    {
        if (fault != Fault.NoBufferCheck && observation.Length != 2)
        {
            throw new ArgumentException("bad buffer", nameof(observation));
        }

        if (seed is ulong s)
        {
            _rng = new Pcg64(fault == Fault.IgnoresSeed ? 0 : s);
        }

        _t = 0;
        _x = fault == Fault.IgnoresSeed ? 0.5f : (float)_rng.Uniform(-0.5, 0.5);
        Write(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (fault != Fault.NoBufferCheck && observation.Length != 2)
        {
            throw new ArgumentException("bad buffer", nameof(observation));
        }

        _t++;
        if (fault == Fault.ThrowsOnStep && _t == 4)
        {
            throw new InvalidOperationException("simulated crash");
        }

        _x = Math.Clamp(_x + ((action[0] - 1) * 0.1f) + (float)_rng.Uniform(-0.01, 0.01), -1f, 1f);
        if (fault == Fault.NotDeterministic)
        {
            _x = Math.Clamp(_x + (Interlocked.Increment(ref _globalCounter) % 7 * 1e-3f), -1f, 1f);
        }

        Write(observation);
        if (fault == Fault.NanObservation && _t == 3)
        {
            observation[1] = float.NaN;
        }

        if (fault == Fault.OutOfSpace && _t == 5)
        {
            observation[0] = 3f;
        }

        double reward = fault == Fault.InfiniteReward && _t == 2 ? double.PositiveInfinity : -Math.Abs(_x);
        return new StepResult(reward, fault != Fault.NeverEnds && _t >= 10, false);
    }

    public void Dispose()
    {
    }

    private void Write(Span<float> observation)
    {
        observation[0] = _x;
        if (fault != Fault.UnwrittenEntry)
        {
            observation[1] = Math.Min(_t, 10) / 10f;
        }
    }
}

/// <summary>A <see cref="FaultyEnv"/> with action masks (forbidding action 0, or everything for <see cref="Fault.EmptyMask"/>).</summary>
internal sealed class MaskedFaultyEnv(Fault fault) : FaultyEnv(fault), IActionMaskProvider
{
    private readonly Fault _fault = fault;

    public int ActionMaskSize => 3;

    public void WriteActionMask(Span<bool> mask)
    {
        mask[0] = false;
        mask[1] = mask[2] = _fault != Fault.EmptyMask;
    }
}

/// <summary>A <see cref="FaultyEnv"/> with an unbounded continuous action space.</summary>
internal sealed class UnboundedActionEnv() : FaultyEnv(Fault.None)
{
    public override Space ActionSpace { get; } = new Box(float.NegativeInfinity, float.PositiveInfinity, 1);
}
