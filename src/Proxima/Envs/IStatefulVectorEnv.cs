namespace Proxima.Envs;

/// <summary>
/// The complete state of a vector environment as plain data: the current observations the trainer reads next, the
/// running episode accumulators, each environment's own state, and named statistics of wrappers (for example the
/// running mean and variance of observation normalization).
/// </summary>
/// <param name="Observations">Current observations [NumEnvs, ObservationSize], as the trainer sees them.</param>
/// <param name="ActionMasks">Current action masks, or null.</param>
/// <param name="EpisodeReturns">Running undiscounted return of each environment's current episode.</param>
/// <param name="EpisodeLengths">Running length of each environment's current episode.</param>
/// <param name="Envs">Each environment's state.</param>
/// <param name="Statistics">Wrapper statistics by name (e.g. <c>obs_rms.mean</c>).</param>
public sealed record VectorEnvState(
    float[] Observations,
    bool[]? ActionMasks,
    double[] EpisodeReturns,
    int[] EpisodeLengths,
    EnvState[] Envs,
    IReadOnlyDictionary<string, double[]> Statistics);

/// <summary>A vector environment that can be captured and restored exactly (checkpoints, exact resume).</summary>
public interface IStatefulVectorEnv
{
    /// <summary>Whether every environment supports state capture (otherwise <see cref="CaptureState"/> throws).</summary>
    bool CanCaptureState { get; }

    /// <summary>A copy of the complete state.</summary>
    VectorEnvState CaptureState();

    /// <summary>Continues from <paramref name="state"/>; throws <see cref="ArgumentException"/> when it does not fit.</summary>
    void RestoreState(VectorEnvState state);
}
