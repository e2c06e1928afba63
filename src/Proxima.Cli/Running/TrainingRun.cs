using System.Globalization;
using Proxima.Checkpoints;
using Proxima.Cli.Config;
using Proxima.Cli.Plotting;
using Proxima.Cli.Reporting;
using Proxima.Envs;
using Proxima.Envs.Registry;
using Proxima.Evaluation;
using Proxima.Tracking;
using Proxima.Training;
using Proxima.Training.Callbacks;

namespace Proxima.Cli.Running;

/// <summary>Where and how a run writes its outputs.</summary>
/// <param name="RunDirectory">The run directory (config, checkpoints, metrics, event file, plot).</param>
/// <param name="Resume">Checkpoint to continue from, or null.</param>
/// <param name="MlflowUri">Track with MLflow: empty string for <c>./mlruns</c>, a path or URL otherwise; null for no MLflow.</param>
/// <param name="Interactive">Show a live progress bar (a terminal) instead of periodic lines.</param>
public sealed record RunOptions(string RunDirectory, CheckpointData? Resume = null, string? MlflowUri = null, bool Interactive = false);

/// <summary>What a finished run produced.</summary>
public sealed record RunOutcome(long Timesteps, EvalStats FinalEvaluation, string? StopReason, bool Interrupted, double Seconds);

/// <summary>
/// One <c>proxima train</c> run end to end: environments and trainer from the config, optional resume, trackers
/// (metrics.csv, TensorBoard, MLflow), periodic evaluation with <c>best.ckpt</c>, periodic and final checkpoints,
/// the learning-curve plot, and a final deterministic evaluation.
/// </summary>
public static class TrainingRun
{
    /// <summary>File name of the learning-curve plot in the run directory.</summary>
    public const string PlotFileName = "learning-curve.png";

