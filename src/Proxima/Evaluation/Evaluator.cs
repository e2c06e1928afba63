using Proxima.Envs;
using Proxima.Policies;
using Proxima.Random;

namespace Proxima.Evaluation;

/// <summary>Maps a raw observation to what the policy was trained on (e.g. frozen observation normalization).</summary>
public delegate void ObservationTransform(ReadOnlySpan<float> raw, Span<float> transformed);

/// <summary>Outcome of one evaluation episode.</summary>
public readonly record struct EpisodeResult(double Return, int Length, ulong Seed);

/// <summary>Summary of an evaluation.</summary>
public sealed record EvalStats(double MeanReturn, double StdReturn, double MeanLength, int Episodes, IReadOnlyList<EpisodeResult> PerEpisode)
{
    /// <summary>Builds the summary from per-episode results (population standard deviation, as SB3's evaluate_policy).</summary>
    public static EvalStats From(IReadOnlyList<EpisodeResult> episodes)
    {
        if (episodes.Count == 0)
        {
            throw new ArgumentException("At least one episode is needed.", nameof(episodes));
        }

        double mean = episodes.Average(e => e.Return);
        double std = Math.Sqrt(episodes.Average(e => (e.Return - mean) * (e.Return - mean)));
        return new EvalStats(mean, std, episodes.Average(e => e.Length), episodes.Count, episodes);
    }
}

/// <summary>
/// Runs a policy on fresh environment instances for whole episodes, without learning and without touching the
/// training environments. Episode k is reset with seed <c>seed + k</c>, so evaluations are reproducible and
/// comparable across runs. A recurrent policy carries its state from step to step and starts every episode from zeros.
/// </summary>
public static class Evaluator
{
    /// <summary>Evaluates <paramref name="episodes"/> episodes; see the type summary for seeding.</summary>
    public static EvalStats Evaluate(
        IActorCriticPolicy policy,
        Func<IEnv> envFactory,
        int episodes,
        ulong seed = 0,
        bool deterministic = true,
        ObservationTransform? transform = null,
        int maxStepsPerEpisode = 1_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        var seeds = new ulong[episodes];
        for (int k = 0; k < episodes; k++)
        {
            seeds[k] = seed + (ulong)k;
        }

        return Evaluate(policy, envFactory, seeds, deterministic, transform, maxStepsPerEpisode);
    }

    /// <summary>Evaluates one episode per seed in <paramref name="seeds"/>.</summary>
    public static EvalStats Evaluate(
        IActorCriticPolicy policy,
        Func<IEnv> envFactory,
        IReadOnlyList<ulong> seeds,
        bool deterministic = true,
        ObservationTransform? transform = null,
        int maxStepsPerEpisode = 1_000_000)
    {
        using var env = envFactory();
        if (env.ObservationSpace.Size != policy.ObservationSpace.Size || env.ActionSpace.Size != policy.ActionSize)
        {
            throw new ArgumentException($"The evaluation environment ({env.ObservationSpace} -> {env.ActionSpace}) does not fit the policy ({policy.ObservationSpace} -> {policy.ActionSpace}).");
        }

        var raw = new float[env.ObservationSpace.Size];
        var obs = transform is null ? raw : new float[raw.Length];
        var action = new float[policy.ActionSize];
        var envAction = new float[policy.ActionSize];
        var logProb = new float[1];
        var value = new float[1];
        var state = new float[policy.RecurrentStateSize];
        // Wrappers forward IActionMaskProvider whatever they wrap; only a provider with a mask is asked for one.
        var maskProvider = env is IActionMaskProvider { ActionMaskSize: > 0 } provider ? provider : null;
        var mask = maskProvider is null ? [] : new bool[maskProvider.ActionMaskSize];
        var box = env.ActionSpace as Envs.Spaces.Box;
        var results = new List<EpisodeResult>(seeds.Count);
        foreach (ulong s in seeds)
        {
            var rng = new Pcg64(s);
            env.Reset(raw, s);
            policy.ResetNoise(rng, 1);
            Array.Clear(state);
            double total = 0;
            int length = 0;
            while (length < maxStepsPerEpisode)
            {
                transform?.Invoke(raw, obs);
                maskProvider?.WriteActionMask(mask);
                policy.Act(obs, 1, mask, state, default, rng, deterministic, action, logProb, value);
                action.CopyTo(envAction, 0);
                if (box is not null)
                {
                    for (int d = 0; d < envAction.Length; d++)
                    {
                        envAction[d] = Math.Clamp(envAction[d], box.Low[d], box.High[d]);
                    }
                }

                var step = env.Step(envAction, raw);
                total += step.Reward;
                length++;
                if (step.Done)
                {
                    break;
                }
            }

            results.Add(new EpisodeResult(total, length, s));
        }

        return EvalStats.From(results);
    }
}
