using System.Globalization;
using Proxima.Training;
using Spectre.Console;

namespace Proxima.Cli.Reporting;

/// <summary>
/// A live progress bar for interactive terminals (Spectre.Console): steps, steps/second, ETA, and a description
/// line with the rolling episode return and the main losses. Non-terminal output uses <see cref="ProgressReporter"/>.
/// </summary>
public sealed class LiveProgress(ProgressTask task) : TrainingCallback
{
    /// <summary>
    /// Runs <paramref name="train"/> under a live progress display of <paramref name="totalTimesteps"/> steps,
    /// passing it the callback that drives the bar.
    /// </summary>
    public static T Run<T>(long totalTimesteps, long startTimesteps, Func<TrainingCallback, T> train)
    {
        return AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new StepsColumn(),
                new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("collecting…", maxValue: totalTimesteps);
                task.Value = startTimesteps;
                return train(new LiveProgress(task));
            });
    }

    /// <inheritdoc />
    public override bool OnUpdateEnd(PpoTrainer trainer, TrainingRecord record)
    {
        var m = record.Metrics;
        task.Value = Math.Min(record.Timesteps, task.MaxValue);
        task.Description = string.Create(
            CultureInfo.InvariantCulture,
            $"return [green]{record.MeanEpisodeReturn,8:F1}[/] | {record.StepsPerSecond,7:F0} sps | pg {m.PolicyLoss,7:F4} vf {m.ValueLoss,8:F4} ent {m.Entropy,6:F3} kl {m.ApproxKl,7:F5}");
        return true;
    }

    /// <summary>Shows "steps/total".</summary>
    private sealed class StepsColumn : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Markup(string.Create(CultureInfo.InvariantCulture, $"{task.Value:F0}/{task.MaxValue:F0} steps"));
    }
}
