using Proxima.Envs;
using Proxima.Random;

namespace Proxima.Tests.Envs;

/// <summary>Checks shared by the environment tests.</summary>
internal static class EnvTestUtil
{
    /// <summary>
    /// Steps <paramref name="a"/> and <paramref name="b"/> together <paramref name="steps"/> times with actions sampled
    /// from <paramref name="a"/>'s action space by <paramref name="rng"/>, asserting identical step results and
    /// observations; when an episode ends both reset without a seed (so their generator streams must continue alike).
    /// Returns the number of resets.
    /// </summary>
    public static int AssertLockstep(IEnv a, IEnv b, Pcg64 rng, float[] action, float[] obsA, float[] obsB, int steps)
    {
        int resets = 0;
        for (int t = 0; t < steps; t++)
        {
            a.ActionSpace.Sample(rng, action);
            var ra = a.Step(action, obsA);
            var rb = b.Step(action, obsB);
            Assert.Equal(ra, rb);
            Assert.Equal(obsA, obsB);
            if (ra.Done)
            {
                a.Reset(obsA);
                b.Reset(obsB);
                Assert.Equal(obsA, obsB);
                resets++;
            }
        }

        return resets;
    }
}
