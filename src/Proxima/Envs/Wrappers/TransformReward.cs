namespace Proxima.Envs.Wrappers;

/// <summary>
/// Gymnasium's <c>TransformReward</c>: replaces every reward r by <c>transform(r)</c> (e.g. scaling or clipping);
/// flags and observations pass through.
/// </summary>
public sealed class TransformReward : EnvWrapper
{
    private readonly Func<double, double> _transform;

    /// <summary>Wraps <paramref name="env"/>, transforming rewards with <paramref name="transform"/>.</summary>
    public TransformReward(IEnv env, Func<double, double> transform)
        : base(env)
    {
        _transform = transform ?? throw new ArgumentNullException(nameof(transform));
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        var result = Inner.Step(action, observation);
        return result with { Reward = _transform(result.Reward) };
    }
}
