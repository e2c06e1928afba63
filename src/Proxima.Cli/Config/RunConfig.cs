using Proxima.Training;

namespace Proxima.Cli.Config;

/// <summary>Everything <c>proxima train</c> needs: the environment, the budget, PPO settings and evaluation.</summary>
public sealed record RunConfig
{
    /// <summary>Registered environment id.</summary>
    public required string EnvId { get; init; }

    /// <summary>Total environment steps of the run (including resumed steps).</summary>
    public long TotalTimesteps { get; init; } = 100_000;

    /// <summary>PPO settings.</summary>
    public PpoConfig Ppo { get; init; } = new();

    /// <summary>Options passed to the environment factory.</summary>
    public IReadOnlyDictionary<string, object> EnvOptions { get; init; } = new Dictionary<string, object>();

    /// <summary>Evaluate every this many environment steps (0 = only at the end).</summary>
    public long EvalFreq { get; init; }

    /// <summary>Episodes per evaluation.</summary>
    public int EvalEpisodes { get; init; } = 10;

    /// <summary>Stop once the mean evaluation return reaches this (null = train the whole budget).</summary>
    public double? StopReward { get; init; }

    /// <summary>Consecutive evaluations at or above <see cref="StopReward"/> needed to stop.</summary>
    public int StopWindow { get; init; } = 1;

    /// <summary>Save a numbered checkpoint every this many environment steps (0 = only final and best).</summary>
    public long CheckpointFreq { get; init; }

    /// <summary>Numbered checkpoints kept (older ones are deleted).</summary>
    public int KeepCheckpoints { get; init; } = 3;

    /// <summary>The settings as flat key/value pairs in config-file form (written to the run directory).</summary>
    public IReadOnlyDictionary<string, object?> Resolved { get; init; } = new Dictionary<string, object?>();
}
