using System.Diagnostics;
using System.Globalization;
using Proxima.Envs.Registry;
using Proxima.Envs.Vector;
using Proxima.Training;

namespace Proxima.Benchmarks;

/// <summary>
/// The PPO learning phase alone, for profiling: one CartPole-v1 rollout with the rl-zoo config (8 envs × 32 steps),
/// then <c>--warmup</c> and <c>--iterations</c> calls of <see cref="PpoTrainer.Learn"/> (each 20 epochs of one 256-row
/// minibatch step). Instruction counts are stable under load where wall-clock is not: run twice under
/// <c>valgrind --tool=callgrind</c> with different <c>--iterations</c> (e.g. 0 and 20) and divide the difference by
/// the extra gradient steps. Suggested environment: DOTNET_TieredCompilation=0 DOTNET_ReadyToRun=0 DOTNET_TieredPGO=0.
/// Usage: learnstep [--warmup N] [--iterations N]
/// </summary>
public sealed class LearnStepBenchmark : IBenchmarkSuite
{
    public string Name => "learnstep";

    public int Run(string[] args)
    {
        int warmup = (int)Arg(args, "--warmup", 5);
        int iterations = (int)Arg(args, "--iterations", 50);
        var config = PpoBenchmarks.ZooCartPole(0);
        using var env = new SyncVectorEnv(Enumerable.Range(0, config.NumEnvs).Select(_ => EnvRegistry.Make("CartPole-v1")).ToList());
        var trainer = new PpoTrainer(config, env);
        var batch = trainer.CollectRollouts(config.NSteps);
        for (int i = 0; i < warmup; i++)
        {
            trainer.Learn(batch);
        }

        var sw = Stopwatch.StartNew();
        for (int i = 0; i < iterations; i++)
        {
            trainer.Learn(batch);
        }

        double seconds = sw.Elapsed.TotalSeconds;
        int steps = iterations * config.NEpochs;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"learnstep: {steps} gradient steps in {seconds:F3} s = {(steps == 0 ? 0 : seconds / steps * 1e6):F1} µs/step ({(seconds == 0 ? 0 : iterations * config.RolloutSize / seconds):F0} env steps/s learn-only); checksum {Checksum(trainer):R}"));
        return 0;
    }

    private static double Checksum(PpoTrainer trainer)
    {
        double sum = 0;
        foreach (float v in trainer.Policy.Parameters.Values)
        {
            sum += v;
        }

        return sum;
    }

    private static long Arg(string[] args, string name, long fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? long.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
