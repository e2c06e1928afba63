using Proxima.Envs;
using Proxima.Optim;

namespace Proxima.Training;

/// <summary>
/// Everything a <see cref="PpoTrainer"/> needs to continue exactly where it stopped, as plain data: weights,
/// optimizer moments, generator states, counters, the schedule position, the episode window and (when the
/// environments support it) the environments themselves. Checkpoints serialize this record; nothing in it names a
/// type to instantiate.
/// </summary>
public sealed record TrainerState
{
    /// <summary>Environment steps so far.</summary>
    public required long Timesteps { get; init; }

    /// <summary>Updates so far.</summary>
    public required int Updates { get; init; }

    /// <summary>Schedule position in [0, 1] at the last update.</summary>
    public required double Progress { get; init; }

    /// <summary>Adaptive KL penalty coefficient.</summary>
    public required double KlCoef { get; init; }

    /// <summary>Policy parameters by name.</summary>
    public required IReadOnlyList<(string Name, int[] Shape, float[] Values)> Parameters { get; init; }

    /// <summary>Optimizer slots (e.g. Adam's first and second moments) by parameter name.</summary>
    public required IReadOnlyList<OptimizerStateEntry> OptimizerState { get; init; }

    /// <summary>Optimizer steps taken (Adam's bias correction depends on it).</summary>
    public required long OptimizerSteps { get; init; }

    /// <summary>Generator states by name (<c>actions</c>, <c>shuffle</c>), four words each.</summary>
    public required IReadOnlyDictionary<string, ulong[]> Generators { get; init; }

    /// <summary>Rolling window of finished training episodes.</summary>
    public required EpisodeWindowState Episodes { get; init; }

    /// <summary>Which rows start a new episode at the next collected step.</summary>
    public required bool[] EpisodeStarts { get; init; }

    /// <summary>Recurrent state carried into the next collected step [rows, state size], or null for a feed-forward policy.</summary>
    public float[]? RecurrentState { get; init; }

    /// <summary>The training environments, or null when they cannot be captured (resume then starts new episodes).</summary>
    public VectorEnvState? Environment { get; init; }
}
