namespace Proxima.Training.Callbacks;

/// <summary>
/// Lets a curriculum change environment parameters between rollouts: the delegate runs after every update with the
/// trainer (its <see cref="PpoTrainer.Env"/>, timesteps and statistics) and the update's record.
/// </summary>
public sealed class CurriculumCallback(Action<PpoTrainer, TrainingRecord> adjust) : TrainingCallback
{
    public override bool OnUpdateEnd(PpoTrainer trainer, TrainingRecord record)
    {
        adjust(trainer, record);
        return true;
    }
}
