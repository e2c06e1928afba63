using Proxima.Evaluation;
using Proxima.Tracking;
using Proxima.Training;

namespace Proxima.Cli.Reporting;

/// <summary>
/// Sends one row of metrics per update to the run's trackers (CSV, TensorBoard, MLflow), named as Stable-Baselines3
/// names them so dashboards and notebooks carry over; evaluation results join the row of the update they followed.
/// </summary>
public sealed class TrackingCallback(IExperimentTracker tracker) : TrainingCallback
{
    private EvalStats? _pendingEval;

    /// <summary>The metric whose curve is the learning curve.</summary>
    public const string ReturnMetric = "rollout/ep_rew_mean";

    /// <summary>Records an evaluation to be logged with the current update's row.</summary>
    public void AddEvaluation(EvalStats stats) => _pendingEval = stats;

    /// <inheritdoc />
    public override bool OnUpdateEnd(PpoTrainer trainer, TrainingRecord record)
    {
        var m = record.Metrics;
        var row = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [ReturnMetric] = record.MeanEpisodeReturn,
            ["rollout/ep_len_mean"] = record.MeanEpisodeLength,
            ["rollout/episodes"] = record.Episodes,
            ["train/policy_loss"] = m.PolicyLoss,
            ["train/value_loss"] = m.ValueLoss,
            ["train/entropy"] = m.Entropy,
            ["train/approx_kl"] = m.ApproxKl,
            ["train/clip_fraction"] = m.ClipFraction,
            ["train/loss"] = m.TotalLoss,
            ["train/explained_variance"] = m.ExplainedVariance,
            ["train/grad_norm"] = m.GradNorm,
            ["train/learning_rate"] = m.LearningRate,
            ["train/clip_range"] = m.ClipRange,
            ["train/epochs"] = m.EpochsRun,
            ["train/stopped_early"] = m.StoppedEarly ? 1 : 0,
            ["train/kl_coef"] = m.KlCoef,
            ["train/n_updates"] = record.Update,
            ["time/fps"] = record.StepsPerSecond,
            ["time/collect_seconds"] = record.CollectSeconds,
            ["time/learn_seconds"] = record.LearnSeconds,
        };
        if (_pendingEval is { } eval)
        {
            row["eval/mean_reward"] = eval.MeanReturn;
            row["eval/std_reward"] = eval.StdReturn;
            row["eval/mean_ep_length"] = eval.MeanLength;
            _pendingEval = null;
        }

        tracker.LogMetrics(record.Timesteps, row);
        return true;
    }
}
