using System.CommandLine;
using System.Globalization;
using Proxima.Cli.Config;
using Proxima.Cli.Running;
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

    /// <summary>Builds the <c>train</c> command writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var envArg = new Argument<string?>("env") { Arity = ArgumentArity.ZeroOrOne, Description = $"Environment id (default {DefaultEnvId}; see `proxima env list`)." };
        var configOpt = new Option<string?>("--config") { Description = "YAML config file (default: the tuned config for the environment, from configs/)." };
        var setOpt = new Option<string[]>("--set") { Description = "Override a config key, e.g. --set n_envs=4 --set policy.pi_layers=[128,128].", AllowMultipleArgumentsPerToken = false };
        var seedOpt = new Option<ulong?>("--seed") { Description = "Run seed." };
        var totalOpt = new Option<long?>("--total-timesteps") { Description = "Total environment steps of the run (with --resume: including the resumed steps)." };
        var envsOpt = new Option<int?>("--num-envs") { Description = "Parallel environments." };
        var runDirOpt = new Option<string?>("--run-dir") { Description = "Directory for the run's outputs (default runs/<env>-<timestamp>)." };
        var resumeOpt = new Option<string?>("--resume") { Description = "Continue from a checkpoint (its config is used; --set/--total-timesteps apply on top)." };
        var mlflowOpt = new Option<string?>("--mlflow") { Description = "Track with MLflow: no value for ./mlruns, or a file-store path or tracking-server URL.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("train", "Train a PPO agent.") { envArg, configOpt, setOpt, seedOpt, totalOpt, envsOpt, runDirOpt, resumeOpt, mlflowOpt };
        command.SetAction(parse =>
        {
            try
            {
                string? envId = parse.GetValue(envArg);
                string[] overrides = parse.GetValue(setOpt) ?? [];
                Proxima.Checkpoints.CheckpointData? resume = null;
                Dictionary<string, object?> settings;
                if (parse.GetValue(resumeOpt) is string resumePath)
                {
                    if (parse.GetValue(configOpt) is not null)
                    {
                        throw new ConfigException("--resume uses the checkpoint's own config; drop --config (use --set to change a setting).");
                    }

                    (resume, settings) = RunCheckpoints.Load(resumePath, overrides);
                    if (envId is not null && !Equals(settings.GetValueOrDefault("env_id"), envId))
                    {
                        throw new ConfigException($"The checkpoint was trained on {settings.GetValueOrDefault("env_id")}, not {envId}; omit the environment id when resuming.");
                    }
                }
                else
                {
                    settings = ResolveSettings(envId, parse.GetValue(configOpt), overrides);
                }

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
                if (Directory.Exists(runDir) && Directory.EnumerateFileSystemEntries(runDir).Any())
                {
                    throw new ConfigException(
                        $"--run-dir {runDir} is not empty (it may hold another run's checkpoints and metrics, which would be overwritten); " +
                        "choose a new directory. To continue a run, pass --resume DIR/final.ckpt with a new --run-dir.");
                }

                string? mlflow = parse.GetResult(mlflowOpt) is null ? null : parse.GetValue(mlflowOpt) ?? "";
                bool interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsoleSupported();
                TrainingRun.Execute(run, new RunOptions(runDir, resume, mlflow, interactive), output);
                return 0;
            }
            catch (ConfigException e)
            {
                error.WriteLine(e.Message);
                return 2;
            }
            catch (NonFiniteValueException e)
            {
                error.WriteLine($"Training stopped: {e.Message}");
                return 3;
            }
            catch (Proxima.Envs.Vector.VectorEnvException e)
            {
                error.WriteLine($"Training stopped: {e.Message}");
                return 3;
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

    private static bool AnsiConsoleSupported() => Spectre.Console.AnsiConsole.Profile.Capabilities.Interactive;
}
