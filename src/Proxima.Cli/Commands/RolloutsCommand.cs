using System.CommandLine;
using System.Globalization;
using Proxima.Checkpoints;
using Proxima.Cli.Config;
using Proxima.Cli.Running;
using Proxima.Envs.Registry;
using Proxima.Training;

namespace Proxima.Cli.Commands;

/// <summary>
/// <c>proxima rollouts collect</c> writes experience gathered by a checkpoint's policy to a file without learning;
/// <c>proxima rollouts learn</c> runs PPO updates of a checkpoint on saved files (one or several, combined) and writes a
/// new checkpoint: the decoupled collect/learn design from the command line.
/// </summary>
public static class RolloutsCommand
{
    /// <summary>Builds the <c>rollouts</c> command group.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("rollouts", "Collect experience to files, and learn from saved files.");
        command.Subcommands.Add(Collect(output, error));
        command.Subcommands.Add(Learn(output, error));
        return command;
    }

    private static Command Collect(TextWriter output, TextWriter error)
    {
        var checkpointOpt = new Option<string>("--checkpoint") { Description = "Checkpoint whose policy (and environment state) collects.", Required = true };
        var stepsOpt = new Option<int>("--steps") { Description = "Steps per environment.", Required = true };
        var outOpt = new Option<string>("--out") { Description = "Rollout file to write (must not exist).", Required = true };
        var command = new Command("collect", "Collect a rollout with a checkpoint's policy and save it (no learning).") { checkpointOpt, stepsOpt, outOpt };
        command.SetAction(parse => Guard(error, () =>
        {
            int steps = parse.GetValue(stepsOpt);
            if (steps < 1)
            {
                throw new ConfigException($"--steps must be at least 1, got {steps}.");
            }

            string outPath = NewFile(parse.GetValue(outOpt)!);
            var (trainer, setup, _) = Restore(parse.GetValue(checkpointOpt)!);
            using (setup)
            {
                var batch = trainer.CollectRollouts(steps);
                RolloutBatchFile.Save(outPath, batch);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"wrote {outPath}: {batch.Steps} steps × {batch.Rows} environments = {batch.Count} transitions (policy version {batch.PolicyVersion})"));
            }
        }));
        return command;
    }

    private static Command Learn(TextWriter output, TextWriter error)
    {
        var checkpointOpt = new Option<string>("--checkpoint") { Description = "Checkpoint to update.", Required = true };
        var inOpt = new Option<string[]>("--in") { Description = "Rollout files (same number of steps; combined side by side).", Required = true, AllowMultipleArgumentsPerToken = true };
        var outOpt = new Option<string>("--out") { Description = "Checkpoint to write (must not exist).", Required = true };
        var command = new Command("learn", "Run one PPO update of a checkpoint on saved rollout files and save the result.") { checkpointOpt, inOpt, outOpt };
        command.SetAction(parse => Guard(error, () =>
        {
            string outPath = NewFile(parse.GetValue(outOpt)!);
            var batches = new List<RolloutBatch>();
            foreach (string file in parse.GetValue(inOpt) ?? [])
            {
                try
                {
                    batches.Add(RolloutBatchFile.Load(file));
                }
                catch (Exception e) when (e is RolloutFileException or IOException)
                {
                    throw new ConfigException($"Rollout file '{file}' cannot be read: {e.Message}");
                }
            }

            var (trainer, setup, run) = Restore(parse.GetValue(checkpointOpt)!);
            using (setup)
            {
                RolloutBatch batch;
                try
                {
                    batch = batches.Count == 1 ? batches[0] : RolloutBatch.Combine(batches);
                }
                catch (ArgumentException e)
                {
                    throw new ConfigException($"The rollout files cannot be combined: {e.Message}");
                }

                var metrics = trainer.Learn(batch);
                CheckpointFile.Save(outPath, RunCheckpoints.Capture(trainer, run));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"learned from {batch.Count} transitions in {batches.Count} file(s): policy loss {metrics.PolicyLoss:F4}, value loss {metrics.ValueLoss:F4}, approx KL {metrics.ApproxKl:F5}; wrote {outPath}"));
            }
        }));
        return command;
    }

    private static (PpoTrainer Trainer, TrainingEnvironment Setup, RunConfig Run) Restore(string checkpoint)
    {
        var (data, settings) = RunCheckpoints.Load(checkpoint, []);
        var run = ConfigLoader.Build(settings);
        var setup = TrainingEnvironment.Create(_ => EnvRegistry.Make(run.EnvId, run.EnvOptions), run.Ppo);
        var trainer = new PpoTrainer(run.Ppo, setup.Env);
        try
        {
            RunCheckpoints.Restore(trainer, data);
        }
        catch (ConfigException)
        {
            setup.Dispose();
            throw;
        }

        return (trainer, setup, run);
    }

    private static string NewFile(string path) => File.Exists(path)
        ? throw new ConfigException($"'{path}' already exists; choose a new --out file (nothing is overwritten).")
        : path;

    private static int Guard(TextWriter error, Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (ConfigException e)
        {
            error.WriteLine(e.Message);
            return 2;
        }
    }
}
