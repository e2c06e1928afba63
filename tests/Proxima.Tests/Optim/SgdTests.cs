using Proxima.Optim;

namespace Proxima.Tests.Optim;

public class SgdTests
{
    private static readonly double[] P0 = [1.0, -0.5, 2.0];

    private static readonly double[][] Grads =
    [
        [0.5, -1.0, 0.25],
        [0.3, 0.2, -0.75],
        [-0.4, 0.6, 1.5],
        [1.0, -0.1, 0.0],
    ];

    [Theory]
    [InlineData(0.0, false, 0.0)]
    [InlineData(0.9, false, 0.0)]
    [InlineData(0.9, true, 0.0)]
    [InlineData(0.8, true, 0.05)]
    [InlineData(0.0, false, 0.05)]
    public void MatchesHandComputedSequence(double momentum, bool nesterov, double weightDecay)
    {
        const double lr = 0.1;
        var set = OptimTestUtil.Vector(P0.Select(x => (float)x).ToArray());
        var sgd = new Sgd(set, new SgdOptions(lr, momentum, nesterov, weightDecay));
        double[] p = (double[])P0.Clone(), buf = new double[P0.Length];
        for (int t = 0; t < Grads.Length; t++)
        {
            for (int i = 0; i < p.Length; i++)
            {
                set.Grads[i] = (float)Grads[t][i];
            }

            sgd.Step();
            for (int i = 0; i < p.Length; i++)
            {
                double d = Grads[t][i] + (weightDecay * p[i]);
                if (momentum > 0)
                {
                    // PyTorch: the buffer starts as the first direction, not as (1 − μ)·d or μ·0 + d with decay.
                    buf[i] = t == 0 ? d : (momentum * buf[i]) + d;
                    d = nesterov ? d + (momentum * buf[i]) : buf[i];
                }

                p[i] -= lr * d;

                // Values are O(1) and four float steps add a few ulps (~1e-7 each); 1e-6 is far below the
                // difference between the momentum variants (>= 1e-2 after the second step).
                Assert.Equal(p[i], set.Values[i], 1e-6);
            }
        }

        Assert.Equal(momentum > 0 ? [Sgd.MomentumBufferSlot] : Array.Empty<string>(), sgd.SlotNames);
    }

    [Fact]
    public void FirstStepOverwritesAnImportedBufferAsPyTorchDoes()
    {
        // At step count 0 PyTorch has no buffer yet, so whatever a checkpoint held is replaced by the first direction.
        var set = OptimTestUtil.Vector(1f, 2f);
        var sgd = new Sgd(set, new SgdOptions(0.5, 0.9));
        sgd.ImportState([new OptimizerStateEntry("w", Sgd.MomentumBufferSlot, [100f, -100f])], stepCount: 0);
        set.Grads[0] = 1f;
        set.Grads[1] = -1f;
        sgd.Step();
        Assert.Equal([0.5f, 2.5f], set.Values);
    }

    [Fact]
    public void NesterovWithoutMomentumIsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Sgd(OptimTestUtil.Vector(1f), new SgdOptions(0.1, Nesterov: true)));
        Assert.Contains("Momentum", ex.Message);
    }
}
