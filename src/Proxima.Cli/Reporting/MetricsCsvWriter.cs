using System.Globalization;
using Proxima.Training;

namespace Proxima.Cli.Reporting;

/// <summary>Writes <c>metrics.csv</c>: one row per update with every metric, flushed as it goes.</summary>
public sealed class MetricsCsvWriter : TrainingCallback, IDisposable
{
    /// <summary>Column names, in order.</summary>
    public static readonly string[] Columns =
    [
        "update", "timesteps", "episodes", "mean_episode_return", "mean_episode_length", "steps_per_second", "collect_seconds", "learn_seconds",
        "policy_loss", "value_loss", "entropy", "approx_kl", "clip_fraction", "total_loss", "explained_variance", "grad_norm",
        "learning_rate", "clip_range", "epochs_run", "minibatches_run", "stopped_early", "kl_coef",
    ];

    private readonly StreamWriter _writer;

    public MetricsCsvWriter(string path, bool append = false)
    {
        bool writeHeader = !append || !File.Exists(path) || new FileInfo(path).Length == 0;
        _writer = new StreamWriter(path, append) { AutoFlush = true };
        if (writeHeader)
        {
            _writer.WriteLine(string.Join(',', Columns));
        }
    }

    /// <summary>The values of one row, in <see cref="Columns"/> order.</summary>
    public static double[] Row(TrainingRecord r)
    {
        var m = r.Metrics;
        return
        [
            r.Update, r.Timesteps, r.Episodes, r.MeanEpisodeReturn, r.MeanEpisodeLength, r.StepsPerSecond, r.CollectSeconds, r.LearnSeconds,
            m.PolicyLoss, m.ValueLoss, m.Entropy, m.ApproxKl, m.ClipFraction, m.TotalLoss, m.ExplainedVariance, m.GradNorm,
            m.LearningRate, m.ClipRange, m.EpochsRun, m.MinibatchesRun, m.StoppedEarly ? 1 : 0, m.KlCoef,
        ];
    }

    public override bool OnUpdateEnd(PpoTrainer trainer, TrainingRecord record)
    {
        _writer.WriteLine(string.Join(',', Row(record).Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        return true;
    }

    public void Dispose() => _writer.Dispose();
}
