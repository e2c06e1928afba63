using Proxima.Envs;
using Proxima.Envs.Registry;

namespace Proxima.Tests.Envs;

public class EnvStateTests
{
    [Theory]
    [InlineData("CartPole-v1")]
    [InlineData("Acrobot-v1")]
    [InlineData("MountainCar-v0")]
    [InlineData("MountainCarContinuous-v0")]
    [InlineData("Pendulum-v1")]
    public void RestoredEnvironmentContinuesIdentically(string id)
    {
        using var original = EnvRegistry.Make(id);
        var obs = new float[original.ObservationSpace.Size];
        var action = new float[original.ActionSpace.Size];
        var rng = new Proxima.Random.Pcg64(7);
        original.Reset(obs, seed: 3);
        for (int t = 0; t < 123; t++)
        {
            original.ActionSpace.Sample(rng, action);
            if (original.Step(action, obs).Done)
            {
                original.Reset(obs);
            }
        }

        var saved = ((IStatefulEnv)original).CaptureState();
        using var restored = EnvRegistry.Make(id);
        ((IStatefulEnv)restored).RestoreState(saved);
        var obsA = new float[obs.Length];
        var obsB = new float[obs.Length];

        // Un-seeded resets must continue the same generator stream.
        int resets = EnvTestUtil.AssertLockstep(original, restored, rng, action, obsA, obsB, 1000);
        Assert.True(resets > 0, "the test should cross an episode boundary");
    }

    [Fact]
    public void RestoringAMismatchedStateFailsClearly()
    {
        using var cartPole = EnvRegistry.Make("CartPole-v1");
        using var pendulum = EnvRegistry.Make("Pendulum-v1");
        var obs = new float[4];
        cartPole.Reset(obs, seed: 1);
        var state = ((IStatefulEnv)cartPole).CaptureState();
        var e = Assert.Throws<ArgumentException>(() => ((IStatefulEnv)pendulum).RestoreState(state));
        Assert.Contains("Pendulum", e.Message);
    }
}
