using Proxima.Envs.ClassicControl;
using Proxima.Random;

namespace Proxima.Tests.Envs.ClassicControl;

public class AcrobotEnvTests
{
    [Fact]
    public void ResetIsFloat32RoundedUniformForManySeeds()
    {
        var env = new AcrobotEnv();
        var obs = new float[6];
        for (ulong seed = 2; seed < 42; seed++)
        {
            env.Reset(obs, seed);
            var rng = new Pcg64(seed);
            for (int i = 0; i < 4; i++)
            {
                double draw = rng.Uniform(-0.1, 0.1);
                Assert.Equal((double)(float)draw, env.State[i]);
                Assert.InRange(env.State[i], -0.1, 0.1);
            }

            Assert.Equal((float)Math.Cos(env.State[0]), obs[0]);
            Assert.Equal((float)Math.Sin(env.State[0]), obs[1]);
            Assert.Equal((float)Math.Cos(env.State[1]), obs[2]);
            Assert.Equal((float)Math.Sin(env.State[1]), obs[3]);
            Assert.Equal((float)env.State[2], obs[4]);
            Assert.Equal((float)env.State[3], obs[5]);
        }
    }

    [Fact]
    public void ZeroTorqueNearlyConservesEnergy()
    {
        // Without torque the book equations conserve the mechanical energy of the double pendulum; RK4 with
        // dt = 0.2 only leaks a little, while a wrong term breaks conservation by several joules.
        var env = new AcrobotEnv();
        env.SetState([1.0, -0.5, 0.0, 0.0]);
        double e0 = AcrobotEnv.Energy(env.State);
        var obs = new float[6];
        double maxDrift = 0;
        for (int t = 0; t < 100; t++)
        {
            var result = env.Step([1f], obs);
            Assert.Equal(-1.0, result.Reward);
            maxDrift = Math.Max(maxDrift, Math.Abs(AcrobotEnv.Energy(env.State) - e0));
        }

        // The swing holds 7.4 J above the resting energy (−19.6 J). Measured: RK4 at dt = 0.2 dissipates 0.18 J over
        // these 20 s (about 2.5%); dropping the book's θ̇₁² term (the NIPS equations) drifts by 8.1 J.
        Assert.True(maxDrift < 0.5, $"energy drift {maxDrift} J from {e0} J");
    }

    [Fact]
    public void PositiveTorqueOnMovingJointAddsEnergy()
    {
        // Power = τ·θ̇₂: pushing along the joint's motion adds energy, against it removes energy.
        var push = new AcrobotEnv();
        var brake = new AcrobotEnv();
        double[] start = [0.0, 0.0, 0.0, 1.0];
        push.SetState(start);
        brake.SetState(start);
        double e0 = AcrobotEnv.Energy(start);
        push.Step([2f], new float[6]);
        brake.Step([0f], new float[6]);
        Assert.True(AcrobotEnv.Energy(push.State) > e0);
        Assert.True(AcrobotEnv.Energy(brake.State) < e0);
    }

    [Theory]
    [InlineData(4.0, 4.0 - (2 * Math.PI))]
    [InlineData(-7.0, -7.0 + (2 * Math.PI))]
    [InlineData(-13.0, -13.0 + (4 * Math.PI))]
    [InlineData(1.0, 1.0)]
    [InlineData(Math.PI, Math.PI)]
    public void WrapShiftsByWholePeriods(double x, double expected) =>
        Assert.Equal(expected, AcrobotEnv.Wrap(x, -Math.PI, Math.PI), 1e-12);

    [Fact]
    public void StepKeepsAnglesWrappedAndVelocitiesBounded()
    {
        var env = new AcrobotEnv();
        env.SetState([3.0, -3.0, 100.0, -100.0]);
        env.Step([2f], new float[6]);
        Assert.InRange(env.State[0], -Math.PI, Math.PI);
        Assert.InRange(env.State[1], -Math.PI, Math.PI);
        Assert.InRange(env.State[2], -AcrobotEnv.MaxVel1, AcrobotEnv.MaxVel1);
        Assert.InRange(env.State[3], -AcrobotEnv.MaxVel2, AcrobotEnv.MaxVel2);
        Assert.Equal(AcrobotEnv.MaxVel1, AcrobotEnv.Bound(100.0, -AcrobotEnv.MaxVel1, AcrobotEnv.MaxVel1));
        Assert.Equal(-AcrobotEnv.MaxVel2, AcrobotEnv.Bound(-100.0, -AcrobotEnv.MaxVel2, AcrobotEnv.MaxVel2));
        Assert.Equal(1.5, AcrobotEnv.Bound(1.5, -AcrobotEnv.MaxVel1, AcrobotEnv.MaxVel1));
        Assert.Equal(4 * Math.PI, AcrobotEnv.MaxVel1);
        Assert.Equal(9 * Math.PI, AcrobotEnv.MaxVel2);
    }

    [Fact]
    public void TerminatesWhenTheTipIsAboveTheBar()
    {
        var env = new AcrobotEnv();
        var obs = new float[6];

        // Both links pointing up (an equilibrium): tip height 2 > 1.
        env.SetState([Math.PI, 0.0, 0.0, 0.0]);
        var up = env.Step([1f], obs);
        Assert.True(up.Terminated);
        Assert.Equal(0.0, up.Reward);
        Assert.True(AcrobotEnv.TipHeight(env.State[0], env.State[1]) > 1.0);

        // Hanging down: tip height −2.
        env.SetState([0.0, 0.0, 0.0, 0.0]);
        var down = env.Step([1f], obs);
        Assert.False(down.Terminated);
        Assert.Equal(-1.0, down.Reward);
    }

    [Fact]
    public void RejectsActionsOutsideDiscrete3()
    {
        var env = new AcrobotEnv();
        env.Reset(new float[6], 0);
        var ex = Assert.Throws<ArgumentException>(() => env.Step([3f], new float[6]));
        Assert.Contains("Discrete(3)", ex.Message);
    }
}
