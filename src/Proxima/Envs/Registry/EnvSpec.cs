namespace Proxima.Envs.Registry;

/// <summary>
/// How to build one registered environment (Gymnasium's <c>EnvSpec</c>).
/// </summary>
/// <param name="Id">The id passed to <see cref="EnvRegistry.Make"/>, e.g. <c>CartPole-v1</c>.</param>
/// <param name="Factory">
/// Builds the bare environment from the effective options: <paramref name="DefaultOptions"/> overridden by the caller's
/// options (never null; contains every default key). The registry adds the time limit.
/// </param>
/// <param name="MaxEpisodeSteps">Steps after which <see cref="EnvRegistry.Make"/>'s TimeLimit truncates; null for none.</param>
/// <param name="RewardThreshold">Average return at which the task counts as solved; null when undefined.</param>
/// <param name="DefaultOptions">
/// The options the environment accepts with their default values (null or empty: none). Keys not listed here are
/// rejected by <see cref="EnvRegistry.Make"/>.
/// </param>
/// <param name="Description">One line for listings.</param>
public sealed record EnvSpec(
    string Id,
    Func<IReadOnlyDictionary<string, object>, IEnv> Factory,
    int? MaxEpisodeSteps,
    double? RewardThreshold,
    IReadOnlyDictionary<string, object>? DefaultOptions,
    string Description);
