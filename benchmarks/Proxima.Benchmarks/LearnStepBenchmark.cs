using System.Diagnostics;
using System.Globalization;
using Proxima.Envs.Registry;
using Proxima.Envs.Vector;
using Proxima.Nn;
using Proxima.Optim;
using Proxima.Policies;
using Proxima.Training;

namespace Proxima.Benchmarks;

/// <summary>
/// The PPO learning phase alone, for profiling: one rollout with an rl-zoo config (8 envs × 32 steps), then
/// <c>--warmup</c> calls of <see cref="PpoTrainer.Learn"/> (continued for at least <c>--warmup-seconds</c>, so the tiered
/// JIT has promoted the hot methods; about one second is needed) and <c>--iterations</c> timed calls (each 20 epochs of
/// one 256-row minibatch step). Instruction counts are stable under load where wall-clock is not: run twice under
/// <c>valgrind --tool=callgrind</c> with different <c>--iterations</c> (e.g. 0 and 20) and divide the difference by
/// the extra gradient steps. Suggested environment: DOTNET_TieredCompilation=0 DOTNET_ReadyToRun=0 DOTNET_TieredPGO=0.
/// <para>
/// Tasks: <c>cartpole</c> (CartPole-v1, the feed-forward zoo config); <c>novel-lstm</c> (CartPoleNoVel-v1 with the
/// zoo RecurrentPPO config: LSTM 64 for actor and critic, pi/vf [64], ReLU, one 32-step sequence per environment);
/// <c>novel-mlp</c> (the same config with a feed-forward policy, what
/// <c>proxima train CartPoleNoVel-v1 --set policy.recurrent=none</c> runs). <c>--serial</c> keeps a recurrent
/// policy's critic on the calling thread (<see cref="RecurrentActorCriticPolicy.ParallelCritic"/> = false).
/// </para>
/// Usage: learnstep [--task cartpole|novel-lstm|novel-mlp] [--warmup N] [--warmup-seconds S] [--iterations N] [--serial]
/// </summary>
public sealed class LearnStepBenchmark : IBenchmarkSuite
{
    public string Name => "learnstep";

    public int Run(string[] args)
    {
        int warmup = (int)Arg(args, "--warmup", 5);
        double warmupSeconds = Arg(args, "--warmup-seconds", 0);
        int iterations = (int)Arg(args, "--iterations", 50);
        int ti = Array.IndexOf(args, "--task");
        string task = ti >= 0 && ti + 1 < args.Length ? args[ti + 1] : "cartpole";
        var config = task switch
        {
            "cartpole" => PpoBenchmarks.ZooCartPole(0),
            "novel-lstm" => ZooCartPoleNoVel(new RecurrentConfig()),
            "novel-mlp" => ZooCartPoleNoVel(null),
            _ => throw new ArgumentException($"Unknown --task {task}: use cartpole, novel-lstm or novel-mlp."),
        };
        string envId = task == "cartpole" ? "CartPole-v1" : "CartPoleNoVel-v1";
        using var env = new SyncVectorEnv(Enumerable.Range(0, config.NumEnvs).Select(_ => EnvRegistry.Make(envId)).ToList());
        var trainer = new PpoTrainer(config, env);
        if (args.Contains("--serial") && trainer.Policy is RecurrentActorCriticPolicy recurrent)
        {
            recurrent.ParallelCritic = false;
        }

        var batch = trainer.CollectRollouts(config.NSteps);
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < warmup || warm.Elapsed.TotalSeconds < warmupSeconds; i++)
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
            $"learnstep {task}: {steps} gradient steps in {seconds:F3} s = {(steps == 0 ? 0 : seconds / steps * 1e6):F1} µs/step ({(seconds == 0 ? 0 : iterations * config.RolloutSize / seconds):F0} env steps/s learn-only); checksum {Checksum(trainer):R}"));
        return 0;
    }

    /// <summary>configs/CartPoleNoVel-v1.yaml without observation normalization (irrelevant to the learn step's cost).</summary>
    private static PpoConfig ZooCartPoleNoVel(RecurrentConfig? recurrent) => PpoBenchmarks.ZooCartPole(0) with
    {
        BpttLength = 32,
        Policy = new PolicyConfig
        {
            PiLayers = [64],
            VfLayers = [64],
            Activation = Activation.ReLU,
            OrthoInit = false,
            Recurrent = recurrent,
        },
    };

    private static double Checksum(PpoTrainer trainer)
    {
        double sum = 0;
        foreach (float v in trainer.Policy.Parameters.Values)
        {
            sum += v;
        }

        return sum;
    }

    private static double Arg(string[] args, string name, double fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
