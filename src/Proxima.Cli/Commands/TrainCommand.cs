using System.CommandLine;
using System.Globalization;
using Proxima.Cli.Config;
using Proxima.Cli.Reporting;
using Proxima.Envs;
using Proxima.Envs.Registry;
using Proxima.Evaluation;
using Proxima.Training;
using Proxima.Training.Callbacks;

namespace Proxima.Cli.Commands;

/// <summary><c>proxima train [ENV_ID] [--config FILE] [--set k=v ...] [--seed N] [--total-timesteps N] [--num-envs N] [--run-dir DIR]</c>.</summary>
public static class TrainCommand
{
    /// <summary>The environment trained when none is named.</summary>
    public const string DefaultEnvId = "CartPole-v1";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var envArg = new Argument<string?>("env") { Arity = ArgumentArity.ZeroOrOne, Description = $"Environment id (default {DefaultEnvId}; see `proxima env list`)." };
        var configOpt = new Option<string?>("--config") { Description = "YAML config file (default: the tuned config for the environment, from configs/)." };
        var setOpt = new Option<string[]>("--set") { Description = "Override a config key, e.g. --set n_envs=4 --set policy.pi_layers=[128,128].", AllowMultipleArgumentsPerToken = false };
        var seedOpt = new Option<ulong?>("--seed") { Description = "Run seed." };
        var totalOpt = new Option<long?>("--total-timesteps") { Description = "Total environment steps of the run." };
        var envsOpt = new Option<int?>("--num-envs") { Description = "Parallel environments." };
        var runDirOpt = new Option<string?>("--run-dir") { Description = "Directory for the run's outputs (default runs/<env>-<timestamp>)." };
        var command = new Command("train", "Train a PPO agent.") { envArg, configOpt, setOpt, seedOpt, totalOpt, envsOpt, runDirOpt };
        command.SetAction(parse =>
        {
            try
            {
                var settings = ResolveSettings(parse.GetValue(envArg), parse.GetValue(configOpt), parse.GetValue(setOpt) ?? []);
                if (parse.GetValue(seedOpt) is ulong seed)
                {
                    settings["seed"] = seed.ToString(CultureInfo.InvariantCulture);
                }

                if (parse.GetValue(totalOpt) is long total)
                {
                    settings["n_timesteps"] = total.ToString(CultureInfo.InvariantCulture);
                }

                if (parse.GetValue(envsOpt) is int numEnvs)
                {
                    settings["n_envs"] = numEnvs.ToString(CultureInfo.InvariantCulture);
                }

                var run = ConfigLoader.Build(settings);
                string runDir = parse.GetValue(runDirOpt)
                    ?? Path.Combine("runs", $"{run.EnvId}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
                return Run(run, runDir, output);
            }
            catch (ConfigException e)
            {
                error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }

    /// <summary>Flat settings from the chosen config source plus overrides, before validation.</summary>
    public static Dictionary<string, object?> ResolveSettings(string? envId, string? configPath, IEnumerable<string> overrides)
    {
        Dictionary<string, object?> settings;
        if (configPath is not null)
        {
            if (!File.Exists(configPath))
            {
                throw new ConfigException($"Config file '{configPath}' does not exist.");
            }

            settings = ConfigLoader.ParseYaml(File.ReadAllText(configPath), configPath);
        }
        else
        {
            string id = envId ?? DefaultEnvId;
            string? builtIn = ConfigLoader.BuiltInConfigText(id);
            settings = builtIn is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : ConfigLoader.ParseYaml(builtIn, $"configs/{id}.yaml");
        }

        if (envId is not null)
        {
            settings["env_id"] = envId;
        }

        foreach (var assignment in overrides)
        {
            ConfigLoader.ApplyOverride(settings, assignment);
        }

        return settings;
    }

    /// <summary>Trains per <paramref name="run"/>, writing outputs into <paramref name="runDir"/>; returns the exit code.</summary>
    public static int Run(RunConfig run, string runDir, TextWriter output)
    {
        Directory.CreateDirectory(runDir);
        File.WriteAllText(Path.Combine(runDir, "config.yaml"), ConfigWriter.ToYaml(run.Resolved));
        IEnv MakeEnv() => EnvRegistry.Make(run.EnvId, run.EnvOptions);
        using var setup = TrainingEnvironment.Create(_ => MakeEnv(), run.Ppo);
        var trainer = new PpoTrainer(run.Ppo, setup.Env) { ObservationTransform = setup.EvaluationTransform };
        output.WriteLine($"Training PPO on {run.EnvId} for {run.TotalTimesteps} steps (seed {run.Ppo.Seed}, {run.Ppo.NumEnvs} envs); run directory {runDir}");
        output.WriteLine(trainer.Policy.Describe());

        using var csv = new MetricsCsvWriter(Path.Combine(runDir, "metrics.csv"));
        var callbacks = new List<TrainingCallback>
        {
            csv,
            new ProgressReporter(output, run.TotalTimesteps, TimeSpan.FromSeconds(Console.IsOutputRedirected ? 5 : 1)),
        };
        EvalCallback? eval = null;
        if (run.EvalFreq > 0)
        {
            eval = new EvalCallback(MakeEnv, run.EvalFreq, run.EvalEpisodes, seed: run.Ppo.Seed + 1_000_000,
                stop: new StopCondition(run.StopReward, run.StopWindow));
            eval.Evaluated += (t, e) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"eval at {e.Timesteps}: mean return {e.Stats.MeanReturn:F2} ± {e.Stats.StdReturn:F2} over {e.Stats.Episodes} episodes{(e.IsNewBest ? " (new best)" : "")}"));
            callbacks.Add(eval);
        }

        using var cancel = new CtrlCStop();
        callbacks.Add(cancel);
        var history = trainer.Train(run.TotalTimesteps, [.. callbacks]);
        if (cancel.Requested)
        {
            output.WriteLine("Interrupted: stopped after the current update.");
        }

        if (eval?.StopReason is { } reason)
        {
            output.WriteLine($"Stopped early: {reason}.");
        }

        var final = Evaluator.Evaluate(trainer.Policy, MakeEnv, run.EvalEpisodes, run.Ppo.Seed + 2_000_000, deterministic: true, trainer.ObservationTransform);
        double seconds = history.Sum(h => h.CollectSeconds + h.LearnSeconds);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Done: {trainer.Timesteps} steps in {seconds:F1}s ({trainer.Timesteps / Math.Max(seconds, 1e-9):F0} steps/s). " +
            $"Final evaluation: mean return {final.MeanReturn:F2} ± {final.StdReturn:F2} over {final.Episodes} episodes (deterministic)."));
        return 0;
    }

    /// <summary>Turns Ctrl+C into a clean stop after the current update.</summary>
    private sealed class CtrlCStop : TrainingCallback, IDisposable
    {
        public CtrlCStop() => Console.CancelKeyPress += OnCancel;

        public bool Requested { get; private set; }

        public override bool OnStep(PpoTrainer trainer) => !Requested;

        public override bool OnUpdateEnd(PpoTrainer trainer, TrainingRecord record) => !Requested;

        public void Dispose() => Console.CancelKeyPress -= OnCancel;

        private void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            Requested = true;
        }
    }
}
