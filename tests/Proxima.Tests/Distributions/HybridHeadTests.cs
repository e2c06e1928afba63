using Proxima.Distributions;
using Proxima.Envs.Spaces;
using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Tests.Distributions;

public class HybridHeadTests
{
    // Action row: move (2) | fire (1) | bits (2) | pick (2) = 7 floats; masks: fire (3) | pick (2 + 3) = 8 entries.
    private static readonly DictSpace Space = new(
        ("move", new Box(-1f, 1f, 2)),
        ("fire", new Discrete(3, start: 1)),
        ("bits", new MultiBinary(2)),
        ("pick", new MultiDiscrete(2, 3)));

    private static HybridHead RandomHead(ulong seed, ActionHeadOptions? options = null)
    {
        var head = Assert.IsType<HybridHead>(ActionHeads.Create(Space, 4, options));
        HeadTestUtil.FillParameters(head, new Pcg64(seed), 0.6);
        return head;
    }

    private static bool[] Masks(int rows, Pcg64 rng)
    {
        var masks = new bool[rows * 8];
        for (int r = 0; r < rows; r++)
        {
            foreach (var (start, n) in new[] { (0, 3), (3, 2), (5, 3) })
            {
                int keep = rng.NextInt(n);
                for (int k = 0; k < n; k++)
                {
                    masks[(r * 8) + start + k] = k == keep || rng.NextDouble() < 0.5;
                }
            }
        }

        return masks;
    }

    [Fact]
    public void LayoutAndNamesFollowTheKeyOrder()
    {
        var head = RandomHead(1);
        Assert.Equal((7, 8), (head.ActionSize, head.ActionMaskSize));
        Assert.Equal(["move", "fire", "bits", "pick"], head.Parts.Select(p => p.Key).ToArray());
        Assert.Equal([0, 2, 3, 5], Enumerable.Range(0, 4).Select(head.ActionOffsetAt).ToArray());
        Assert.Equal(
            ["move.linear.weight", "move.linear.bias", "move.log_std", "fire.linear.weight", "fire.linear.bias",
             "bits.linear.weight", "bits.linear.bias", "pick.linear.weight", "pick.linear.bias"],
            head.NamedParameters().Select(p => p.Name).ToArray());
        Assert.IsType<GsdeHead>(RandomHead(1, new ActionHeadOptions(ContinuousDistribution.Gsde)).Parts[0].Head);
    }

    [Fact]
    public void MatchesIndependentHeadsOnSlicedActionsAndMasks()
    {
        const int rows = 6;
        var head = RandomHead(2);
        var latent = HeadTestUtil.Latent(rows, 4, new Pcg64(3));
        var masks = Masks(rows, new Pcg64(4));
        head.Forward(latent, masks);
        var actions = new float[rows * 7];
        head.Sample(new Pcg64(5), actions);
        var lp = new float[rows];
        var ent = new float[rows];
        head.LogProb(actions, lp);
        head.Entropy(ent);
        var mode = new float[rows * 7];
        head.Mode(mode);

        // Standalone copies of each part, fed the slices, must reproduce the samples (same rng, key order), the
        // mode, and the summed log-probability and entropy.
        var rng = new Pcg64(5);
        double[] expectedLp = new double[rows], expectedEnt = new double[rows];
        int[] maskOffsets = [0, 0, 0, 3];
        int[] maskSizes = [0, 3, 0, 5];
        for (int i = 0; i < 4; i++)
        {
            var (key, sub) = Space.Entries[i];
            var standalone = ActionHeads.Create(sub, 4);
            var source = head.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
            foreach (var (name, p) in standalone.NamedParameters())
            {
                source[key + "." + name].Value.CopyTo(p.Value);
            }

            bool[]? subMasks = null;
            if (maskSizes[i] > 0)
            {
                subMasks = Enumerable.Range(0, rows).SelectMany(r => masks.Skip((r * 8) + maskOffsets[i]).Take(maskSizes[i])).ToArray();
            }

            standalone.Forward(latent, subMasks);
            int size = sub.Size, offset = Space.OffsetAt(i);
            var sampled = new float[rows * size];
            standalone.Sample(rng, sampled);
            var modes = new float[rows * size];
            standalone.Mode(modes);
            for (int r = 0; r < rows; r++)
            {
                for (int k = 0; k < size; k++)
                {
                    Assert.Equal(sampled[(r * size) + k], actions[(r * 7) + offset + k]);
                    Assert.Equal(modes[(r * size) + k], mode[(r * 7) + offset + k]);
                }
            }

            var subLp = new float[rows];
            var subEnt = new float[rows];
            standalone.LogProb(sampled, subLp);
            standalone.Entropy(subEnt);
            for (int r = 0; r < rows; r++)
            {
                expectedLp[r] += subLp[r];
                expectedEnt[r] += subEnt[r];
            }
        }

        for (int r = 0; r < rows; r++)
        {
            Assert.Equal(expectedLp[r], lp[r], 1e-5);
            Assert.Equal(expectedEnt[r], ent[r], 1e-5);
            Assert.True(masks[(r * 8) + (int)mode[(r * 7) + 2] - 1], "the mode of a masked part is an allowed choice");
        }
    }

