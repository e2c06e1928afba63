using Proxima.Envs.ClassicControl;

namespace Proxima.Tests.Envs.ClassicControl;

public class ContinuousMountainCarEnvTests
{
    [Theory]
    [InlineData(0.5f)]
    [InlineData(-0.25f)]
    [InlineData(1.5f)] // force clipped to 1, the penalty uses the raw action
    public void RewardPenalizesTheSquaredActionAndForceIsClipped(float action)
    {
        var env = new ContinuousMountainCarEnv();
        env.SetState([-0.5, 0.0]);
        var result = env.Step([action], new float[2]);
        Assert.Equal(-0.1 * action * action, result.Reward, 1e-15);
        double force = Math.Clamp(action, -1.0, 1.0);
        double v = (force * 0.0015) - (0.0025 * Math.Cos(3 * -0.5));
        Assert.Equal((float)v, (float)env.State[1]);
        Assert.False(result.Terminated);
    }

    [Fact]
    public void ReachingTheGoalPays100()
    {
        var env = new ContinuousMountainCarEnv();
        env.SetState([0.44, 0.02]);
        var result = env.Step([1f], new float[2]);
        Assert.True(result.Terminated);
        Assert.Equal(100.0 - 0.1, result.Reward, 1e-12);
        Assert.Equal(0.45, ContinuousMountainCarEnv.GoalPosition);
    }

    [Fact]
    public void StateIsStoredAsFloat32AfterAStepButNotAfterReset()
    {
        // Gymnasium resets to a float64 array and stores np.float32 arrays after each step; the first step therefore
        // starts from the exact draw and later steps from float32-rounded values.
        var env = new ContinuousMountainCarEnv();
        env.Reset(new float[2], 3);
        Assert.NotEqual((double)(float)env.State[0], env.State[0]);
        env.Step([0.3f], new float[2]);
        Assert.Equal((double)(float)env.State[0], env.State[0]);
        Assert.Equal((double)(float)env.State[1], env.State[1]);
    }
}
