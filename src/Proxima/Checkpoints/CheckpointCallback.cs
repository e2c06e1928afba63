using Proxima.Training;

namespace Proxima.Checkpoints;

/// <summary>
/// Saves a numbered checkpoint every <c>frequency</c> environment steps (at the end of the update that crosses the
/// mark), keeping the manager's last N. Saves are atomic, so a crash mid-save leaves the previous ones intact.
/// </summary>
public sealed class CheckpointCallback(CheckpointManager manager, long frequency, Func<PpoTrainer, CheckpointData> capture) : TrainingCallback
{
    private long _next;

    /// <summary>Path of the last checkpoint written, or null.</summary>
    public string? LastPath { get; private set; }

    /// <inheritdoc />
    public override void OnTrainingStart(PpoTrainer trainer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frequency, 1);
        _next = trainer.Timesteps + frequency;
    }

    /// <inheritdoc />
    public override bool OnUpdateEnd(PpoTrainer trainer, TrainingRecord record)
    {
        if (trainer.Timesteps >= _next)
        {
            LastPath = manager.SaveNumbered(trainer.Timesteps, capture(trainer));
            _next = trainer.Timesteps + frequency;
        }

        return true;
    }
}
