namespace Proxima.Distributions;

/// <summary>
/// Per-dimension terms of a univariate Gaussian written in its log standard deviation, shared by the Gaussian
/// heads (<see cref="DiagGaussianHead"/>, <see cref="GsdeHead"/>), which differ only in how they obtain σ.
/// </summary>
internal static class GaussianMath
{
    /// <summary>½·log(2π).</summary>
    public static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>log N(a; μ, σ²) = −½z² − log σ − ½log 2π, given z² = ((a − μ)/σ)².</summary>
    public static double LogDensity(double z2, double logStd) => (-0.5 * z2) - logStd - HalfLog2Pi;

    /// <summary>Differential entropy ½ + ½log 2π + log σ.</summary>
    public static double Entropy(double logStd) => 0.5 + HalfLog2Pi + logStd;

    /// <summary>
    /// Gradient reaching log σ from <paramref name="gradLogProb"/> on the log-density (d/d log σ = z² − 1) and
    /// <paramref name="gradEntropy"/> on the entropy (d/d log σ = 1).
    /// </summary>
    public static double LogStdGradient(double gradLogProb, double gradEntropy, double z2) => (gradLogProb * (z2 - 1)) + gradEntropy;
}
