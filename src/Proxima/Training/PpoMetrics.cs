namespace Proxima.Training;

/// <summary>Diagnostics of one <see cref="PpoTrainer.Learn"/> call, averaged over the minibatches it ran.</summary>
public sealed record PpoMetrics
{
    public double PolicyLoss { get; init; }

    public double ValueLoss { get; init; }

    /// <summary>Mean entropy of the action distribution (the entropy loss is its negative).</summary>
    public double Entropy { get; init; }

    /// <summary>Mean (r − 1) − log r over the minibatches.</summary>
    public double ApproxKl { get; init; }

    public double ClipFraction { get; init; }

    public double TotalLoss { get; init; }

    /// <summary>1 − Var(R − V)/Var(R) of the collecting policy's values against the batch returns.</summary>
    public double ExplainedVariance { get; init; }

    /// <summary>Mean global gradient norm before clipping.</summary>
    public double GradNorm { get; init; }

    public double LearningRate { get; init; }

    public double ClipRange { get; init; }

    /// <summary>Epochs started (fewer than n_epochs when target_kl stopped the update).</summary>
    public int EpochsRun { get; init; }

    public int MinibatchesRun { get; init; }

    /// <summary>target_kl ended the update early.</summary>
    public bool StoppedEarly { get; init; }

    /// <summary>Adaptive KL coefficient after this update (0 when disabled).</summary>
    public double KlCoef { get; init; }
}

/// <summary>Summary of one rollout and update of <see cref="PpoTrainer.Train"/>.</summary>
public sealed record TrainingRecord
{
    public int Update { get; init; }

    /// <summary>Environment steps taken in total after this update (all environments).</summary>
    public long Timesteps { get; init; }

    /// <summary>Mean return of the last 100 finished episodes (raw rewards).</summary>
    public double MeanEpisodeReturn { get; init; }

    public double MeanEpisodeLength { get; init; }

    public long Episodes { get; init; }

    /// <summary>Environment steps per second over the whole update (collection + learning).</summary>
    public double StepsPerSecond { get; init; }

    public double CollectSeconds { get; init; }

    public double LearnSeconds { get; init; }

    public required PpoMetrics Metrics { get; init; }
}
