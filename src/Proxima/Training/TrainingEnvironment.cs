using Proxima.Envs;
using Proxima.Envs.Vector;
using Proxima.Evaluation;

namespace Proxima.Training;

/// <summary>
/// The vector environment a run trains on, built from a factory and the run's settings: <c>n_envs</c> copies,
/// then observation and reward normalization when the config asks for them (SB3's VecNormalize order).
/// Also gives evaluation the same view of observations the policy was trained on.
/// </summary>
public sealed class TrainingEnvironment : IDisposable
{
    private TrainingEnvironment(IVectorEnv env, NormalizeObservation? observations, NormalizeReward? rewards)
    {
        Env = env;
        ObservationNormalizer = observations;
        RewardNormalizer = rewards;
    }

    /// <summary>The outermost vector environment (what the trainer steps).</summary>
    public IVectorEnv Env { get; }

    /// <summary>Observation normalization, or null.</summary>
    public NormalizeObservation? ObservationNormalizer { get; }

    /// <summary>Reward scaling, or null.</summary>
    public NormalizeReward? RewardNormalizer { get; }

    /// <summary>
    /// Maps raw observations of a separate evaluation environment to what the policy expects (the current running
    /// statistics, not updated by evaluation); null when observations are not normalized.
    /// </summary>
    public ObservationTransform? EvaluationTransform => ObservationNormalizer is { } n ? n.Normalize : null;

    /// <summary>
    /// Builds <paramref name="config"/>.NumEnvs environments with <paramref name="factory"/> (called with the row
    /// index), stepped on <paramref name="threads"/> worker threads when more than one.
    /// </summary>
    public static TrainingEnvironment Create(Func<int, IEnv> factory, PpoConfig config, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(factory);
        IVectorEnv env = threads > 1 && config.NumEnvs > 1
            ? new ThreadedVectorEnv(factory, config.NumEnvs, Math.Min(threads, config.NumEnvs))
            : new SyncVectorEnv(factory, config.NumEnvs);
        NormalizeObservation? observations = null;
        NormalizeReward? rewards = null;
        if (config.NormalizeObservation)
        {
            env = observations = new NormalizeObservation(env, clip: config.ClipObservation);
        }

        if (config.NormalizeReward)
        {
            env = rewards = new NormalizeReward(env, config.Gamma, clip: config.ClipReward);
        }

        return new TrainingEnvironment(env, observations, rewards);
    }

    /// <inheritdoc />
    public void Dispose() => Env.Dispose();
}
