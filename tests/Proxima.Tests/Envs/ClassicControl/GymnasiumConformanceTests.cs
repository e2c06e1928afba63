using Proxima.Envs;
using Proxima.Envs.Registry;

namespace Proxima.Tests.Envs.ClassicControl;

/// <summary>
/// Replays Gymnasium 1.2.2's recorded trajectories (seeded reset, 600 fixed actions, un-seeded resets after each
/// episode) through <see cref="EnvRegistry.Make"/> and checks every observation, reward and flag.
/// </summary>
public class GymnasiumConformanceTests
{
    public static TheoryData<string, ulong> Cases()
    {
        var data = new TheoryData<string, ulong>();
        foreach (string id in new[] { "CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1" })
        {
            data.Add(id, 0);
            data.Add(id, 1);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReproducesGymnasiumTrajectory(string envId, ulong seed)
    {
        var reference = ReferenceTrajectory.Load(envId, seed);
        Assert.Equal(envId, reference.EnvId);
        Assert.Equal(600, reference.Steps.Length);
        using IEnv env = EnvRegistry.Make(envId);
        var obs = new float[env.ObservationSpace.Size];

        env.Reset(obs, seed);
        AssertObservation(reference.InitialObs, obs, $"{envId} seed {seed} initial_obs");
        int episodesEnded = 0;
        foreach (var step in reference.Steps)
        {
            var result = env.Step(step.Action, obs);
            string where = $"{envId} seed {seed} step t={step.T}";
            AssertObservation(step.Obs, obs, where);
            AssertReward(step.Reward, result.Reward, where);
            Assert.True(step.Terminated == result.Terminated, $"{where}: terminated expected {step.Terminated}, got {result.Terminated}.");
            Assert.True(step.Truncated == result.Truncated, $"{where}: truncated expected {step.Truncated}, got {result.Truncated}.");
            Assert.Equal(step.ResetObs is not null, result.Done);
            if (result.Done)
            {
                episodesEnded++;
                env.Reset(obs);
                AssertObservation(step.ResetObs!, obs, where + " reset_obs");
            }
        }

        // Every file except MountainCarContinuous (999-step limit) ends at least one episode, exercising un-seeded resets.
        Assert.True(envId == "MountainCarContinuous-v0" || episodesEnded > 0, $"{envId}: expected at least one finished episode.");
    }

    /// <summary>Observations must be the identical float32 values Gymnasium produced.</summary>
    internal static void AssertObservation(float[] expected, ReadOnlySpan<float> actual, string where)
    {
        Assert.True(expected.Length == actual.Length, $"{where}: observation length {actual.Length}, expected {expected.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"{where}: obs[{i}] expected {expected[i]:R}, got {actual[i]:R} ({UlpDistance(expected[i], actual[i])} ulp).");
        }
    }

    /// <summary>
    /// Rewards within 1e-6 relative. CartPole, Acrobot and both mountain cars match exactly; Pendulum's agree to about
    /// 1e-12 relative because NumPy's float64 <c>sin</c> occasionally differs by one ulp from the C library's (a
    /// sparse ±1-ulp perturbation of sin reproduces the reference rewards exactly), so the float64 state drifts by a
    /// few ulps (invisible in the float32 observations) and the reward, computed from the float64 state, follows.
    /// </summary>
    internal static void AssertReward(double expected, double actual, string where)
    {
        double tolerance = 1e-6 * Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{where}: reward expected {expected:R}, got {actual:R}.");
    }

    internal static long UlpDistance(float a, float b)
    {
        long ia = BitConverter.SingleToInt32Bits(a), ib = BitConverter.SingleToInt32Bits(b);
        ia = ia < 0 ? int.MinValue - ia : ia;
        ib = ib < 0 ? int.MinValue - ib : ib;
        return Math.Abs(ia - ib);
    }
}
