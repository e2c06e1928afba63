using Proxima.Envs.Registry;
using Proxima.Random;

namespace Proxima.Tests.Envs.ClassicControl;

public class StepAllocationTests
{
    public static TheoryData<string> BuiltInIds() =>
        new("CartPole-v1", "CartPoleNoVel-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "PendulumNoVel-v1");

    [Theory]
    [MemberData(nameof(BuiltInIds))]
    public void StepAndResetAllocateNothingInSteadyState(string id)
    {
        using var env = EnvRegistry.Make(id);
        var obs = new float[env.ObservationSpace.Size];
        var action = new float[env.ActionSpace.Size];
        var rng = new Pcg64(1);
        env.Reset(obs, 1);
        Run(); // warm up (JIT, tiered compilation)
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void Run()
        {
            for (int t = 0; t < 2000; t++)
            {
                env.ActionSpace.Sample(rng, action);
                if (env.Step(action, obs).Done)
                {
                    env.Reset(obs);
                }
            }
        }
    }
}
