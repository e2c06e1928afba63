using Proxima.Envs.Vector;
using Proxima.Random;

namespace Proxima.Tests.Envs.Vector;

public class RunningMeanStdTests
{
    private static (double[] Mean, double[] Var) TwoPass(IReadOnlyList<float[]> rows)
    {
        int size = rows[0].Length;
        var mean = new double[size];
        var variance = new double[size];
        foreach (var r in rows)
        {
            for (int j = 0; j < size; j++)
            {
                mean[j] += r[j];
            }
        }

        for (int j = 0; j < size; j++)
        {
            mean[j] /= rows.Count;
        }

        foreach (var r in rows)
        {
            for (int j = 0; j < size; j++)
            {
                variance[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
            }
        }

        for (int j = 0; j < size; j++)
        {
            variance[j] /= rows.Count;
        }

        return (mean, variance);
    }

    [Fact]
    public void BatchedUpdatesMatchTwoPassStatisticsOfAllRows()
    {
        var rng = new Pcg64(5);
        var rms = new RunningMeanStd(3, initialCount: 0);
        var all = new List<float[]>();
        foreach (int batch in new[] { 1, 7, 64, 3, 128, 2 })
        {
            var flat = new float[batch * 3];
            for (int r = 0; r < batch; r++)
            {
                var row = new[] { (float)(5 + (2 * rng.NextGaussian())), (float)(-100 + (0.01 * rng.NextGaussian())), (float)rng.NextDouble() };
                row.CopyTo(flat, r * 3);
                all.Add(row);
            }

            rms.Update(flat);
            var (mean, variance) = TwoPass(all);
            Assert.Equal(all.Count, rms.Count);
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(mean[j], rms.Mean[j], Math.Abs(mean[j]) * 1e-12 + 1e-12);
                Assert.Equal(variance[j], rms.Variance[j], variance[j] * 1e-9);
            }
        }
    }

    [Fact]
    public void DefaultPriorFollowsSb3Formula()
    {
        // SB3: mean 0, var 1, count 1e-4; one batch [1, 3] (mean 2, var 1, count 2).
        var rms = new RunningMeanStd(1);
        rms.Update(new float[] { 1, 3 });
        double total = 1e-4 + 2;
        Assert.Equal(2 * 2 / total, rms.Mean[0], 1e-15);
        Assert.Equal(((1 * 1e-4) + (1 * 2) + (2.0 * 2 * 1e-4 * 2 / total)) / total, rms.Variance[0], 1e-15);
        Assert.Equal(total, rms.Count, 1e-15);
    }

    [Fact]
    public void SetCloneAndValidation()
    {
        var rms = new RunningMeanStd(2);
        rms.Set([1, 2], [3, 4], 10);
        var copy = rms.Clone();
        rms.Update(new float[] { 0, 0 });
        Assert.Equal([1.0, 2.0], copy.Mean.ToArray());
        Assert.Equal([3.0, 4.0], copy.Variance.ToArray());
        Assert.Equal(10, copy.Count);
        Assert.NotEqual(10, rms.Count);
        Assert.Throws<ArgumentException>(() => rms.Set([1], [1], 1));
        Assert.Throws<ArgumentException>(() => rms.Set([1, 2], [1, -1], 1));
        Assert.Throws<ArgumentException>(() => rms.Update(new float[] { 1, 2, 3 }));
        rms.Clear();
        Assert.Equal([0.0, 0.0], rms.Mean.ToArray());
        Assert.Equal([1.0, 1.0], rms.Variance.ToArray());
    }
}
