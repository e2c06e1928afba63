using Proxima.Nn;
using Proxima.Random;

namespace Proxima.Tests.Optim;

/// <summary>Small builders shared by the optimizer tests.</summary>
internal static class OptimTestUtil
{
    /// <summary>A parameter set of one vector parameter named "w" holding <paramref name="values"/>.</summary>
    public static ParameterSet Vector(params float[] values)
    {
        var p = new Parameter("w", values.Length);
        values.CopyTo(p.Value);
        return new ParameterSet([("w", p)]);
    }

    /// <summary>A small actor-like MLP bound under the prefix "actor", weights drawn from <paramref name="rng"/>.</summary>
    public static ParameterSet Mlp(Pcg64 rng)
    {
        var net = new Sequential(new Linear(5, 7), new Tanh(7), new Linear(7, 3));
        var set = new ParameterSet(("actor", net));
        Fill(set.Values, rng, 0.5);
        return set;
    }

    /// <summary>Fills <paramref name="x"/> with Gaussian values of the given scale.</summary>
    public static void Fill(Span<float> x, Pcg64 rng, double scale)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(scale * rng.NextGaussian());
        }
    }
}
