namespace Proxima.Training;

/// <summary>
/// Hooks into <see cref="PpoTrainer.Train"/>. Every hook may return false to stop training after the current phase.
/// Override only what you need; the defaults do nothing and continue.
/// </summary>
public abstract class TrainingCallback
{
    /// <summary>Before the first rollout.</summary>
    public virtual void OnTrainingStart(PpoTrainer trainer)
    {
    }

    /// <summary>After each vector-environment step during collection (keep it cheap: it runs on the hot path).</summary>
    public virtual bool OnStep(PpoTrainer trainer) => true;

    /// <summary>After a rollout is collected and its advantages computed, before learning from it.</summary>
    public virtual bool OnRolloutEnd(PpoTrainer trainer, RolloutBatch batch) => true;

    /// <summary>After each update, with its summary.</summary>
    public virtual bool OnUpdateEnd(PpoTrainer trainer, TrainingRecord record) => true;

    /// <summary>When training ends for any reason.</summary>
    public virtual void OnTrainingEnd(PpoTrainer trainer)
    {
    }
}
