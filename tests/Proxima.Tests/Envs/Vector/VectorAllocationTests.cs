using Proxima.Envs;
using Proxima.Envs.Registry;
using Proxima.Envs.Vector;
using Proxima.Random;

namespace Proxima.Tests.Envs.Vector;

public class VectorAllocationTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "CartPole-v1", "sync" },
        { "Pendulum-v1", "sync" },
        { "CartPole-v1", "normalized" },
        { "MountainCarContinuous-v0", "normalized" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SteppingAllocatesNothing(string id, string kind)
    {
        IVectorEnv vec = new SyncVectorEnv(_ => EnvRegistry.Make(id), 8);
        if (kind == "normalized")
        {
            vec = new NormalizeReward(new NormalizeObservation(vec));
        }

        using var env = vec;
        var actions = new float[env.NumEnvs * env.ActionSpace.Size];
        var rng = new Pcg64(2);
        env.Reset(2);
        Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void Run()
        {
            for (int t = 0; t < 1000; t++)
            {
                for (int i = 0; i < env.NumEnvs; i++)
                {
                    env.ActionSpace.Sample(rng, actions.AsSpan(i * env.ActionSpace.Size, env.ActionSpace.Size));
                }

                env.Step(actions);
            }
        }
    }
}
