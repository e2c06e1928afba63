using Proxima.Envs.Spaces;

namespace Proxima.Envs.Wrappers;

/// <summary>
/// Gymnasium's <c>ClipAction</c>: clips continuous actions into the inner <see cref="Box"/> action space's bounds before
/// stepping, so a policy may emit any value (the exposed action space is the unbounded box of the same shape). NaN
/// actions are passed through unchanged for the inner environment to reject. Allocates nothing per step.
/// </summary>
public sealed class ClipAction : EnvWrapper
{
    private readonly Box _box;
    private readonly float[] _clipped;

    /// <summary>Wraps <paramref name="env"/>, which must have a Box action space.</summary>
    public ClipAction(IEnv env)
        : base(env)
    {
        _box = env.ActionSpace as Box
            ?? throw new ArgumentException($"ClipAction needs a Box action space, got {env.ActionSpace}.", nameof(env));
        _clipped = new float[_box.Size];
        ActionSpace = new Box(float.NegativeInfinity, float.PositiveInfinity, _box.Shape);
    }

    /// <summary>The unbounded box of the inner action shape.</summary>
    public override Space ActionSpace { get; }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (action.Length != _clipped.Length)
        {
            throw new ArgumentException($"The action must have {_clipped.Length} values, got {action.Length}.", nameof(action));
        }

        var low = _box.Low;
        var high = _box.High;
        for (int i = 0; i < _clipped.Length; i++)
        {
            _clipped[i] = float.IsNaN(action[i]) ? action[i] : Math.Clamp(action[i], low[i], high[i]);
        }

        return Inner.Step(_clipped, observation);
    }
}
