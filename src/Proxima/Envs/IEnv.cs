using Proxima.Envs.Spaces;

namespace Proxima.Envs;

/// <summary>What one environment step produced besides the next observation.</summary>
/// <param name="Reward">The reward (double, as Gymnasium returns it).</param>
/// <param name="Terminated">The episode reached a terminal state of the task (no bootstrapping).</param>
/// <param name="Truncated">The episode was cut short (time limit): the trainer bootstraps from the final observation.</param>
public readonly record struct StepResult(double Reward, bool Terminated, bool Truncated)
{
    /// <summary>Either flag: the episode is over and the environment must be reset.</summary>
    public bool Done => Terminated || Truncated;
}

/// <summary>
/// A single environment. Implement this to plug a simulation into Proxima: observations and actions are
/// float32 spans encoded by their <see cref="Space"/> (see <see cref="Space.Size"/>); nothing is allocated per step.
/// </summary>
public interface IEnv : IDisposable
{
    /// <summary>Space of observations.</summary>
    Space ObservationSpace { get; }

    /// <summary>Space of actions.</summary>
    Space ActionSpace { get; }

    /// <summary>
    /// Starts a new episode and writes its first observation. With a seed the environment's generator is
    /// re-seeded (as Gymnasium's <c>reset(seed=...)</c>); without one it continues its current stream.
    /// </summary>
    void Reset(Span<float> observation, ulong? seed = null);

    /// <summary>Applies <paramref name="action"/> and writes the next observation.</summary>
    StepResult Step(ReadOnlySpan<float> action, Span<float> observation);

    /// <summary>Optional extra information about the last reset or step (null when there is none).</summary>
    IReadOnlyDictionary<string, object>? Info => null;
}

/// <summary>An environment that restricts which discrete actions are valid in the current state.</summary>
public interface IActionMaskProvider
{
    /// <summary>
    /// Length of the mask (total number of discrete choices of the action space); 0 means the environment provides no
    /// mask after all (as a wrapper does around an environment without one).
    /// </summary>
    int ActionMaskSize { get; }

    /// <summary>Writes true for every action that may be taken now.</summary>
    void WriteActionMask(Span<bool> mask);
}
