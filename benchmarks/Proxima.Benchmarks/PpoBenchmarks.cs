using System.Diagnostics;
using System.Globalization;
using Proxima.Envs;
using Proxima.Envs.Registry;
using Proxima.Envs.Vector;
using Proxima.Optim;
using Proxima.Training;

namespace Proxima.Benchmarks;

/// <summary>
/// End-to-end PPO throughput on CartPole-v1 with rl-baselines3-zoo's config (8 envs × 32 steps, 20 epochs, batch 256),
/// side by side with the same work in PyTorch (benchmarks/comparators/torch_ppo_cartpole.py), plus collection at scale
/// (1,024 and 4,096 environments) with memory.
/// Usage: ppo [--timesteps N] [--repeats N] [--no-comparator]
/// </summary>
public sealed class PpoBenchmarks : IBenchmarkSuite
{
    public string Name => "ppo";

    public static PpoConfig ZooCartPole(ulong seed) => new()
    {
        Seed = seed,
        NumEnvs = 8,
        NSteps = 32,
        BatchSize = 256,
        NEpochs = 20,
        Gamma = 0.98,
        GaeLambda = 0.8,
        LearningRate = new LinearSchedule(1e-3),
        ClipRange = new LinearSchedule(0.2),
    };

    public int Run(string[] args)
    {
        long timesteps = Arg(args, "--timesteps", 100_000);
        int repeats = (int)Arg(args, "--repeats", 3);
        bool comparator = !args.Contains("--no-comparator");
        Console.WriteLine($"PPO CartPole-v1 zoo config, {timesteps} steps, {repeats} repeats; {Environment.ProcessorCount} cores, .NET {Environment.Version}");

        var runs = new List<(double Seconds, double Cpu, double Collect, double Learn, double Return)>();
        for (int r = 0; r < repeats; r++)
        {
            var config = ZooCartPole((ulong)r);
            using var env = new SyncVectorEnv(Enumerable.Range(0, config.NumEnvs).Select(_ => EnvRegistry.Make("CartPole-v1")).ToList());
            var trainer = new PpoTrainer(config, env);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var history = trainer.Train(timesteps);
            double seconds = sw.Elapsed.TotalSeconds;
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            runs.Add((seconds, cpuSeconds, history.Sum(h => h.CollectSeconds), history.Sum(h => h.LearnSeconds), history[^1].MeanEpisodeReturn));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  proxima run {r}: {seconds:F2} s ({timesteps / seconds:F0} steps/s), CPU {cpuSeconds:F2} s ({timesteps / cpuSeconds:F0} steps per CPU-second), collect {runs[^1].Collect:F2} s, learn {runs[^1].Learn:F2} s, final mean return {runs[^1].Return:F1}"));
        }

        var median = runs.OrderBy(x => x.Seconds).ElementAt(runs.Count / 2);
        double proximaSps = timesteps / median.Seconds;
        double proximaCpuSps = timesteps / runs.Select(x => x.Cpu).Order().ElementAt(runs.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"proxima median: {median.Seconds:F2} s = {proximaSps:F0} steps/s, {proximaCpuSps:F0} steps per CPU-second (collect {median.Collect / median.Seconds:P0}, learn {median.Learn / median.Seconds:P0})"));

        if (comparator && Comparator.Run("torch_ppo_cartpole.py", timesteps.ToString(CultureInfo.InvariantCulture), "0") is { } torch)
        {
            double torchSps = torch.GetProperty("steps_per_second").GetDouble();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pytorch ({torch.GetProperty("framework").GetString()}, 1 thread): {torch.GetProperty("seconds").GetDouble():F2} s = {torchSps:F0} steps/s " +
                $"(collect {torch.GetProperty("collect_seconds").GetDouble():F2} s, learn {torch.GetProperty("learn_seconds").GetDouble():F2} s)"));
            double torchCpuSps = timesteps / torch.GetProperty("cpu_seconds").GetDouble();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio proxima/pytorch: {proximaSps / torchSps:F1}x wall clock, {proximaCpuSps / torchCpuSps:F1}x per CPU-second ({proximaCpuSps:F0} vs {torchCpuSps:F0})"));
        }

        foreach (int envs in new[] { 1024, 4096 })
        {
            Scale(envs);
        }

        return 0;
    }

    private static void Scale(int envs)
    {
        GC.Collect();
        long before = GC.GetTotalMemory(true);
        var config = ZooCartPole(0) with { NumEnvs = envs, NSteps = 16, BatchSize = 4096, NEpochs = 1 };
        using var env = new SyncVectorEnv(Enumerable.Range(0, envs).Select(_ => EnvRegistry.Make("CartPole-v1")).ToList());
        var trainer = new PpoTrainer(config, env);
        var batch = trainer.CollectRollouts(config.NSteps);
        var sw = Stopwatch.StartNew();
        const int rollouts = 5;
        for (int i = 0; i < rollouts; i++)
        {
            trainer.CollectRollouts(config.NSteps, batch);
        }

        double collectSps = rollouts * (double)config.RolloutSize / sw.Elapsed.TotalSeconds;
        sw.Restart();
        trainer.Learn(batch);
        double learnSeconds = sw.Elapsed.TotalSeconds;
        long after = GC.GetTotalMemory(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scale {envs} envs: collection {collectSps:F0} steps/s, one epoch over {batch.Count} transitions {learnSeconds:F2} s, managed memory {(after - before) / 1048576.0:F1} MiB, working set {Environment.WorkingSet / 1048576.0:F0} MiB"));
    }

    private static long Arg(string[] args, string name, long fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? long.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
