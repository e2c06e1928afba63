using Proxima.Envs.ClassicControl;
using Proxima.Random;

namespace Proxima.Tests.Envs.ClassicControl;

public class CartPoleEnvTests
{
    [Fact]
    public void ResetDrawsFourUniformsInOrderForManySeeds()
    {
        var env = new CartPoleEnv();
        var obs = new float[4];
        for (ulong seed = 2; seed < 42; seed++)
        {
            env.Reset(obs, seed);
            var rng = new Pcg64(seed);
            for (int i = 0; i < 4; i++)
            {
                double expected = -0.05 + (0.1 * rng.NextDouble());
                Assert.Equal(expected, env.State[i]);
                Assert.Equal((float)expected, obs[i]);
                Assert.InRange(env.State[i], -0.05, 0.05);
            }
        }
    }

    [Fact]
    public void StepMatchesTheTextbookEquationsOfMotion()
    {
        // Florian (2005), eqs. 23-24 for a frictionless cart-pole, written independently of the implementation.
        var env = new CartPoleEnv();
        double[] start = [0.3, -0.4, 0.1, 0.7];
        env.SetState(start);
        var obs = new float[4];
        var result = env.Step([0f], obs);

        double g = 9.8, mc = 1.0, mp = 0.1, l = 0.5, f = -10.0, tau = 0.02;
        double th = start[2], w = start[3];
        double thetaAcc = ((g * Math.Sin(th)) + (Math.Cos(th) * ((-f - (mp * l * w * w * Math.Sin(th))) / (mc + mp))))
            / (l * ((4.0 / 3.0) - (mp * Math.Cos(th) * Math.Cos(th) / (mc + mp))));
        double xAcc = (f + (mp * l * ((w * w * Math.Sin(th)) - (thetaAcc * Math.Cos(th))))) / (mc + mp);
        double[] expected = [start[0] + (tau * start[1]), start[1] + (tau * xAcc), th + (tau * w), w + (tau * thetaAcc)];

        // Same equations, different association: agreement to ~1e-15 absolute, far below any modelling change.
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], env.State[i], 1e-12);
            Assert.Equal((float)env.State[i], obs[i]);
        }

        Assert.Equal(new Proxima.Envs.StepResult(1.0, false, false), result);
    }

    [Theory]
    [InlineData(2.395, 0.5, 0.0, 0.0, true)]
    [InlineData(2.0, 0.5, 0.0, 0.0, false)]
    [InlineData(-2.395, -0.5, 0.0, 0.0, true)]
    [InlineData(0.0, 0.0, 0.2, 0.5, true)] // θ: 0.2 + 0.01 > 12° (0.2094 rad)
    [InlineData(0.0, 0.0, -0.2, -0.5, true)]
    [InlineData(0.0, 0.0, 0.2, -0.5, false)]
    public void TerminatesBeyondPositionAndAngleThresholds(double x, double xDot, double theta, double thetaDot, bool expectedTerminated)
    {
        var env = new CartPoleEnv();
        env.SetState([x, xDot, theta, thetaDot]);
        var result = env.Step([1f], new float[4]);
        double nx = env.State[0], ntheta = env.State[2];
        bool beyond = Math.Abs(nx) > CartPoleEnv.XThreshold || Math.Abs(ntheta) > CartPoleEnv.ThetaThresholdRadians;
        Assert.Equal(beyond, result.Terminated);
        Assert.Equal(expectedTerminated, result.Terminated);
        Assert.Equal(1.0, result.Reward);
        Assert.False(result.Truncated);
    }

    [Fact]
    public void ThresholdsAreGymnasiumsConstants()
    {
        Assert.Equal(12 * Math.PI / 180, CartPoleEnv.ThetaThresholdRadians, 1e-15);
        Assert.Equal(2.4, CartPoleEnv.XThreshold);
        var box = Assert.IsType<Proxima.Envs.Spaces.Box>(new CartPoleEnv().ObservationSpace);
        Assert.Equal([-4.8f, -float.MaxValue, -0.41887903f, -float.MaxValue], box.Low.ToArray());
    }

    [Theory]
    [InlineData(false, 1.0, 1.0, 0.0)]
    [InlineData(true, 0.0, -1.0, -1.0)]
    public void RewardsBeforeAtAndAfterTermination(bool suttonBarto, double alive, double atTermination, double after)
    {
        var env = new CartPoleEnv(suttonBarto);
        var obs = new float[4];
        env.SetState([0, 0, 0, 0]);
        Assert.Equal(alive, env.Step([1f], obs).Reward);
        env.SetState([2.4, 1, 0, 0]);
        var end = env.Step([1f], obs);
        Assert.True(end.Terminated);
        Assert.Equal(atTermination, end.Reward);
        var beyond = env.Step([1f], obs);
        Assert.True(beyond.Terminated);
        Assert.Equal(after, beyond.Reward);
    }

    [Fact]
    public void RejectsInvalidActionsAndStepBeforeReset()
    {
        var env = new CartPoleEnv();
        var obs = new float[4];
        var early = Assert.Throws<InvalidOperationException>(() => env.Step([0f], obs));
        Assert.Contains("Reset", early.Message);
        env.Reset(obs, 0);
        foreach (float bad in new[] { 2f, -1f, 0.5f, float.NaN })
        {
            var ex = Assert.Throws<ArgumentException>(() => env.Step([bad], obs));
            Assert.Contains("Discrete(2)", ex.Message);
        }

        Assert.Throws<ArgumentException>(() => env.Step([0f, 1f], obs));
        Assert.Throws<ArgumentException>(() => env.Step([0f], new float[3]));
        Assert.Throws<ArgumentException>(() => env.Reset(new float[5]));
    }
}
