namespace Proxima.Envs.Wrappers;

/// <summary>
/// Writes the transformed form of <paramref name="observation"/> into <paramref name="destination"/> (used by
/// <see cref="TransformObservation"/>; must not allocate if the wrapper is to stay allocation-free).
/// </summary>
public delegate void ObservationTransform(ReadOnlySpan<float> observation, Span<float> destination);
