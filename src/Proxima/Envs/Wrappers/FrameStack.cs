using Proxima.Envs.Spaces;

namespace Proxima.Envs.Wrappers;

/// <summary>
/// Gymnasium's <c>FrameStackObservation</c> (padding "reset"): the observation is the last <see cref="StackSize"/> inner
/// observations, oldest first, as a <see cref="Box"/> of shape <c>[StackSize, ...inner shape]</c>; after a reset every
/// slot holds the first observation. Needs a Box observation space. Allocates nothing per step.
/// </summary>
public sealed class FrameStack : EnvWrapper
{
    private readonly float[] _frames;
    private readonly int _frameSize;
    private int _newest;

    /// <summary>Stacks the last <paramref name="stackSize"/> observations of <paramref name="env"/>.</summary>
    public FrameStack(IEnv env, int stackSize)
        : base(env)
    {
        if (env.ObservationSpace is not Box box)
        {
            throw new ArgumentException($"FrameStack needs a Box observation space, got {env.ObservationSpace}.", nameof(env));
        }

        if (stackSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stackSize), stackSize, "At least one frame must be stacked.");
        }

        StackSize = stackSize;
        _frameSize = box.Size;
        _frames = new float[stackSize * _frameSize];
        var low = new float[_frames.Length];
        var high = new float[_frames.Length];
        for (int k = 0; k < stackSize; k++)
        {
            box.Low.CopyTo(low.AsSpan(k * _frameSize));
            box.High.CopyTo(high.AsSpan(k * _frameSize));
        }

        ObservationSpace = new Box(low, high, [stackSize, .. box.Shape]);
    }

    /// <summary>Number of stacked observations.</summary>
    public int StackSize { get; }

    /// <summary>The inner box repeated <see cref="StackSize"/> times along a new leading axis.</summary>
    public override Space ObservationSpace { get; }

    /// <inheritdoc />
    public override void Reset(Span<float> observation, ulong? seed = null)
    {
        CheckBuffer(observation);
        var first = _frames.AsSpan(0, _frameSize);
        Inner.Reset(first, seed);
        for (int k = 1; k < StackSize; k++)
        {
            first.CopyTo(_frames.AsSpan(k * _frameSize, _frameSize));
        }

        _newest = 0;
        Write(observation);
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        CheckBuffer(observation);
        int slot = (_newest + 1) % StackSize;
        var result = Inner.Step(action, _frames.AsSpan(slot * _frameSize, _frameSize));
        _newest = slot;
        Write(observation);
        return result;
    }

    // The ring holds frames with the newest in slot _newest; the oldest is the slot after it.
    /// <inheritdoc />
    public override EnvState CaptureState()
    {
        var inner = base.CaptureState();
        double[] values = [.. inner.Values, .. _frames.Select(f => (double)f), _newest];
        return new EnvState(values, inner.Words);
    }

    /// <inheritdoc />
    public override void RestoreState(EnvState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        int own = _frames.Length + 1;
        if (state.Values.Length < own)
        {
            throw new ArgumentException($"A FrameStack state ends with {_frames.Length} stacked values and the newest slot; the saved state has only {state.Values.Length} values.", nameof(state));
        }

        int innerCount = state.Values.Length - own;
        base.RestoreState(new EnvState(state.Values[..innerCount], state.Words));
        for (int i = 0; i < _frames.Length; i++)
        {
            _frames[i] = (float)state.Values[innerCount + i];
        }

        _newest = (int)state.Values[^1];
    }

    private void Write(Span<float> observation)
    {
        int oldest = (_newest + 1) % StackSize;
        int tail = (StackSize - oldest) * _frameSize;
        _frames.AsSpan(oldest * _frameSize, tail).CopyTo(observation);
        _frames.AsSpan(0, oldest * _frameSize).CopyTo(observation[tail..]);
    }

    private void CheckBuffer(Span<float> observation)
    {
        if (observation.Length != _frames.Length)
        {
            throw new ArgumentException($"The observation buffer must have {_frames.Length} entries for {ObservationSpace}, got {observation.Length}.", nameof(observation));
        }
    }
}
