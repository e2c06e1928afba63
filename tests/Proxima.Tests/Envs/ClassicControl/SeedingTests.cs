using Proxima.Envs;
using Proxima.Envs.ClassicControl;
using Proxima.Envs.Registry;
using Proxima.Random;

namespace Proxima.Tests.Envs.ClassicControl;

public class SeedingTests
{
    public static TheoryData<string> Ids() => new(EnvRegistry.Ids.Where(id => id is "CartPole-v1" or "Acrobot-v1" or "MountainCar-v0" or "MountainCarContinuous-v0" or "Pendulum-v1"));

    [Theory]
    [MemberData(nameof(Ids))]
    public void SameSeedAndActionsGiveIdenticalTrajectories(string id)
    {
        using var a = EnvRegistry.Make(id);
        using var b = EnvRegistry.Make(id);
        var actionRng = new Pcg64(99);
        var action = new float[a.ActionSpace.Size];
        var oa = new float[a.ObservationSpace.Size];
        var ob = new float[b.ObservationSpace.Size];
        a.Reset(oa, 123);
        b.Reset(ob, 123);
        Assert.Equal(oa, ob);
        EnvTestUtil.AssertLockstep(a, b, actionRng, action, oa, ob, 300);
    }

    [Fact]
    public void UnseededResetContinuesTheSeededStream()
    {
        var env = new CartPoleEnv();
        var obs = new float[4];
        env.Reset(obs, 7);
        env.Reset(obs);
        var rng = new Pcg64(7);
        for (int i = 0; i < 4; i++)
        {
            rng.NextDouble(); // the first reset's four draws
        }

        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(rng.Uniform(-0.05, 0.05), env.State[i]);
        }
    }

    [Fact]
    public void NeverSeededEnvironmentUsesItsDefaultSeed()
    {
        var unseeded = new PendulumEnv();
        var seeded = new PendulumEnv();
        var o1 = new float[3];
        var o2 = new float[3];
        unseeded.Reset(o1);
        seeded.Reset(o2, 0);
        Assert.Equal(o2, o1);

        var custom = new PendulumEnv { DefaultSeed = 5 };
        custom.Reset(o1);
        seeded.Reset(o2, 5);
        Assert.Equal(o2, o1);
    }

    [Fact]
    public void ReseedingRestartsTheStream()
    {
        IEnv env = new AcrobotEnv();
        var first = new float[6];
        var again = new float[6];
        env.Reset(first, 42);
        env.Reset(again);
        Assert.NotEqual(first, again);
        env.Reset(again, 42);
        Assert.Equal(first, again);
    }
}