    [Fact]
    public void MaskedDiscreteChoicesAreNeverSampled()
    {
        const int rows = 2000;
        var head = RandomHead(6);
        var latent = HeadTestUtil.Latent(rows, 4, new Pcg64(7));
        var masks = Masks(rows, new Pcg64(8));
        head.Forward(latent, masks);
        var actions = new float[rows * 7];
        head.Sample(new Pcg64(9), actions);
        for (int r = 0; r < rows; r++)
        {
            Assert.True(masks[(r * 8) + (int)actions[(r * 7) + 2] - 1], "fire");
            Assert.True(masks[(r * 8) + 3 + (int)actions[(r * 7) + 5]], "pick[0]");
            Assert.True(masks[(r * 8) + 5 + (int)actions[(r * 7) + 6]], "pick[1]");
        }

        Assert.Throws<ArgumentException>(() => head.Forward(latent, new bool[rows * 7]));
    }

    [Theory]
    [InlineData(ContinuousDistribution.Gaussian)]
    [InlineData(ContinuousDistribution.Beta)]
    [InlineData(ContinuousDistribution.Gsde)]
    public void BackwardMatchesFiniteDifferences(ContinuousDistribution continuous)
    {
        var rng = new Pcg64(10);
        var head = RandomHead(11, new ActionHeadOptions(continuous, StateDependentStd: true));
        var latent = HeadTestUtil.Latent(4, 4, rng);
        var masks = Masks(4, rng);
        head.ResetNoise(rng, 4);
        var actions = HeadTestUtil.SampleActions(head, latent, rng, masks);

        // gSDE detaches the latent in its variance, so only its parameter gradients equal the finite differences.
        bool checkLatent = continuous != ContinuousDistribution.Gsde;
        Assert.True(HeadTestUtil.CheckGradients(head, latent, masks, actions, rng, checkLatent: checkLatent) > 0.05);
    }

    [Fact]
    public void ResetNoiseReachesGsdeParts()
    {
        var head = RandomHead(12, new ActionHeadOptions(ContinuousDistribution.Gsde));
        head.Forward(HeadTestUtil.Latent(3, 4, new Pcg64(13)));
        var actions = new float[21];
        Assert.Throws<InvalidOperationException>(() => head.Sample(new Pcg64(14), actions));
        head.ResetNoise(new Pcg64(15), 3);
        head.Sample(new Pcg64(14), actions);
        Assert.Equal(3, ((GsdeHead)head.Parts[0].Head).NoiseRows);
    }

    [Fact]
    public void SteadyStateCallsAllocateNothing()
    {
        var head = RandomHead(16, new ActionHeadOptions(ContinuousDistribution.Gsde));
        var big = HeadTestUtil.Latent(16, 4, new Pcg64(17));
        var small = HeadTestUtil.Latent(8, 4, new Pcg64(18));
        var masks = Masks(16, new Pcg64(19));
        HeadTestUtil.AssertSteadyStateAllocatesNothing(head, new Pcg64(20), masks, true, big, small);
    }
}
