using Proxima.Envs.Control;
using Proxima.Envs.Memory;
using Proxima.Envs.Registry;
using Proxima.Envs.Spaces;

namespace Proxima.Tests.Envs.Memory;

public class MemoryAndArmEnvTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void RememberCueShowsTheCueOnlyFirstAndRewardsTheCuedTurn(int corridor)
    {
        using var env = new RememberCueEnv(corridor);
        var obs = new float[3];
        int[] wins = [0, 0];
        for (ulong seed = 0; seed < 40; seed++)
        {
            env.Reset(obs, seed);
            int cue = env.Cue;
            Assert.Equal(cue == 0 ? 1f : 0f, obs[0]);
            Assert.Equal(cue == 1 ? 1f : 0f, obs[1]);
            Assert.Equal(0f, obs[2]);
            for (int t = 0; t <= corridor; t++)
            {
                var r = env.Step([1f], obs);
                Assert.False(r.Done);
                Assert.Equal(0, r.Reward);
                Assert.Equal(0f, obs[0] + obs[1]);
                Assert.Equal(t == corridor ? 1f : 0f, obs[2]);
            }

            // At the junction every episode looks the same; only the remembered cue tells which turn pays.
            var end = env.Step([(float)(seed % 2)], obs);
            Assert.True(end.Terminated);
            Assert.Equal((int)(seed % 2) == cue ? 1.0 : -1.0, end.Reward);
            wins[cue]++;
        }

        Assert.True(wins[0] > 5 && wins[1] > 5, "both cues occur");
    }

    [Fact]
    public void PlanarArmReachHasADictObservationAndRewardsClosingTheDistance()
    {
        using var env = EnvRegistry.Make("PlanarArmReach-v0");
        var dict = Assert.IsType<DictSpace>(env.ObservationSpace);
        Assert.Equal(["proprio", "command", "sensor"], dict.Entries.Select(e => e.Key));
        Assert.Equal(10, dict.Size);
        Assert.Equal(2, env.ActionSpace.Size);

        var arm = new PlanarArmReachEnv();
        var obs = new float[10];
        arm.Reset(obs, 3);
        var (x, y) = arm.Tip;
        Assert.Equal(arm.State[4] - x, obs[8], 5);
        Assert.Equal(arm.State[5] - y, obs[9], 5);
        Assert.Equal((float)arm.State[4], obs[6]);
        Assert.Equal(Math.Cos(arm.State[0]), obs[0], 5);

        // At the target with no torque the reward is 0; away from it, minus the distance.
        arm.SetState([0, 0, 0, 0, 1.0, 0]);
        Assert.Equal(0, arm.Step([0f, 0f], obs).Reward, 9);
        arm.SetState([Math.PI / 2, 0, 0, 0, 1.0, 0]);
        Assert.Equal(-Math.Sqrt(2), arm.Step([0f, 0f], obs).Reward, 6);

        // Torque accelerates the joint: u = 1 for one step gives q̇ = gain·dt.
        arm.SetState([0, 0, 0, 0, 0.5, 0.5]);
        arm.Step([1f, -1f], obs);
        Assert.Equal(PlanarArmReachEnv.TorqueGain * PlanarArmReachEnv.Dt, arm.State[2], 9);
        Assert.Equal(-PlanarArmReachEnv.TorqueGain * PlanarArmReachEnv.Dt, arm.State[3], 9);
    }
}
