namespace Proxima.Distributions;

/// <summary>
/// Double-precision special functions the distributions need: log Γ, digamma ψ and trigamma ψ′ for positive arguments
/// (recurrence up to x ≥ 10, then the asymptotic Stirling-type series, accurate to about 1e-14), plus numerically
/// stable logistic helpers.
/// </summary>
public static class SpecialFunctions
{
    private const double Shift = 10.0;
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>ln Γ(x) for x &gt; 0 (NaN otherwise).</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0))
        {
            return double.NaN;
        }

        if (double.IsPositiveInfinity(x))
        {
            return x;
        }

        // Γ(x) = Γ(x + n) / (x (x + 1) … (x + n − 1)); accumulate the product and take one log.
        double product = 1;
        while (x < Shift)
        {
            product *= x;
            x += 1;
        }

        double inv = 1 / x, inv2 = inv * inv;
        double series = inv * ((1.0 / 12) - (inv2 * ((1.0 / 360) - (inv2 * ((1.0 / 1260) - (inv2 * ((1.0 / 1680) - (inv2 / 1188))))))));
        return ((x - 0.5) * Math.Log(x)) - x + HalfLog2Pi + series - Math.Log(product);
    }

    /// <summary>ψ(x) = d ln Γ(x)/dx for x &gt; 0 (NaN otherwise).</summary>
    public static double Digamma(double x)
    {
        if (!(x > 0))
        {
            return double.NaN;
        }

        double result = 0;
        while (x < Shift)
        {
            result -= 1 / x;
            x += 1;
        }

        // ψ(x) ~ ln x − 1/(2x) − Σ B_2k / (2k x^2k).
        double inv2 = 1 / (x * x);
        double series = inv2 * ((1.0 / 12) - (inv2 * ((1.0 / 120) - (inv2 * ((1.0 / 252) - (inv2 * ((1.0 / 240) - (inv2 / 132))))))));
        return result + Math.Log(x) - (0.5 / x) - series;
    }

    /// <summary>ψ′(x) = d²ln Γ(x)/dx² for x &gt; 0 (NaN otherwise).</summary>
    public static double Trigamma(double x)
    {
        if (!(x > 0))
        {
            return double.NaN;
        }

        double result = 0;
        while (x < Shift)
        {
            result += 1 / (x * x);
            x += 1;
        }

        // ψ′(x) ~ 1/x + 1/(2x²) + Σ B_2k / x^(2k+1).
        double inv = 1 / x, inv2 = inv * inv;
        double series = inv * inv2 * ((1.0 / 6) - (inv2 * ((1.0 / 30) - (inv2 * ((1.0 / 42) - (inv2 * ((1.0 / 30) - (inv2 * 5.0 / 66))))))));
        return result + inv + (0.5 * inv2) + series;
    }

    /// <summary>ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b).</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>Logistic function 1 / (1 + e^−x), without overflow.</summary>
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>ln(1 + eˣ), without overflow or loss of precision for large |x|.</summary>
    public static double Softplus(double x) => x > 0 ? x + Log1P(Math.Exp(-x)) : Log1P(Math.Exp(x));

    /// <summary>ln(1 + y), accurate for tiny y (ln u · y / (u − 1) with u = 1 + y cancels the rounding of u).</summary>
    public static double Log1P(double y)
    {
        double u = 1 + y;
        return u == 1 ? y : Math.Log(u) * y / (u - 1);
    }
}