    /// <summary>Runs <paramref name="run"/>; progress and results go to <paramref name="output"/>.</summary>
    public static RunOutcome Execute(RunConfig run, RunOptions options, TextWriter output)
    {
        string runDir = options.RunDirectory;
        IEnv MakeEnv() => EnvRegistry.Make(run.EnvId, run.EnvOptions);

        // Environments, policy and resume come first, so a config they reject leaves no run directory behind.
        using var setup = Setup(run, MakeEnv);
        var trainer = setup.Trainer;
        if (options.Resume is { } resume)
        {
            RunCheckpoints.Restore(trainer, resume);
            output.WriteLine($"Resumed at {trainer.Timesteps} steps ({trainer.Updates} updates).");
        }

        Directory.CreateDirectory(runDir);
        AtomicFile.WriteAllBytes(Path.Combine(runDir, "config.yaml"), System.Text.Encoding.UTF8.GetBytes(ConfigWriter.ToYaml(run.Resolved)));

        output.WriteLine($"Training PPO on {run.EnvId} for {run.TotalTimesteps} steps (seed {run.Ppo.Seed}, {run.Ppo.NumEnvs} envs); run directory {runDir}");
        output.WriteLine(trainer.Policy.Describe());

        var manager = new CheckpointManager(runDir, run.KeepCheckpoints);
        using var trackers = OpenTrackers(run, options, runDir);
        var tracking = new TrackingCallback(trackers);
        var callbacks = new List<TrainingCallback>();
        EvalCallback? eval = null;
        if (run.EvalFreq > 0)
        {
            eval = new EvalCallback(MakeEnv, run.EvalFreq, run.EvalEpisodes, seed: run.Ppo.Seed + 1_000_000,
                stop: new StopCondition(run.StopReward, run.StopWindow));
            eval.Evaluated += (t, e) =>
            {
                tracking.AddEvaluation(e.Stats);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"eval at {e.Timesteps}: mean return {e.Stats.MeanReturn:F2} ± {e.Stats.StdReturn:F2} over {e.Stats.Episodes} episodes{(e.IsNewBest ? " (new best)" : "")}"));
            };
            eval.NewBest += (t, _) => manager.SaveBest(RunCheckpoints.Capture(t, run));
            callbacks.Add(eval);
        }

        callbacks.Add(tracking);
        if (run.CheckpointFreq > 0)
        {
            callbacks.Add(new CheckpointCallback(manager, run.CheckpointFreq, t => RunCheckpoints.Capture(t, run)));
        }

        using var stop = new StopSignals();
        callbacks.Add(stop);
        IReadOnlyList<TrainingRecord> history;
        if (options.Interactive)
        {
            history = LiveProgress.Run(run.TotalTimesteps, trainer.Timesteps, live => trainer.Train(run.TotalTimesteps, [.. callbacks, live]));
        }
        else
        {
            var lines = new ProgressReporter(output, run.TotalTimesteps, TimeSpan.FromSeconds(5));
            history = trainer.Train(run.TotalTimesteps, [.. callbacks, lines]);
        }

        // Reaching here means no NaN/Inf stopped training, so the final weights are good to save.
        string finalPath = manager.SaveFinal(RunCheckpoints.Capture(trainer, run));
        if (stop.Requested)
        {
            output.WriteLine($"Interrupted: stopped at the end of update {trainer.Updates}; saved {finalPath}.");
        }

        if (eval?.StopReason is { } reason)
        {
            output.WriteLine($"Stopped early: {reason}.");
        }

        var final = Evaluator.Evaluate(trainer.Policy, MakeEnv, run.EvalEpisodes, run.Ppo.Seed + 2_000_000, deterministic: true, trainer.ObservationTransform);
        double seconds = history.Sum(h => h.CollectSeconds + h.LearnSeconds);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Done: {trainer.Timesteps} steps in {seconds:F1}s ({(trainer.Timesteps - (options.Resume?.Timesteps ?? 0)) / Math.Max(seconds, 1e-9):F0} steps/s). " +
            $"Final evaluation: mean return {final.MeanReturn:F2} ± {final.StdReturn:F2} over {final.Episodes} episodes (deterministic)."));

        trackers.Dispose();
        string plot = Path.Combine(runDir, PlotFileName);
        WritePlot(runDir, plot, run.EnvId);
        if (trackers.Mlflow is { } mlflow)
        {
            foreach (string artifact in new[] { Path.Combine(runDir, "config.yaml"), finalPath, plot })
            {
                if (File.Exists(artifact))
                {
                    mlflow.LogArtifact(artifact);
                }
            }

            if (eval?.StopReason is not null && run.StopReward is not null)
            {
                int version = mlflow.RegisterModel($"proxima-{run.EnvId}");
                output.WriteLine($"Registered the model in MLflow as proxima-{run.EnvId} version {version}.");
            }

            mlflow.Dispose();
        }

        output.WriteLine($"Outputs in {runDir}: config.yaml, final.ckpt{(eval is null ? "" : ", best.ckpt")}, metrics.csv, TensorBoard events, {PlotFileName}.");
        return new RunOutcome(trainer.Timesteps, final, eval?.StopReason, stop.Requested, seconds);
    }

    /// <summary>Builds the environments and the trainer; a setting they cannot work with becomes a clear config error.</summary>
    private static RunSetup Setup(RunConfig run, Func<IEnv> makeEnv)
    {
        TrainingEnvironment? environment = null;
        try
        {
            environment = TrainingEnvironment.Create(_ => makeEnv(), run.Ppo);
            var trainer = new PpoTrainer(run.Ppo, environment.Env) { ObservationTransform = environment.EvaluationTransform };
            return new RunSetup(environment, trainer);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            environment?.Dispose();
            throw new ConfigException($"{run.EnvId} cannot be trained with this config: {e.Message}");
        }
    }

    private sealed class RunSetup(TrainingEnvironment environment, PpoTrainer trainer) : IDisposable
    {
        public PpoTrainer Trainer => trainer;

        public void Dispose() => environment.Dispose();
    }

    private static RunTrackers OpenTrackers(RunConfig run, RunOptions options, string runDir)
    {
        var csv = new CsvTracker(runDir);
        var tensorBoard = new TensorBoardWriter(runDir);
        MlflowTracker? mlflow = null;
        if (options.MlflowUri is { } uri)
        {
            mlflow = MlflowTracking.StartRun(uri.Length == 0 ? null : uri, "proxima", Path.GetFileName(Path.GetFullPath(runDir)));
            mlflow.LogParameters(run.Resolved.ToDictionary(kv => kv.Key, kv => ConfigWriter.FormatValue(kv.Value), StringComparer.Ordinal));
            mlflow.SetTag("env_id", run.EnvId);
        }

        return new RunTrackers(csv, tensorBoard, mlflow);
    }

    private static void WritePlot(string runDir, string plot, string envId)
    {
        var table = MetricsCsv.Read(Path.Combine(runDir, CsvTracker.MetricsFileName));
        if (table.RowCount == 0)
        {
            return;
        }

        var (x, y) = table.Series("step", TrackingCallback.ReturnMetric);
        LearningCurvePlot.Save([(envId, x, y)], plot, $"PPO on {envId}", "environment steps", "mean episode return");
    }

    /// <summary>The run's trackers; MLflow stays open after the others close so artifacts can still be logged.</summary>
    private sealed class RunTrackers(CsvTracker csv, TensorBoardWriter tensorBoard, MlflowTracker? mlflow) : IExperimentTracker
    {
        private bool _closed;

        public MlflowTracker? Mlflow => mlflow;

        public void LogParameters(IReadOnlyDictionary<string, string> parameters) => mlflow?.LogParameters(parameters);

        public void LogMetrics(long step, IReadOnlyDictionary<string, double> metrics)
        {
            csv.LogMetrics(step, metrics);
            tensorBoard.LogMetrics(step, metrics);
            mlflow?.LogMetrics(step, metrics);
        }

        public void SetTag(string key, string value) => mlflow?.SetTag(key, value);

        public void LogArtifact(string path) => mlflow?.LogArtifact(path);

        public void Dispose()
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            csv.Dispose();
            tensorBoard.Dispose();
        }
    }
}
