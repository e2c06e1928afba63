using System.Diagnostics;
using System.Globalization;
using Proxima.Training;

namespace Proxima.Cli.Reporting;

/// <summary>
/// Prints one progress line per update (at most one every <c>interval</c>), with steps, speed, ETA, the rolling
/// episode return and the main losses. Plain text, so it reads the same in a terminal, a CI log or a redirected file.
/// </summary>
public sealed class ProgressReporter(TextWriter output, long totalTimesteps, TimeSpan interval) : TrainingCallback
{
    private readonly Stopwatch _clock = new();
    private long _startSteps;
    private TimeSpan? _lastPrint;

    public override void OnTrainingStart(PpoTrainer trainer)
    {
        _startSteps = trainer.Timesteps;
        _clock.Restart();
    }

    public override bool OnUpdateEnd(PpoTrainer trainer, TrainingRecord record)
    {
        var now = _clock.Elapsed;
        bool last = record.Timesteps >= totalTimesteps;
        if (!last && _lastPrint is { } previous && now - previous < interval)
        {
            return true;
        }

        _lastPrint = now;
        double sps = (record.Timesteps - _startSteps) / Math.Max(now.TotalSeconds, 1e-9);
        double eta = sps > 0 ? Math.Max(0, totalTimesteps - record.Timesteps) / sps : double.NaN;
        var m = record.Metrics;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"update {record.Update,5} | steps {record.Timesteps,9}/{totalTimesteps} | {sps,8:F0} sps | eta {eta,6:F1}s | " +
            $"ep_return {record.MeanEpisodeReturn,8:F2} (n={record.Episodes}) | pg {m.PolicyLoss,8:F4} vf {m.ValueLoss,9:F4} " +
            $"ent {m.Entropy,6:F3} kl {m.ApproxKl,7:F5} clip {m.ClipFraction,5:F3} ev {m.ExplainedVariance,6:F3}"));
        return true;
    }
}
