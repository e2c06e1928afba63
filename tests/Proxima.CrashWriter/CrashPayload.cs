using Proxima.Checkpoints;
using Proxima.Optim;

namespace Proxima.CrashWriter;

/// <summary>
/// The deterministic checkpoint content for a given step, so a test can check that a checkpoint left behind by a
/// killed writer is exactly one complete version (every part derived from the same step).
/// </summary>
public static class CrashPayload
{
    /// <summary>Elements of the large policy tensor (big enough that a save takes a noticeable time).</summary>
    public const int LargeSize = 256 * 1024;

    /// <summary>The checkpoint the writer saves at <paramref name="step"/>.</summary>
    public static CheckpointData Create(long step)
    {
        var large = new float[LargeSize];
        var bias = new float[64];
        for (int i = 0; i < large.Length; i++)
        {
            large[i] = Value(step, i);
        }

        for (int i = 0; i < bias.Length; i++)
        {
            bias[i] = -Value(step, i);
        }

        return new CheckpointData
        {
            ConfigYaml = $"env: CartPole-v1\nstep: {step}\n",
            EnvId = "CartPole-v1",
            ObservationSpace = "Box(4,)",
            ActionSpace = "Discrete(2)",
            Policy = [NamedTensor.FromFloats("actor.0.weight", [LargeSize / 64, 64], large), NamedTensor.FromFloats("actor.0.bias", [64], bias)],
            OptimizerState = [new OptimizerStateEntry("actor.0.bias", "exp_avg", bias)],
            OptimizerStepCount = step,
            Normalizers = new Dictionary<string, double[]> { ["obs.mean"] = [step, step * 0.5] },
            RngStates = new Dictionary<string, ulong[]> { ["main"] = [(ulong)step, 1, 2, 3] },
            Timesteps = step * 2048,
            Updates = step,
            Episodes = step * 3,
            ScheduleProgress = step / 1e6,
            RecentReturns = [step, step + 1.5],
            RecentLengths = [step, step + 1],
            ProximaVersion = "test",
            CreatedUtc = DateTimeOffset.UnixEpoch.AddSeconds(step),
            Metadata = new Dictionary<string, string> { ["step"] = step.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
    }

    /// <summary>Element <paramref name="i"/> of the large tensor at <paramref name="step"/>.</summary>
    public static float Value(long step, int i) => (float)((step * 31) + (i % 1000)) * 0.001f;

    /// <summary>
    /// Checks that <paramref name="data"/> is exactly <see cref="Create"/>(step) for the step its counters name;
    /// returns that step, or throws <see cref="InvalidOperationException"/> describing the first difference.
    /// </summary>
    public static long Verify(CheckpointData data)
    {
        long step = data.Updates;
        var expected = Create(step);
        void Check(bool ok, string what)
        {
            if (!ok)
            {
                throw new InvalidOperationException($"Checkpoint for step {step} differs in {what}.");
            }
        }

        Check(data.ConfigYaml == expected.ConfigYaml, "config");
        Check(data.Timesteps == expected.Timesteps && data.Episodes == expected.Episodes && data.OptimizerStepCount == step, "counters");
        Check(data.Metadata["step"] == expected.Metadata["step"], "metadata");
        Check(data.RngStates["main"].SequenceEqual(expected.RngStates["main"]), "rng");
        Check(data.Normalizers["obs.mean"].SequenceEqual(expected.Normalizers["obs.mean"]), "normalizers");
        Check(data.RecentReturns.SequenceEqual(expected.RecentReturns) && data.RecentLengths.SequenceEqual(expected.RecentLengths), "episode window");
        Check(data.CreatedUtc == expected.CreatedUtc, "created time");
        Check(data.Policy.Count == 2, "policy tensor count");
        foreach (var t in expected.Policy)
        {
            var actual = data.Policy.Single(p => p.Name == t.Name);
            Check(actual.Shape.SequenceEqual(t.Shape) && actual.ToFloats().SequenceEqual(t.ToFloats()), $"policy tensor {t.Name}");
        }

        Check(data.OptimizerState.Count == 1 && data.OptimizerState[0].Values.SequenceEqual(expected.OptimizerState[0].Values), "optimizer state");
        return step;
    }
}
