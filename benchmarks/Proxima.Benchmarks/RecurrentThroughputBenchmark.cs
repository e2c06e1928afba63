using System.Diagnostics;
using System.Globalization;
using Proxima.Cli.Config;
using Proxima.Envs;
using Proxima.Envs.Registry;
using Proxima.Training;

namespace Proxima.Benchmarks;

/// <summary>
/// Recurrent PPO against feed-forward PPO, side by side in one process (issue 7's "within 3× of its own feed-forward
/// PPO"): full training runs with the shipped configs, repeated and interleaved so machine load hits every variant
/// alike. Variants: the recurrent config as shipped (critic core on the helper thread), the same with
/// <c>parallel_critic: false</c> (one thread), the same config with <c>policy.recurrent: none</c> (identical
/// hyperparameters, feed-forward [pi/vf] MLP) and, for the zoo-to-zoo comparison, the fully observed task
/// (CartPole-v1, Pendulum-v1) with its own tuned feed-forward config. Every variant first runs 8,192 steps untimed (JIT warm-up), so the figures are steady-state
/// throughput; a fresh <c>proxima train</c> process also pays about a second of compilation. Reports steps/s (wall),
/// steps per CPU-second, the collect/learn split and the ratios.
/// Usage: recurrent [--env CartPoleNoVel-v1] [--timesteps N (config's n_timesteps)] [--repeats 2]
/// </summary>
public sealed class RecurrentThroughputBenchmark : IBenchmarkSuite
{
    public string Name => "recurrent";

    public int Run(string[] args)
    {
        string envId = StringArg(args, "--env") ?? "CartPoleNoVel-v1";
        int repeats = int.Parse(StringArg(args, "--repeats") ?? "2", CultureInfo.InvariantCulture);
        long? timesteps = StringArg(args, "--timesteps") is { } t ? long.Parse(t, CultureInfo.InvariantCulture) : null;
        // The fully observed task the partially observed one is made from (CartPoleNoVel-v1 → CartPole-v1), with its own
        // tuned feed-forward config: the comparison users make between sb3-contrib's RecurrentPPO and SB3's PPO.
        // (Tasks without such a counterpart, e.g. RememberCue-v0, get the first three variants only.)
        string observed = envId.Replace("NoVel", string.Empty, StringComparison.Ordinal);
        var variants = new List<(string Name, string Env, string[] Overrides)>
        {
            ("recurrent (parallel critic)", envId, []),
            ("recurrent (one thread)", envId, ["policy.parallel_critic=false"]),
            ("feed-forward, same config", envId, ["policy.recurrent=none"]),
        };
        if (observed != envId && ConfigLoader.BuiltInConfigText(observed) is not null)
        {
            variants.Add(($"feed-forward {observed}, its zoo config", observed, []));
        }

        Console.WriteLine($"recurrent vs feed-forward PPO, {envId}, {repeats} interleaved repeats; {Environment.ProcessorCount} cores, .NET {Environment.Version}");

        // A short run of every variant first, so no measured run pays for compiling code the others then reuse.
        foreach (var variant in variants)
        {
            Measure(variant.Env, variant.Overrides, 8192, 99);
        }

        var results = variants.Select(_ => new List<Measurement>()).ToArray();
        for (int r = 0; r < repeats; r++)
        {
            for (int v = 0; v < variants.Count; v++)
            {
                var m = Measure(variants[v].Env, variants[v].Overrides, timesteps, (ulong)r);
                results[v].Add(m);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {variants[v].Name}, seed {r}: {m.Steps} steps in {m.Seconds:F2} s = {m.Steps / m.Seconds:F0} steps/s, {m.Steps / m.CpuSeconds:F0} per CPU-second (collect {m.Collect:F2} s, learn {m.Learn:F2} s), final train return {m.Return:F1}"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| variant | steps/s (median) | steps per CPU-second (median) | collect / learn (s) | ratio to recurrent (wall) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        double recurrentSps = Median(results[0].Select(m => m.Steps / m.Seconds));
        for (int v = 0; v < variants.Count; v++)
        {
            double sps = Median(results[v].Select(m => m.Steps / m.Seconds));
            double cpu = Median(results[v].Select(m => m.Steps / m.CpuSeconds));
            double collect = Median(results[v].Select(m => m.Collect));
            double learn = Median(results[v].Select(m => m.Learn));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {variants[v].Name} | {sps:F0} | {cpu:F0} | {collect:F2} / {learn:F2} | {sps / recurrentSps:F2}× |"));
        }

        return 0;
    }

    private sealed record Measurement(long Steps, double Seconds, double CpuSeconds, double Collect, double Learn, double Return);

    private static Measurement Measure(string envId, string[] overrides, long? timesteps, ulong seed)
    {
        var settings = ConfigLoader.ParseYaml(ConfigLoader.BuiltInConfigText(envId)!, $"configs/{envId}.yaml");
        settings["seed"] = seed.ToString(CultureInfo.InvariantCulture);
        settings["eval_freq"] = "0";
        if (timesteps is { } steps)
        {
            settings["n_timesteps"] = steps.ToString(CultureInfo.InvariantCulture);
        }

        foreach (string o in overrides)
        {
            ConfigLoader.ApplyOverride(settings, o);
        }

        var config = ConfigLoader.Build(settings);
        IEnv MakeEnv() => EnvRegistry.Make(config.EnvId, config.EnvOptions);
        using var setup = TrainingEnvironment.Create(_ => MakeEnv(), config.Ppo);
        var trainer = new PpoTrainer(config.Ppo, setup.Env);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var history = trainer.Train(config.TotalTimesteps);
        double seconds = sw.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return new Measurement(trainer.Timesteps, seconds, cpuSeconds, history.Sum(h => h.CollectSeconds), history.Sum(h => h.LearnSeconds), trainer.Episodes.MeanReturn);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string? StringArg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
