using Proxima.Envs.ClassicControl;
using Proxima.Envs.Registry;
using Proxima.Envs.Wrappers;
using Proxima.Random;

namespace Proxima.Tests.Envs.ClassicControl;

public class PendulumEnvTests
{
    [Fact]
    public void ResetDrawsAngleThenVelocity()
    {
        var env = new PendulumEnv();
        var obs = new float[3];
        for (ulong seed = 2; seed < 42; seed++)
        {
            env.Reset(obs, seed);
            var rng = new Pcg64(seed);
            Assert.Equal(rng.Uniform(-Math.PI, Math.PI), env.State[0]);
            Assert.Equal(rng.Uniform(-1.0, 1.0), env.State[1]);
            Assert.InRange(env.State[0], -Math.PI, Math.PI);
            Assert.InRange(env.State[1], -1.0, 1.0);
            Assert.Equal([(float)Math.Cos(env.State[0]), (float)Math.Sin(env.State[0]), (float)env.State[1]], obs);
        }
    }

    [Fact]
    public void RewardMatchesTheClosedFormAndItsRange()
    {
        var env = new PendulumEnv();
        var rng = new Pcg64(11);
        var obs = new float[3];
        for (int i = 0; i < 500; i++)
        {
            double theta = rng.Uniform(-20, 20), thetaDot = rng.Uniform(-8, 8);
            float action = (float)rng.Uniform(-3, 3);
            env.SetState([theta, thetaDot]);
            double reward = env.Step([action], obs).Reward;

            // Normalization written independently: θ − 2π·floor((θ + π) / 2π) ∈ [−π, π).
            double normalized = theta - (2 * Math.PI * Math.Floor((theta + Math.PI) / (2 * Math.PI)));
            double u = Math.Clamp(action, -2f, 2f);
            double expected = -((normalized * normalized) + (0.1 * thetaDot * thetaDot) + (0.001 * u * u));
            Assert.Equal(expected, reward, 1e-9);
            Assert.InRange(reward, -16.2736045, 0.0);
        }
    }

    [Fact]
    public void TorqueIsClippedToTwo()
    {
        var clipped = new PendulumEnv();
        var limit = new PendulumEnv();
        clipped.SetState([0.5, 0.1]);
        limit.SetState([0.5, 0.1]);
        double r1 = clipped.Step([5f], new float[3]).Reward;
        double r2 = limit.Step([2f], new float[3]).Reward;
        Assert.Equal(r2, r1);
        Assert.Equal(limit.State.ToArray(), clipped.State.ToArray());
        Assert.Equal(2f, clipped.LastTorque);
    }

    [Theory]
    [InlineData(10.0)]
    [InlineData(9.81)]
    public void GravityOptionSetsTheAngularAcceleration(double g)
    {
        // From rest at θ = π/2 (horizontal) without torque: θ̇' = (3g / 2l)·sin θ·dt = 0.075·g.
        using var env = EnvRegistry.Make("Pendulum-v1", new Dictionary<string, object> { ["g"] = g });
        var pendulum = (PendulumEnv)((TimeLimit)env).Inner;
        pendulum.SetState([Math.PI / 2, 0.0]);
        var obs = new float[3];
        env.Step([0f], obs);
        Assert.Equal(0.075 * g, pendulum.State[1], 1e-12);
        Assert.Equal(Math.PI / 2 + (0.075 * g * 0.05), pendulum.State[0], 1e-12);
        Assert.Equal(g, pendulum.G);
    }

    [Fact]
    public void SpeedIsClippedToEight()
    {
        var env = new PendulumEnv();
        env.SetState([Math.PI / 2, 7.9]);
        var result = env.Step([2f], new float[3]);
        Assert.Equal(8.0, env.State[1]);
        Assert.False(result.Terminated);
        Assert.False(result.Truncated);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(Math.PI, -Math.PI)]
    [InlineData(-Math.PI, -Math.PI)]
    [InlineData(3 * Math.PI / 2, -Math.PI / 2)]
    [InlineData(-7.0, -7.0 + (2 * Math.PI))]
    public void AngleNormalizeUsesFlooredModulo(double x, double expected) =>
        Assert.Equal(expected, PendulumEnv.AngleNormalize(x), 1e-12);
}
