using Proxima.Envs.Spaces;

namespace Proxima.Envs.Wrappers;

/// <summary>
/// Keeps only some entries of a <see cref="Box"/> observation, in the given order: for example the NoVel variants
/// (<c>CartPoleNoVel-v1</c> keeps [x, θ], <c>PendulumNoVel-v1</c> keeps [cos θ, sin θ]) that make a task partially
/// observable by hiding velocities. The observation space is the box restricted to the kept entries.
/// </summary>
public sealed class ObservationFilter : EnvWrapper
{
    private readonly int[] _indices;
    private readonly float[] _full;

    /// <summary>Wraps <paramref name="env"/>, keeping observation entries <paramref name="indices"/>.</summary>
    public ObservationFilter(IEnv env, params int[] indices)
        : base(env)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (env.ObservationSpace is not Box box || box.Shape.Length != 1)
        {
            throw new ArgumentException($"ObservationFilter needs a one-dimensional Box observation space, got {env.ObservationSpace}.", nameof(env));
        }

        if (indices.Length == 0)
        {
            throw new ArgumentException("ObservationFilter needs at least one index to keep.", nameof(indices));
        }

        var seen = new HashSet<int>();
        foreach (int i in indices)
        {
            if (i < 0 || i >= box.Size || !seen.Add(i))
            {
                throw new ArgumentException(
                    $"ObservationFilter index {i} is invalid for {box}: indices must be distinct and in 0..{box.Size - 1}.", nameof(indices));
            }
        }

        _indices = (int[])indices.Clone();
        _full = new float[box.Size];
        var low = new float[indices.Length];
        var high = new float[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            low[k] = box.Low[indices[k]];
            high[k] = box.High[indices[k]];
        }

        ObservationSpace = new Box(low, high, indices.Length);
    }

    /// <summary>The kept entries of the inner observation, in output order.</summary>
    public IReadOnlyList<int> Indices => _indices;

    /// <inheritdoc />
    public override Space ObservationSpace { get; }

    /// <summary>The full observation of the inner environment from the last reset or step.</summary>
    public ReadOnlySpan<float> FullObservation => _full;

    /// <inheritdoc />
    public override void Reset(Span<float> observation, ulong? seed = null)
    {
        CheckBuffer(observation);
        Inner.Reset(_full, seed);
        Select(observation);
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        CheckBuffer(observation);
        var result = Inner.Step(action, _full);
        Select(observation);
        return result;
    }

    private void Select(Span<float> observation)
    {
        for (int k = 0; k < _indices.Length; k++)
        {
            observation[k] = _full[_indices[k]];
        }
    }

    private void CheckBuffer(Span<float> observation)
    {
        if (observation.Length != _indices.Length)
        {
            throw new ArgumentException(
                $"The observation buffer must have {_indices.Length} entries for {ObservationSpace}, got {observation.Length}.", nameof(observation));
        }
    }
}
