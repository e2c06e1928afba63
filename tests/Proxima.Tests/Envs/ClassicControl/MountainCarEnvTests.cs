using Proxima.Envs.ClassicControl;
using Proxima.Envs.Registry;
using Proxima.Random;

namespace Proxima.Tests.Envs.ClassicControl;

public class MountainCarEnvTests
{
    [Fact]
    public void ResetPlacesTheCarInTheValleyAtRest()
    {
        var env = new MountainCarEnv();
        var obs = new float[2];
        for (ulong seed = 2; seed < 42; seed++)
        {
            env.Reset(obs, seed);
            double expected = new Pcg64(seed).Uniform(-0.6, -0.4);
            Assert.Equal(expected, env.State[0]);
            Assert.InRange(env.State[0], -0.6, -0.4);
            Assert.Equal(0.0, env.State[1]);
            Assert.Equal([(float)expected, 0f], obs);
        }
    }

    [Theory]
    [InlineData(0, -0.5, 0.01)]
    [InlineData(1, 0.1, -0.02)]
    [InlineData(2, -0.9, 0.0)]
    public void StepFollowsTheDocumentedDynamics(int action, double position, double velocity)
    {
        var env = new MountainCarEnv();
        env.SetState([position, velocity]);
        var result = env.Step([action], new float[2]);
        double v = Math.Clamp(velocity + ((action - 1) * 0.001) - (0.0025 * Math.Cos(3 * position)), -0.07, 0.07);
        Assert.Equal(v, env.State[1], 1e-15);
        Assert.Equal(position + v, env.State[0], 1e-15);
        Assert.Equal(-1.0, result.Reward);
        Assert.False(result.Terminated);
    }

    [Fact]
    public void ReachingTheFlagTerminates()
    {
        var env = new MountainCarEnv();
        env.SetState([0.49, 0.02]);
        var result = env.Step([2f], new float[2]);
        Assert.True(env.State[0] >= 0.5);
        Assert.True(result.Terminated);
        Assert.Equal(-1.0, result.Reward);

        // With a goal velocity the car must also be fast enough (Gymnasium's goal_velocity argument).
        using var strict = EnvRegistry.Make("MountainCar-v0", new Dictionary<string, object> { ["goal_velocity"] = 0.05 });
        var inner = (MountainCarEnv)((Proxima.Envs.Wrappers.TimeLimit)strict).Inner;
        inner.SetState([0.49, 0.02]);
        Assert.False(strict.Step([2f], new float[2]).Terminated);
    }

    [Fact]
    public void LeftWallIsInelasticAndSpeedIsClipped()
    {
        var env = new MountainCarEnv();
        env.SetState([-1.19, -0.05]);
        env.Step([0f], new float[2]);
        Assert.Equal(-1.2, env.State[0]);
        Assert.Equal(0.0, env.State[1]);

        env.SetState([-0.5, 0.0699]);
        env.Step([2f], new float[2]);
        Assert.Equal(0.07, env.State[1]);
    }
}
