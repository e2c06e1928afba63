using System.Diagnostics;
using System.Globalization;
using Proxima.Nn;
using Proxima.Nn.Recurrent;
using Proxima.Random;

namespace Proxima.Benchmarks;

/// <summary>
/// Neural-network kernels: GEMM throughput, an actor-critic MLP (forward for acting, forward + backward for a PPO
/// minibatch) and LSTM forward + BPTT. When <c>/usr/bin/python3</c> (or <c>PROXIMA_PYTHON</c>) has torch, the same
/// operations are timed by <c>benchmarks/comparators/torch_nn.py</c> with one thread, after the C# runs, and the ratios are printed.
/// Options: <c>--no-torch</c> skips the comparator; <c>--threads N</c> also times GEMM with <see cref="Gemm.MaxThreads"/> = N.
/// </summary>
public sealed class NnSuite : IBenchmarkSuite
{
    public string Name => "nn";

    public int Run(string[] args)
    {
        bool torch = !args.Contains("--no-torch");
        int threads = 1;
        int ti = Array.IndexOf(args, "--threads");
        if (ti >= 0 && ti + 1 < args.Length)
        {
            threads = int.Parse(args[ti + 1], CultureInfo.InvariantCulture);
        }

        Console.WriteLine($"nn suite: {Environment.ProcessorCount} logical cores, Vector512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}, Vector256 {System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}");
        var results = new List<(string Name, double Seconds, double Flops)>();
        foreach (int n in new[] { 64, 128, 256 })
        {
            results.Add(($"gemm_{n}", TimeGemm(n, 1), 2.0 * n * n * n));
        }

        if (threads > 1)
        {
            results.Add(($"gemm_256_threads{threads}", TimeGemm(256, threads), 2.0 * 256 * 256 * 256));
        }

        results.Add(("mlp_forward_8", TimeMlp(8, backward: false), 0));
        results.Add(("ppo_minibatch_64", TimeMlp(64, backward: true), 0));
        results.Add(("lstm_h64", TimeLstm(64), 0));
        results.Add(("lstm_h128", TimeLstm(128), 0));

        var reference = torch ? RunTorch() : null;
        Console.WriteLine();
        Console.WriteLine("| benchmark | Proxima | GFLOP/s | torch 1-thread | torch / Proxima |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (name, seconds, flops) in results)
        {
            string gflops = flops > 0 ? (flops / seconds / 1e9).ToString("F1", CultureInfo.InvariantCulture) : "";
            string t = "", ratio = "";
            if (reference is not null && reference.TryGetValue(name, out double ts))
            {
                t = Harness.Micros(ts);
                ratio = (ts / seconds).ToString("F2", CultureInfo.InvariantCulture) + "x";
                if (flops > 0)
                {
                    t += $" ({(flops / ts / 1e9).ToString("F1", CultureInfo.InvariantCulture)} GFLOP/s)";
                }
            }

            Console.WriteLine($"| {name} | {Harness.Micros(seconds)} | {gflops} | {t} | {ratio} |");
        }

        return 0;
    }

    private static double TimeGemm(int n, int threads)
    {
        var rng = new Pcg64(1);
        var a = Random(rng, n * n);
        var b = Random(rng, n * n);
        var c = new float[n * n];
        int saved = Gemm.MaxThreads;
        Gemm.MaxThreads = threads;
        try
        {
            int inner = Math.Max(1, (int)(2e7 / (2.0 * n * n * n)));
            return Harness.MedianSeconds(() => Gemm.MatMul(a, b, c, n, n, n), inner);
        }
        finally
        {
            Gemm.MaxThreads = saved;
        }
    }

    /// <summary>Actor-critic: shared 4 → 64 → 64 tanh trunk, a 2-logit actor head and a value head.</summary>
    private static double TimeMlp(int rows, bool backward)
    {
        var rng = new Pcg64(2);
        var trunk = Mlp.Create(4, [64, 64], Activation.Tanh);
        var actor = new Linear(64, 2);
        var critic = new Linear(64, 1);
        var set = new ParameterSet(("trunk", trunk), ("actor", actor), ("critic", critic));
        foreach (var p in set.Parameters)
        {
            if (p.Shape.Length == 2)
            {
                Init.Orthogonal(p, Math.Sqrt(2), rng);
            }
        }

        var x = Tensor.FromArray(Random(rng, rows * 4), rows, 4);
        var gPi = Tensor.FromArray(Random(rng, rows * 2), rows, 2);
        var gV = Tensor.FromArray(Random(rng, rows), rows, 1);
        var gTrunk = new Tensor(rows, 64);
        void Step()
        {
            set.ZeroGrad();
            var h = trunk.Forward(x);
            actor.Forward(h);
            critic.Forward(h);
            if (backward)
            {
                var da = actor.Backward(gPi).Span;
                var dc = critic.Backward(gV).Span;
                System.Numerics.Tensors.TensorPrimitives.Add(da, dc, gTrunk.Span);
                trunk.Backward(gTrunk);
            }
        }

        return Harness.MedianSeconds(Step, backward ? 200 : 2000);
    }

    /// <summary>Single-layer LSTM, 64 inputs, T = 16, B = 8, zero initial state, no resets: forward then BPTT.</summary>
    private static double TimeLstm(int hidden)
    {
        const int steps = 16, batch = 8, inSize = 64;
        var rng = new Pcg64(3);
        var lstm = new Lstm(inSize, hidden);
        RecurrentInit.Orthogonal(lstm, rng);
        var x = Tensor.FromArray(Random(rng, steps * batch * inSize), steps * batch, inSize);
        var g = Tensor.FromArray(Random(rng, steps * batch * hidden), steps * batch, hidden);
        var init = new float[batch * lstm.StateSize];
        var final = new float[batch * lstm.StateSize];
        void Step()
        {
            lstm.Forward(x, steps, init, default, final);
            lstm.Backward(g);
        }

        return Harness.MedianSeconds(Step, hidden <= 64 ? 40 : 15);
    }

    private static float[] Random(Pcg64 rng, int n)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = (float)rng.NextGaussian();
        }

        return v;
    }

    /// <summary>Runs the torch comparator and parses its "name seconds" lines; null (with a message) when unavailable.</summary>
    private static Dictionary<string, double>? RunTorch()
    {
        string python = Environment.GetEnvironmentVariable("PROXIMA_PYTHON") ?? "/usr/bin/python3";
        string? script = FindScript();
        if (!File.Exists(python) || script is null)
        {
            Console.WriteLine($"torch comparator skipped: {(script is null ? "benchmarks/comparators/torch_nn.py not found" : python + " not found")}.");
            return null;
        }

        Console.WriteLine($"running {python} {script} ...");
        var psi = new ProcessStartInfo(python, [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            string reason = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? $"exit code {process.ExitCode}";
            Console.WriteLine($"torch comparator skipped: {reason}");
            return null;
        }

        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double s))
            {
                result[parts[0]] = s;
            }
            else
            {
                Console.WriteLine("torch: " + line);
            }
        }

        return result;
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "benchmarks", "comparators", "torch_nn.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
