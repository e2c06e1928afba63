using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Proxima.Cli.Config;
using Proxima.Envs;
using Proxima.Envs.Registry;
using Proxima.Evaluation;
using Proxima.Training;

namespace Proxima.Benchmarks;

/// <summary>
/// Learning results against the published rl-baselines3-zoo figures: for each environment and seed, trains PPO with the
/// tuned config from configs/ (rl-baselines3-zoo's ppo.yml), then evaluates the final policy deterministically on fresh
/// environment instances (with the training run's observation normalization frozen, when it has one).
/// Usage: learning [--envs A,B] [--seeds 0,1,2] [--timesteps-scale X] [--eval-episodes N] [--out FILE]
/// Writes a JSON file (default benchmarks/results/learning-&lt;utc time&gt;.json, rewritten after every run so partial
/// results survive) and prints a markdown table.
/// </summary>
public sealed class LearningBenchmarks : IBenchmarkSuite
{
    /// <summary>The environments of the suite with the published results they are compared to.</summary>
    public static readonly IReadOnlyList<PublishedResult> Published =
    [
        new("CartPole-v1", 100_000, 500.0, "rl-baselines3-zoo"),
        new("Acrobot-v1", 1_000_000, -73.5, "rl-baselines3-zoo"),
        new("MountainCar-v0", 1_000_000, -110.4, "rl-baselines3-zoo"),
        new("MountainCarContinuous-v0", 20_000, 88.3, "rl-baselines3-zoo"),
        new("Pendulum-v1", 100_000, -172.2, "rl-baselines3-zoo"),
    ];

    /// <summary>
    /// Evaluation episode k after training seed s is reset with seed <c>EvaluationSeedOffset + 1000·s + k</c>: seeds never
    /// used in training, and disjoint start states for different training seeds (so seeds are not scored on the same
    /// lucky or unlucky episodes, which matters for Pendulum-v1, whose return depends strongly on the start angle).
    /// </summary>
    public const ulong EvaluationSeedOffset = 2_000_000;

    /// <summary>The seed of the first evaluation episode after training with <paramref name="seed"/>.</summary>
    public static ulong EvaluationSeed(ulong seed) => EvaluationSeedOffset + (1000 * seed);

    public string Name => "learning";

