using Proxima.Envs.Spaces;

namespace Proxima.Envs.Wrappers;

/// <summary>
/// Gymnasium's <c>RescaleAction</c>: exposes the action space <c>Box(min, max)</c> and maps each action affinely onto the
/// inner bounded <see cref="Box"/> (<c>low + (high − low)·(a − min)/(max − min)</c>), clipping the result into
/// <c>[low, high]</c>. Typical use: policies acting in [−1, 1]. Allocates nothing per step.
/// </summary>
public sealed class RescaleAction : EnvWrapper
{
    private readonly float[] _gradient;
    private readonly float[] _intercept;
    private readonly Box _inner;
    private readonly float[] _scaled;

    /// <summary>Rescales every action entry from [<paramref name="minAction"/>, <paramref name="maxAction"/>].</summary>
    public RescaleAction(IEnv env, float minAction = -1f, float maxAction = 1f)
        : this(env, Filled(env, minAction), Filled(env, maxAction))
    {
    }

    /// <summary>Rescales action entry i from [<paramref name="minAction"/>[i], <paramref name="maxAction"/>[i]].</summary>
    public RescaleAction(IEnv env, float[] minAction, float[] maxAction)
        : base(env)
    {
        ArgumentNullException.ThrowIfNull(minAction);
        ArgumentNullException.ThrowIfNull(maxAction);
        if (env.ActionSpace is not Box { IsBounded: true } box)
        {
            throw new ArgumentException($"RescaleAction needs a bounded Box action space, got {env.ActionSpace}.", nameof(env));
        }

        int n = box.Size;
        if (minAction.Length != n || maxAction.Length != n)
        {
            throw new ArgumentException($"The new bounds must have {n} entries, got {minAction.Length} and {maxAction.Length}.");
        }

        _inner = box;
        _gradient = new float[n];
        _intercept = new float[n];
        _scaled = new float[n];
        for (int i = 0; i < n; i++)
        {
            if (!float.IsFinite(minAction[i]) || !float.IsFinite(maxAction[i]) || !(minAction[i] < maxAction[i]))
            {
                throw new ArgumentException($"Bound {i} is invalid: need finite min < max, got [{minAction[i]}, {maxAction[i]}].");
            }

            // Gymnasium computes these in float32 too (spaces are float32).
            _gradient[i] = (box.High[i] - box.Low[i]) / (maxAction[i] - minAction[i]);
            _intercept[i] = (_gradient[i] * -minAction[i]) + box.Low[i];
        }

        ActionSpace = new Box(minAction, maxAction, box.Shape);
    }

    /// <summary>The box [min, max] the caller acts in.</summary>
    public override Space ActionSpace { get; }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (action.Length != _scaled.Length)
        {
            throw new ArgumentException($"The action must have {_scaled.Length} values, got {action.Length}.", nameof(action));
        }

        var low = _inner.Low;
        var high = _inner.High;
        for (int i = 0; i < _scaled.Length; i++)
        {
            float v = (_gradient[i] * action[i]) + _intercept[i];
            _scaled[i] = float.IsNaN(v) ? v : Math.Clamp(v, low[i], high[i]);
        }

        return Inner.Step(_scaled, observation);
    }

    private static float[] Filled(IEnv env, float value)
    {
        ArgumentNullException.ThrowIfNull(env);
        var a = new float[env.ActionSpace.Size];
        Array.Fill(a, value);
        return a;
    }
}
