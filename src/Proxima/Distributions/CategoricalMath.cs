namespace Proxima.Distributions;

/// <summary>
/// Per-row categorical distribution arithmetic on log-probabilities, shared by the categorical heads.
/// Masked-out choices carry a log-probability of −∞ and a probability of exactly zero.
/// </summary>
internal static class CategoricalMath
{
    /// <summary>
    /// Writes log-softmax(<paramref name="logits"/>) over the allowed choices into <paramref name="logProbs"/>
    /// (−∞ where <paramref name="mask"/> is false). An empty mask allows everything. Returns false when nothing is allowed.
    /// </summary>
    public static bool LogSoftmax(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, Span<float> logProbs)
    {
        bool masked = !mask.IsEmpty;
        bool anyAllowed = false;
        double max = double.NegativeInfinity;
        for (int i = 0; i < logits.Length; i++)
        {
            if (!masked || mask[i])
            {
                anyAllowed = true;
                if (logits[i] > max)
                {
                    max = logits[i];
                }
            }
        }

        if (!anyAllowed)
        {
            return false;
        }

        if (!double.IsFinite(max))
        {
            // Non-finite logits (a diverged network) propagate as NaN rather than masquerading as a distribution.
            logProbs.Fill(float.NaN);
            return true;
        }

        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            if (!masked || mask[i])
            {
                sum += Math.Exp(logits[i] - max);
            }
        }

        double logZ = max + Math.Log(sum);
        for (int i = 0; i < logits.Length; i++)
        {
            logProbs[i] = !masked || mask[i] ? (float)(logits[i] - logZ) : float.NegativeInfinity;
        }

        return true;
    }

    /// <summary>Inverse-CDF sample for a uniform draw <paramref name="u"/> in [0, 1); never returns a zero-probability choice.</summary>
    public static int Sample(ReadOnlySpan<float> logProbs, double u)
    {
        double cumulative = 0;
        int lastAllowed = -1;
        for (int i = 0; i < logProbs.Length; i++)
        {
            if (float.IsNegativeInfinity(logProbs[i]))
            {
                continue;
            }

            double p = Math.Exp(logProbs[i]);
            if (p <= 0)
            {
                continue;
            }

            lastAllowed = i;
            cumulative += p;
            if (u < cumulative)
            {
                return i;
            }
        }

        // Rounding can leave the cumulative sum just below 1; the last possible choice then takes the remainder.
        return lastAllowed;
    }

    /// <summary>Index of the largest log-probability (the first one on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> logProbs)
    {
        int best = 0;
        for (int i = 1; i < logProbs.Length; i++)
        {
            if (logProbs[i] > logProbs[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Entropy −Σ p log p over the allowed choices.</summary>
    public static double Entropy(ReadOnlySpan<float> logProbs)
    {
        double h = 0;
        foreach (float lp in logProbs)
        {
            if (!float.IsNegativeInfinity(lp))
            {
                h -= Math.Exp(lp) * lp;
            }
        }

        return h;
    }

    /// <summary>
    /// Writes dLoss/dlogits for loss contributions <paramref name="gradLogProb"/>·log p(index) + <paramref name="gradEntropy"/>·H:
    /// d log p_a/dz_k = 1[k=a] − p_k and dH/dz_k = −p_k (log p_k + H). Masked logits get zero gradient.
    /// </summary>
    public static void Gradient(ReadOnlySpan<float> logProbs, int index, float gradLogProb, float gradEntropy, Span<float> gradLogits)
    {
        double h = gradEntropy != 0f ? Entropy(logProbs) : 0;
        for (int k = 0; k < logProbs.Length; k++)
        {
            float lp = logProbs[k];
            if (float.IsNegativeInfinity(lp))
            {
                gradLogits[k] = 0f;
                continue;
            }

            double p = Math.Exp(lp);
            double g = gradLogProb * ((k == index ? 1.0 : 0.0) - p);
            g -= gradEntropy * p * (lp + h);
            gradLogits[k] = (float)g;
        }
    }
}
