using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Proxima.Envs;
using Proxima.Envs.Registry;
using Proxima.Envs.Vector;
using Proxima.Random;

namespace Proxima.Benchmarks;

/// <summary>
/// <c>envs</c>: environment stepping throughput (environment steps per second) of CartPole-v1 and Pendulum-v1 with
/// 1/8/64/256 environments, <see cref="SyncVectorEnv"/> versus <see cref="ThreadedVectorEnv"/> (2 worker threads), with
/// pre-drawn random actions (a block of 1024 vector steps, cycled, so only stepping is timed). The comparator
/// <c>benchmarks/comparators/numpy_envs.py</c> (gymnasium's dynamics in a SyncVectorEnv-style Python loop) is run with
/// <c>/usr/bin/python3</c> when available and reported as ratios. Options: <c>--seconds S</c> (time per measurement,
/// default 1), <c>--envs 1,8,64,256</c>, <c>--threads 2</c>, <c>--no-python</c>, <c>--markdown FILE</c> (also write the
/// table as Markdown).
/// </summary>
public sealed class EnvsBenchmark : IBenchmarkSuite
{
    private const int ActionBlock = 1024;
    private static readonly string[] Ids = ["CartPole-v1", "Pendulum-v1"];

    public string Name => "envs";

    public int Run(string[] args)
    {
        double seconds = 1.0;
        int threads = 2;
        int[] counts = [1, 8, 64, 256];
        bool python = true;
        string? markdown = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds":
                    seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--threads":
                    threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--envs":
                    counts = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "--no-python":
                    python = false;
                    break;
                case "--markdown":
                    markdown = args[++i];
                    break;
                default:
                    Console.Error.WriteLine($"envs: unknown option '{args[i]}'. Options: --seconds S, --threads N, --envs 1,8,..., --no-python, --markdown FILE.");
                    return 2;
            }
        }

        Dictionary<(string, int), double> numpy = python ? RunPython(counts, seconds) : [];
        var table = new StringBuilder();
        table.AppendLine($"| env | envs | Sync steps/s | Threaded ({threads}) steps/s | Threaded/Sync | NumPy loop steps/s | Sync/NumPy | Threaded/NumPy |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"{"env",-12} {"envs",5} {"sync/s",12} {"threaded/s",12} {"thr/sync",9} {"numpy/s",10} {"sync/np",8} {"thr/np",8}");
        foreach (string id in Ids)
        {
            foreach (int n in counts)
            {
                double sync = Measure(() => new SyncVectorEnv(_ => EnvRegistry.Make(id), n), seconds);
                double threaded = Measure(() => new ThreadedVectorEnv(_ => EnvRegistry.Make(id), n, threads), seconds);
                bool hasNp = numpy.TryGetValue((id, n), out double np);
                string Ratio(double a) => hasNp ? (a / np).ToString("F1", CultureInfo.InvariantCulture) + "×" : "-";
                string npText = hasNp ? Fmt(np) : "-";
                Console.WriteLine($"{id,-12} {n,5} {Fmt(sync),12} {Fmt(threaded),12} {threaded / sync,9:F2} {npText,10} {Ratio(sync),8} {Ratio(threaded),8}");
                table.AppendLine(
                    $"| {id} | {n} | {Fmt(sync)} | {Fmt(threaded)} | {(threaded / sync).ToString("F2", CultureInfo.InvariantCulture)} | {npText} | {Ratio(sync)} | {Ratio(threaded)} |");
            }
        }

        if (markdown is not null)
        {
            File.WriteAllText(markdown, table.ToString());
            Console.WriteLine($"Markdown table written to {markdown}.");
        }

        return 0;
    }

    private static string Fmt(double stepsPerSecond) => stepsPerSecond.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Median environment steps per second over 5 timed samples of <paramref name="seconds"/>/5 each.</summary>
    private static double Measure(Func<IVectorEnv> make, double seconds)
    {
        using var env = make();
        int n = env.NumEnvs, a = env.ActionSpace.Size;
        var actions = new float[ActionBlock * n * a];
        var rng = new Pcg64(1);
        for (int k = 0; k < ActionBlock * n; k++)
        {
            env.ActionSpace.Sample(rng, actions.AsSpan(k * a, a));
        }

        int rowLength = n * a;
        env.Reset(0);
        long step = 0;
        void StepOnce()
        {
            env.Step(actions.AsSpan((int)(step % ActionBlock) * rowLength, rowLength));
            step++;
        }

        long warmupEnd = Stopwatch.GetTimestamp() + (long)(0.2 * seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < warmupEnd)
        {
            StepOnce();
        }

        var rates = new double[5];
        for (int s = 0; s < rates.Length; s++)
        {
            long begin = Stopwatch.GetTimestamp();
            long end = begin + (long)(seconds / rates.Length * Stopwatch.Frequency);
            long steps = 0;
            long now;
            do
            {
                for (int k = 0; k < 16; k++)
                {
                    StepOnce();
                }

                steps += 16;
                now = Stopwatch.GetTimestamp();
            }
            while (now < end);
            rates[s] = steps * (double)n / ((now - begin) / (double)Stopwatch.Frequency);
        }

        Array.Sort(rates);
        return rates[rates.Length / 2];
    }

    private static Dictionary<(string, int), double> RunPython(int[] counts, double seconds)
    {
        var result = new Dictionary<(string, int), double>();
        string? script = FindScript();
        const string python = "/usr/bin/python3";
        if (script is null || !File.Exists(python))
        {
            Console.WriteLine($"NumPy comparator skipped: {(script is null ? "benchmarks/comparators/numpy_envs.py not found" : python + " not found")}.");
            return result;
        }

        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { script, "--envs", string.Join(',', counts), "--ids", string.Join(',', Ids), "--seconds", seconds.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        Console.WriteLine($"Running the NumPy comparator ({python} {Path.GetFileName(script)})...");
        using var process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            string reason = stderr.Contains("No module named 'numpy'", StringComparison.Ordinal) ? "numpy is not installed" : stderr.Trim();
            Console.WriteLine($"NumPy comparator skipped: {reason}");
            return result;
        }

        foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            result[(root.GetProperty("id").GetString()!, root.GetProperty("num_envs").GetInt32())] = root.GetProperty("steps_per_second").GetDouble();
        }

        return result;
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "benchmarks", "comparators", "numpy_envs.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
