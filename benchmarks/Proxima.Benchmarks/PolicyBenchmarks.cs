using System.Globalization;
using System.Text.Json;
using Proxima.Envs.Spaces;
using Proxima.Optim;
using Proxima.Policies;
using Proxima.Random;
using Proxima.Training;

namespace Proxima.Benchmarks;

/// <summary>
/// The issue's actor-critic benchmark matrix with the real PPO pieces: a CleanRL-style policy (separate actor and
/// critic MLPs, tanh) for observation sizes 4 and 17 with 2 logits or a 6-dimensional Gaussian, hidden 64 and 256:
/// (a) action selection for 8 and 64 observations (both networks, sample, log-probability, value) and (b) one PPO
/// minibatch step for 64 and 256 samples (forward, clipped surrogate + value + entropy loss, backward, global-norm
/// clipping, Adam). The same cases run in PyTorch (benchmarks/comparators/torch_policy.py, one thread) afterwards.
/// Usage: policy [--no-comparator] [--quick]
/// </summary>
public sealed class PolicyBenchmarks : IBenchmarkSuite
{
    public string Name => "policy";

    private sealed record Case(string Name, string Kind, int Obs, int Hidden, int Actions, bool Continuous, int Rows);

    public int Run(string[] args)
    {
        var cases = new List<Case>();
        foreach (var (obs, actions, continuous) in new[] { (4, 2, false), (17, 6, true) })
        {
            foreach (int hidden in new[] { 64, 256 })
            {
                string net = $"obs{obs}_{(continuous ? "gauss6" : "cat2")}_h{hidden}";
                cases.Add(new($"act8_{net}", "act", obs, hidden, actions, continuous, 8));
                cases.Add(new($"act64_{net}", "act", obs, hidden, actions, continuous, 64));
                cases.Add(new($"step64_{net}", "step", obs, hidden, actions, continuous, 64));
                cases.Add(new($"step256_{net}", "step", obs, hidden, actions, continuous, 256));
            }
        }

        if (args.Contains("--quick"))
        {
            cases = cases.Where(c => c.Hidden == 64).ToList();
        }

        var proxima = cases.ToDictionary(c => c.Name, Measure);
        JsonElement? torch = args.Contains("--no-comparator")
            ? null
            : Comparator.Run("torch_policy.py", JsonSerializer.Serialize(cases.Select(c => new
            {
                name = c.Name,
                kind = c.Kind,
                obs = c.Obs,
                hidden = c.Hidden,
                actions = c.Actions,
                continuous = c.Continuous,
                rows = c.Rows,
            })));
        Console.WriteLine($"policy benchmarks, {Environment.ProcessorCount} cores, .NET {Environment.Version}{(torch is { } t ? ", comparator " + t.GetProperty("framework").GetString() : "")}");
        Console.WriteLine("| case | proxima | pytorch (1 thread) | speed-up |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var c in cases)
        {
            double p = proxima[c.Name];
            string torchCell = "-", ratio = "-";
            if (torch is { } tj && tj.TryGetProperty(c.Name, out var tv))
            {
                torchCell = Harness.Micros(tv.GetDouble());
                ratio = (tv.GetDouble() / p).ToString("F1", CultureInfo.InvariantCulture) + "×";
            }

            Console.WriteLine($"| {c.Name} | {Harness.Micros(p)} | {torchCell} | {ratio} |");
        }

        return 0;
    }

    private static double Measure(Case c)
    {
        Space action = c.Continuous ? new Box(-1f, 1f, c.Actions) : new Discrete(c.Actions);
        var config = new PolicyConfig { PiLayers = [c.Hidden, c.Hidden], VfLayers = [c.Hidden, c.Hidden] };
        var policy = new ActorCriticPolicy(new Box(-10f, 10f, c.Obs), action, config, new Pcg64(0));
        var rng = new Pcg64(1);
        int m = c.Rows;
        var obs = new float[m * c.Obs];
        for (int i = 0; i < obs.Length; i++)
        {
            obs[i] = (float)rng.NextGaussian();
        }

        var actions = new float[m * policy.ActionSize];
        var logProbs = new float[m];
        var values = new float[m];
        int inner = Math.Max(1, 2000 / (m * c.Hidden / 64));
        if (c.Kind == "act")
        {
            return Harness.MedianSeconds(() => policy.Act(obs, m, default, rng, false, actions, logProbs, values), inner);
        }

        policy.Act(obs, m, default, rng, false, actions, logProbs, values);
        var oldValues = (float[])values.Clone();
        var advantages = new float[m];
        var returns = new float[m];
        for (int i = 0; i < m; i++)
        {
            advantages[i] = (float)rng.NextGaussian();
            returns[i] = (float)rng.NextGaussian();
        }

        var adv = new float[m];
        var newLogProbs = new float[m];
        var entropies = new float[m];
        var gLogProb = new float[m];
        var gEntropy = new float[m];
        var gValue = new float[m];
        var adam = new Adam(policy.Parameters, new AdamOptions(3e-4, Epsilon: 1e-5));
        var coefficients = new PpoLossCoefficients(0.2f, null, 0f, 0.5f);
        return Harness.MedianSeconds(
            () =>
            {
                advantages.CopyTo(adv, 0);
                PpoLoss.NormalizeAdvantages(adv);
                policy.EvaluateActions(obs, m, actions, default, newLogProbs, entropies, values);
                PpoLoss.Compute(newLogProbs, logProbs, adv, entropies, values, oldValues, returns, coefficients, gLogProb, gEntropy, gValue);
                policy.Parameters.ZeroGrad();
                policy.Backward(actions, gLogProb, gEntropy, gValue);
                GradientClipping.ClipGlobalNorm(policy.Parameters, 0.5);
                adam.Step();
            },
            Math.Max(1, inner / 4));
    }
}
