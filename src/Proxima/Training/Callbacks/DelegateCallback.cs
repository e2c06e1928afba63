namespace Proxima.Training.Callbacks;

/// <summary>A callback made of delegates, for quick progress reporting or custom stopping rules.</summary>
public sealed class DelegateCallback : TrainingCallback
{
    /// <summary>Runs after each update; return false to stop.</summary>
    public Func<PpoTrainer, TrainingRecord, bool>? UpdateEnd { get; init; }

    /// <summary>Runs after each rollout; return false to stop.</summary>
    public Func<PpoTrainer, RolloutBatch, bool>? RolloutEnd { get; init; }

    public override bool OnUpdateEnd(PpoTrainer trainer, TrainingRecord record) => UpdateEnd?.Invoke(trainer, record) ?? true;

    public override bool OnRolloutEnd(PpoTrainer trainer, RolloutBatch batch) => RolloutEnd?.Invoke(trainer, batch) ?? true;
}
