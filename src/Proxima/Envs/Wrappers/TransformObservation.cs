using Proxima.Envs.Spaces;

namespace Proxima.Envs.Wrappers;

/// <summary>
/// Gymnasium's <c>TransformObservation</c>: applies a user function to every observation (after reset and step). The
/// inner observation is written to a private buffer and the function writes the outer one, so it may change the size;
/// pass the resulting observation space when it differs from the inner one.
/// </summary>
public sealed class TransformObservation : EnvWrapper
{
    private readonly ObservationTransform _transform;
    private readonly float[] _inner;

    /// <summary>Wraps <paramref name="env"/>, transforming observations with <paramref name="transform"/> into <paramref name="observationSpace"/> (default: the inner space).</summary>
    public TransformObservation(IEnv env, ObservationTransform transform, Space? observationSpace = null)
        : base(env)
    {
        _transform = transform ?? throw new ArgumentNullException(nameof(transform));
        _inner = new float[env.ObservationSpace.Size];
        ObservationSpace = observationSpace ?? env.ObservationSpace;
    }

    /// <inheritdoc />
    public override Space ObservationSpace { get; }

    /// <summary>The untransformed observation of the last reset or step.</summary>
    public ReadOnlySpan<float> InnerObservation => _inner;

    /// <inheritdoc />
    public override void Reset(Span<float> observation, ulong? seed = null)
    {
        CheckBuffer(observation);
        Inner.Reset(_inner, seed);
        _transform(_inner, observation);
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        CheckBuffer(observation);
        var result = Inner.Step(action, _inner);
        _transform(_inner, observation);
        return result;
    }

    private void CheckBuffer(Span<float> observation)
    {
        if (observation.Length != ObservationSpace.Size)
        {
            throw new ArgumentException($"The observation buffer must have {ObservationSpace.Size} entries for {ObservationSpace}, got {observation.Length}.", nameof(observation));
        }
    }
}
