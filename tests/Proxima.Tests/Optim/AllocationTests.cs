using Proxima.Optim;
using Proxima.Random;

namespace Proxima.Tests.Optim;

public class AllocationTests
{
    [Fact]
    public void StepAndClippingAllocateNothingAfterWarmUp()
    {
        var set = OptimTestUtil.Mlp(new Pcg64(1));
        OptimTestUtil.Fill(set.Grads, new Pcg64(2), 1.0);
        Optimizer[] optimizers =
        [
            new Adam(set, AdamOptions.ForPpo()),
            new AdamW(set),
            new Sgd(set, new SgdOptions(1e-3, 0.9, Nesterov: true)),
            new Sgd(set, new SgdOptions(1e-3)),
        ];
        var schedule = Schedules.Parse("warmup_0.05_cosine_3e-4");

        void Iteration(int i)
        {
            foreach (var opt in optimizers)
            {
                opt.LearningRate = schedule.ValueAt(i / 1000.0);
                GradientClipping.ClipGlobalNorm(set, 0.5);
                opt.Step();
            }
        }

        for (int i = 0; i < 50; i++)
        {
            Iteration(i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 50; i < 250; i++)
        {
            Iteration(i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
