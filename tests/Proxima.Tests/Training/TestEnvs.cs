using Proxima.Envs;
using Proxima.Envs.Spaces;
using Proxima.Random;

namespace Proxima.Tests.Training;

/// <summary>
/// A one-step bandit: the observation is a random context c ∈ {−1, +1}; action 1 pays 1 when c = +1 and action 0 pays
/// 1 when c = −1. Optionally truncates instead of terminating, and optionally masks action 0 on even-numbered episodes.
/// </summary>
internal class ContextBanditEnv(bool truncate = false, bool masks = false) : IEnv
{
    private Pcg64 _rng = new(0);
    private float _context;
    private long _episode;

    public Space ObservationSpace { get; } = new Box(-1f, 1f, 1);

    public Space ActionSpace { get; } = new Discrete(2);

    public void Reset(Span<float> observation, ulong? seed = null)
    {
        if (seed is ulong s)
        {
            _rng = new Pcg64(s);
        }

        _episode++;
        _context = _rng.NextInt(2) == 0 ? -1f : 1f;
        observation[0] = _context;
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (MaskedNow && action[0] == 0)
        {
            throw new InvalidOperationException("A masked action was taken.");
        }

        bool correct = (action[0] == 1) == (_context > 0);
        observation[0] = _context;
        return new StepResult(correct ? 1.0 : 0.0, Terminated: !truncate, Truncated: truncate);
    }

    public void Dispose()
    {
    }

    /// <summary>Action 0 is forbidden in the current episode.</summary>
    protected bool MaskedNow => masks && _episode % 2 == 0;
}

/// <summary>The bandit with its action mask exposed to the vector environment.</summary>
internal sealed class MaskedContextBanditEnv() : ContextBanditEnv(masks: true), IActionMaskProvider
{
    public int ActionMaskSize => 2;

    public void WriteActionMask(Span<bool> mask)
    {
        mask[0] = !MaskedNow;
        mask[1] = true;
    }
}

/// <summary>A 1-D continuous task: reward −(a − target)² with target = observation; episodes of 5 steps, terminated.</summary>
internal sealed class TrackTargetEnv : IEnv
{
    private Pcg64 _rng = new(0);
    private float _target;
    private int _t;

    public Space ObservationSpace { get; } = new Box(-1f, 1f, 1);

    public Space ActionSpace { get; } = new Box(-2f, 2f, 1);

    public void Reset(Span<float> observation, ulong? seed = null)
    {
        if (seed is ulong s)
        {
            _rng = new Pcg64(s);
        }

        _t = 0;
        _target = (float)_rng.Uniform(-1, 1);
        observation[0] = _target;
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        double err = action[0] - _target;
        _t++;
        _target = (float)_rng.Uniform(-1, 1);
        observation[0] = _target;
        return new StepResult(-err * err, Terminated: _t >= 5, Truncated: false);
    }

    public void Dispose()
    {
    }
}

/// <summary>The tracking task, except that environment <c>badIndex</c>'s <c>badStep</c>-th step returns a NaN reward.</summary>
internal sealed class NaNRewardEnv(int index, int badIndex, int badStep) : IEnv
{
    private readonly TrackTargetEnv _inner = new();
    private int _steps;

    public Space ObservationSpace => _inner.ObservationSpace;

    public Space ActionSpace => _inner.ActionSpace;

    public void Reset(Span<float> observation, ulong? seed = null) => _inner.Reset(observation, seed);

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        var result = _inner.Step(action, observation);
        return ++_steps == badStep && index == badIndex ? result with { Reward = double.NaN } : result;
    }

    public void Dispose()
    {
    }
}
