using Proxima.Envs;
using Proxima.Envs.ClassicControl;
using Proxima.Envs.Wrappers;

namespace Proxima.Tests.Envs.Wrappers;

public class TimeLimitTests
{
    [Fact]
    public void TruncatesWhenTheCountReachesTheLimitAndResetsTheCount()
    {
        using var env = new TimeLimit(new PendulumEnv(), 3);
        var obs = new float[3];
        for (int episode = 0; episode < 2; episode++)
        {
            env.Reset(obs, 1);
            Assert.Equal(0, env.ElapsedSteps);
            Assert.False(env.Step([0f], obs).Truncated);
            Assert.False(env.Step([0f], obs).Truncated);
            var last = env.Step([0f], obs);
            Assert.True(last.Truncated);
            Assert.True(last.Done);
            Assert.Equal(3, env.ElapsedSteps);
        }
    }

    [Fact]
    public void TerminationAtTheLimitReportsBothFlags()
    {
        // Gymnasium 1.2.2: truncated = elapsed >= max_episode_steps, independent of terminated.
        var cartPole = new CartPoleEnv();
        using var env = new TimeLimit(cartPole, 1);
        env.Reset(new float[4], 0);
        cartPole.SetState([2.4, 1.0, 0.0, 0.0]);
        var result = env.Step([1f], new float[4]);
        Assert.True(result.Terminated);
        Assert.True(result.Truncated);
    }

    [Fact]
    public void PassesTerminationThroughBeforeTheLimit()
    {
        var cartPole = new CartPoleEnv();
        using var env = new TimeLimit(cartPole, 10);
        env.Reset(new float[4], 0);
        cartPole.SetState([2.4, 1.0, 0.0, 0.0]);
        var result = env.Step([1f], new float[4]);
        Assert.Equal(new StepResult(1.0, true, false), result);
        Assert.Same(cartPole.ObservationSpace, env.ObservationSpace);
    }

    [Fact]
    public void RejectsNonPositiveLimits() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeLimit(new CartPoleEnv(), 0));
}