    public int Run(string[] args)
    {
        var envs = ListArg(args, "--envs") ?? Published.Select(p => p.EnvId).ToList();
        var seeds = (ListArg(args, "--seeds") ?? ["0", "1", "2"]).Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToList();
        double scale = double.Parse(Arg(args, "--timesteps-scale") ?? "1", CultureInfo.InvariantCulture);
        int episodes = int.Parse(Arg(args, "--eval-episodes") ?? "10", CultureInfo.InvariantCulture);
        string outPath = Arg(args, "--out") ?? Path.Combine(RepositoryRoot(), "benchmarks", "results",
            $"learning-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.json");
        foreach (var env in envs.Where(e => ConfigLoader.BuiltInConfigText(e) is null))
        {
            Console.Error.WriteLine($"No tuned config for '{env}'. Available: {string.Join(", ", ConfigLoader.BuiltInConfigs)}.");
            return 2;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        var report = new LearningReport
        {
            StartedUtc = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
            Machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
            Command = "dotnet run -c Release --project benchmarks/Proxima.Benchmarks -- learning " + string.Join(' ', args),
            TimestepsScale = scale,
            EvalEpisodes = episodes,
        };
        Console.WriteLine($"Learning benchmark: {string.Join(", ", envs)}; seeds {string.Join(",", seeds)}; timesteps x{scale}; {report.Machine}");
        Console.WriteLine($"Results: {outPath}");
        foreach (string envId in envs)
        {
            foreach (ulong seed in seeds)
            {
                var result = RunOne(envId, seed, scale, episodes);
                report.Runs.Add(result);
                Console.WriteLine(result.Error is null
                    ? string.Create(CultureInfo.InvariantCulture,
                        $"{envId} seed {seed}: eval {result.EvalMean:F1} ± {result.EvalStd:F1}, train (last 100 episodes) {result.TrainMeanReturn:F1}, " +
                        $"{result.Timesteps} steps in {result.WallSeconds:F1} s ({result.StepsPerSecond:F0} steps/s)")
                    : $"{envId} seed {seed}: FAILED: {result.Error}");
                report.FinishedUtc = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
                File.WriteAllText(outPath, JsonSerializer.Serialize(report, JsonOptions));
            }
        }

        Console.WriteLine();
        Console.WriteLine(Markdown(report));
        return report.Runs.Any(r => r.Error is not null) ? 1 : 0;
    }

    /// <summary>Trains one seed with the tuned config and evaluates the final policy.</summary>
    public static LearningRun RunOne(string envId, ulong seed, double scale, int episodes)
    {
        var settings = ConfigLoader.ParseYaml(ConfigLoader.BuiltInConfigText(envId)!, $"configs/{envId}.yaml");
        long configured = Convert.ToInt64(double.Parse((string)settings["n_timesteps"]!, CultureInfo.InvariantCulture));
        long budget = Math.Max(1, (long)Math.Round(configured * scale));
        settings["seed"] = seed.ToString(CultureInfo.InvariantCulture);
        settings["n_timesteps"] = budget.ToString(CultureInfo.InvariantCulture);
        var run = new LearningRun { EnvId = envId, Seed = seed, ConfiguredTimesteps = configured, TargetTimesteps = budget };
        try
        {
            var config = ConfigLoader.Build(settings);
            IEnv MakeEnv() => EnvRegistry.Make(config.EnvId, config.EnvOptions);
            using var setup = TrainingEnvironment.Create(_ => MakeEnv(), config.Ppo);
            var trainer = new PpoTrainer(config.Ppo, setup.Env) { ObservationTransform = setup.EvaluationTransform };
            var sw = Stopwatch.StartNew();
            var history = trainer.Train(config.TotalTimesteps);
            double seconds = sw.Elapsed.TotalSeconds;
            var eval = Evaluator.Evaluate(trainer.Policy, MakeEnv, episodes, EvaluationSeed(seed), deterministic: true, setup.EvaluationTransform);
            run.Timesteps = trainer.Timesteps;
            run.Updates = trainer.Updates;
            run.WallSeconds = seconds;
            run.CollectSeconds = history.Sum(h => h.CollectSeconds);
            run.LearnSeconds = history.Sum(h => h.LearnSeconds);
            run.StepsPerSecond = trainer.Timesteps / Math.Max(seconds, 1e-9);
            run.TrainMeanReturn = trainer.Episodes.MeanReturn;
            run.TrainEpisodes = trainer.Episodes.TotalEpisodes;
            run.EvalMean = eval.MeanReturn;
            run.EvalStd = eval.StdReturn;
            run.EvalMeanLength = eval.MeanLength;
            run.EvalReturns = eval.PerEpisode.Select(e => e.Return).ToList();
            run.EvalSeeds = eval.PerEpisode.Select(e => e.Seed).ToList();
        }
        catch (Exception e) when (e is ConfigException or NotSupportedException or ArgumentException or NonFiniteValueException)
        {
            run.Error = $"{e.GetType().Name}: {e.Message}";
        }

        return run;
    }

    /// <summary>The results as markdown: one row per run, then one per environment (mean over seeds vs published).</summary>
    public static string Markdown(LearningReport report)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine("| environment | steps | seed | eval return (mean ± std, 10 ep.) | train return (last 100 ep.) | wall time | steps/s |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in report.Runs)
        {
            sb.AppendLine(r.Error is null
                ? string.Create(inv, $"| {r.EnvId} | {r.Timesteps:N0} | {r.Seed} | {r.EvalMean:F1} ± {r.EvalStd:F1} | {r.TrainMeanReturn:F1} | {r.WallSeconds:F1} s | {r.StepsPerSecond:F0} |")
                : $"| {r.EnvId} | {r.TargetTimesteps:N0} | {r.Seed} | failed: {r.Error.Split('\n')[0]} | | | |");
        }

        sb.AppendLine();
        sb.AppendLine("| environment | steps | Proxima eval return, mean of seeds (per seed) | published (rl-baselines3-zoo) |");
        sb.AppendLine("| --- | ---: | --- | ---: |");
        foreach (var group in report.Runs.GroupBy(r => r.EnvId))
        {
            var ok = group.Where(r => r.Error is null).ToList();
            var pub = Published.FirstOrDefault(p => p.EnvId == group.Key);
            string published = pub is null ? "" : string.Create(inv, $"{pub.Return:F1} @ {pub.Timesteps:N0}");
            string proxima = ok.Count == 0
                ? "failed"
                : string.Create(inv, $"{ok.Average(r => r.EvalMean):F1} ({string.Join(", ", ok.Select(r => r.EvalMean.ToString("F1", inv)))})");
            sb.AppendLine(string.Create(inv, $"| {group.Key} | {group.First().TargetTimesteps:N0} | {proxima} | {published} |"));
        }

        return sb.ToString();
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static List<string>? ListArg(string[] args, string name) =>
        Arg(args, name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Proxima.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}

/// <summary>A published learning result: the return reached after a number of environment steps.</summary>
public sealed record PublishedResult(string EnvId, long Timesteps, double Return, string Source);

/// <summary>Everything one invocation of the learning suite measured.</summary>
public sealed class LearningReport
{
    public string StartedUtc { get; set; } = "";

    public string FinishedUtc { get; set; } = "";

    public string Machine { get; set; } = "";

    public string Command { get; set; } = "";

    public double TimestepsScale { get; set; }

    public int EvalEpisodes { get; set; }

    public List<LearningRun> Runs { get; set; } = [];
}

/// <summary>One training run (environment, seed) and its final deterministic evaluation.</summary>
public sealed class LearningRun
{
    public string EnvId { get; set; } = "";

    public ulong Seed { get; set; }

    public long ConfiguredTimesteps { get; set; }

    public long TargetTimesteps { get; set; }

    public long Timesteps { get; set; }

    public int Updates { get; set; }

    public double WallSeconds { get; set; }

    public double CollectSeconds { get; set; }

    public double LearnSeconds { get; set; }

    public double StepsPerSecond { get; set; }

    public double TrainMeanReturn { get; set; }

    public long TrainEpisodes { get; set; }

    public double EvalMean { get; set; }

    public double EvalStd { get; set; }

    public double EvalMeanLength { get; set; }

    public List<double> EvalReturns { get; set; } = [];

    public List<ulong> EvalSeeds { get; set; } = [];

    public string? Error { get; set; }
}
