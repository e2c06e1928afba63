using Proxima.Random;
using Proxima.Training;

namespace Proxima.Tests.Training;

public class RolloutBatchTests
{
    private static RolloutBatch Filled(int steps, int rows, float tag)
    {
        var b = new RolloutBatch(steps, rows, observationSize: 2, actionSize: 1, actionMaskSize: 3);
        for (int i = 0; i < b.Count; i++)
        {
            b.Observation(i)[0] = tag + i;
            b.Observation(i)[1] = -(tag + i);
            b.Action(i)[0] = i % 3;
            b.Rewards[i] = tag * 100 + i;
            b.Values[i] = i * 0.5f;
            b.Terminated[i] = i % 5 == 0;
            b.ActionMasks![(i * 3) + (i % 3)] = true;
        }

        return b;
    }

    [Fact]
    public void CombinePlacesRowsSideBySidePerStep()
    {
        var a = Filled(3, 2, 1000);
        var b = Filled(3, 1, 2000);
        var c = RolloutBatch.Combine([a, b]);
        Assert.Equal(3, c.Steps);
        Assert.Equal(3, c.Rows);
        for (int t = 0; t < 3; t++)
        {
            Assert.Equal(a.Rewards[(t * 2) + 0], c.Rewards[(t * 3) + 0]);
            Assert.Equal(a.Rewards[(t * 2) + 1], c.Rewards[(t * 3) + 1]);
            Assert.Equal(b.Rewards[t], c.Rewards[(t * 3) + 2]);
            Assert.Equal(b.Observation(t).ToArray(), c.Observation((t * 3) + 2).ToArray());
            Assert.Equal(b.ActionMasks!.AsSpan(t * 3, 3).ToArray(), c.ActionMasks!.AsSpan(((t * 3) + 2) * 3, 3).ToArray());
        }
    }

    [Fact]
    public void CombineRejectsDifferentStepCountsWithAClearMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => RolloutBatch.Combine([Filled(3, 2, 0), Filled(4, 2, 0)]));
        Assert.Contains("steps", ex.Message);
    }

    [Fact]
    public void SliceCopiesTheSelectedBlock()
    {
        var a = Filled(4, 3, 0);
        var s = a.Slice(1, 2, 1, 2);
        Assert.Equal(2, s.Steps);
        Assert.Equal(2, s.Rows);
        for (int t = 0; t < 2; t++)
        {
            for (int r = 0; r < 2; r++)
            {
                int src = ((t + 1) * 3) + r + 1;
                int dst = (t * 2) + r;
                Assert.Equal(a.Rewards[src], s.Rewards[dst]);
                Assert.Equal(a.Terminated[src], s.Terminated[dst]);
                Assert.Equal(a.Observation(src).ToArray(), s.Observation(dst).ToArray());
            }
        }

        s.Rewards[0] = -1;
        Assert.NotEqual(-1, a.Rewards[4]);
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Slice(3, 2, 0, 1));
    }

    [Fact]
    public void ShuffledIndicesIsASeededPermutation()
    {
        var a = Filled(8, 4, 0);
        var p1 = new int[a.Count];
        var p2 = new int[a.Count];
        a.ShuffledIndices(new Pcg64(5), p1);
        a.ShuffledIndices(new Pcg64(5), p2);
        Assert.Equal(p1, p2);
        Assert.Equal(Enumerable.Range(0, a.Count), p1.Order());
        Assert.NotEqual(Enumerable.Range(0, a.Count), p1);
    }
}
