using Proxima.Random;

namespace Proxima.Distributions;

/// <summary>Gamma and Beta variates by Marsaglia and Tsang's squeeze method (shape ≥ 1, which the Beta head guarantees).</summary>
internal static class GammaSampler
{
    /// <summary>A Gamma(<paramref name="shape"/>, 1) variate; <paramref name="shape"/> must be at least 1.</summary>
    public static double Gamma(Pcg64 rng, double shape)
    {
        double d = shape - (1.0 / 3.0);
        double c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = rng.NextGaussian();
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            double u = rng.NextDouble();
            double x2 = x * x;
            if (u < 1 - (0.0331 * x2 * x2) || Math.Log(u) < (0.5 * x2) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>A Beta(<paramref name="alpha"/>, <paramref name="beta"/>) variate as G_a / (G_a + G_b).</summary>
    public static double Beta(Pcg64 rng, double alpha, double beta)
    {
        double ga = Gamma(rng, alpha);
        double gb = Gamma(rng, beta);
        return ga / (ga + gb);
    }
}
