namespace Proxima.Training;

/// <summary>Coefficients of the PPO objective for one minibatch.</summary>
/// <param name="ClipRange">ε of the clipped surrogate.</param>
/// <param name="ClipRangeVf">When set, the value prediction is clipped to ±this around the collecting policy's value (SB3 semantics).</param>
/// <param name="EntCoef">Weight of the entropy bonus.</param>
/// <param name="VfCoef">Weight of the value loss.</param>
/// <param name="KlCoef">Weight of the KL penalty (adaptive-KL variant); 0 disables it.</param>
public readonly record struct PpoLossCoefficients(float ClipRange, float? ClipRangeVf, float EntCoef, float VfCoef, float KlCoef = 0f);

/// <summary>Scalar losses and diagnostics of one minibatch.</summary>
public readonly record struct PpoLossResult(
    double PolicyLoss,
    double ValueLoss,
    double EntropyLoss,
    double KlPenalty,
    double TotalLoss,
    double ApproxKl,
    double ClipFraction);

/// <summary>
/// The PPO objective for one minibatch, with its gradient with respect to each sample's log-probability, entropy
/// and value prediction (the network then backpropagates those). Conventions follow Stable-Baselines3, whose
/// hyperparameters Proxima's configs reuse:
/// <list type="bullet">
/// <item>policy loss = −mean(min(r·A, clip(r, 1−ε, 1+ε)·A)), r = exp(logπ − logπ_old);</item>
/// <item>value loss = mean((R − V)²) (no ½), with V optionally clipped to V_old ± ε_vf;</item>
/// <item>entropy loss = −mean(H);</item>
/// <item>KL penalty = mean((r − 1) − log r), the low-variance estimator of KL(π_old ‖ π);</item>
/// <item>total = policy + ent_coef·entropy loss + vf_coef·value loss + kl_coef·KL penalty.</item>
/// </list>
/// approx_kl is the same (r − 1) − log r estimator; clip fraction counts samples with |r − 1| > ε.
/// </summary>
public static class PpoLoss
{
    /// <summary>
    /// Normalizes advantages in place to zero mean and unit (Bessel-corrected) standard deviation, as SB3 and CleanRL do
    /// per minibatch. A single sample is left unchanged (its deviation is undefined).
    /// </summary>
    public static void NormalizeAdvantages(Span<float> advantages)
    {
        int n = advantages.Length;
        if (n < 2)
        {
            return;
        }

        double mean = 0;
        foreach (float a in advantages)
        {
            mean += a;
        }

        mean /= n;
        double sq = 0;
        foreach (float a in advantages)
        {
            double d = a - mean;
            sq += d * d;
        }

        double std = Math.Sqrt(sq / (n - 1));
        float scale = (float)(1.0 / (std + 1e-8));
        float shift = (float)mean;
        for (int i = 0; i < n; i++)
        {
            advantages[i] = (advantages[i] - shift) * scale;
        }
    }

    /// <summary>
    /// Evaluates the loss and writes dTotal/dlogπ, dTotal/dH and dTotal/dV per sample.
    /// </summary>
    public static PpoLossResult Compute(
        ReadOnlySpan<float> logProbs,
        ReadOnlySpan<float> oldLogProbs,
        ReadOnlySpan<float> advantages,
        ReadOnlySpan<float> entropies,
        ReadOnlySpan<float> values,
        ReadOnlySpan<float> oldValues,
        ReadOnlySpan<float> returns,
        PpoLossCoefficients c,
        Span<float> gradLogProbs,
        Span<float> gradEntropies,
        Span<float> gradValues)
    {
        int n = logProbs.Length;
        if (oldLogProbs.Length != n || advantages.Length != n || entropies.Length != n || values.Length != n
            || oldValues.Length != n || returns.Length != n || gradLogProbs.Length != n || gradEntropies.Length != n || gradValues.Length != n)
        {
            throw new ArgumentException($"All PPO loss inputs must have the minibatch size {n}.");
        }

        if (n == 0)
        {
            throw new ArgumentException("The minibatch is empty.");
        }

        float inv = 1f / n;
        float lowRatio = 1f - c.ClipRange;
        float highRatio = 1f + c.ClipRange;
        double policySum = 0, valueSum = 0, entropySum = 0, klSum = 0;
        int clipped = 0;
        for (int i = 0; i < n; i++)
        {
            float logRatio = logProbs[i] - oldLogProbs[i];
            float ratio = MathF.Exp(logRatio);
            float a = advantages[i];
            float unclippedObjective = ratio * a;
            float clippedRatio = Math.Clamp(ratio, lowRatio, highRatio);
            float clippedObjective = clippedRatio * a;

            // The minimum picks which branch carries the gradient; the clipped branch is flat outside [1−ε, 1+ε].
            float dObjectiveDRatio;
            if (unclippedObjective <= clippedObjective)
            {
                policySum -= unclippedObjective;
                dObjectiveDRatio = a;
            }
            else
            {
                policySum -= clippedObjective;
                dObjectiveDRatio = ratio > lowRatio && ratio < highRatio ? a : 0f;
            }

            if (MathF.Abs(ratio - 1f) > c.ClipRange)
            {
                clipped++;
            }

            float kl = (ratio - 1f) - logRatio;
            klSum += kl;

            // d ratio / d logπ = ratio; d kl / d logπ = ratio − 1.
            gradLogProbs[i] = inv * ((-dObjectiveDRatio * ratio) + (c.KlCoef * (ratio - 1f)));

            entropySum += entropies[i];
            gradEntropies[i] = -c.EntCoef * inv;

            float prediction = values[i];
            float dPredictionDValue = 1f;
            if (c.ClipRangeVf is float vfClip)
            {
                float delta = values[i] - oldValues[i];
                if (delta > vfClip || delta < -vfClip)
                {
                    prediction = oldValues[i] + Math.Clamp(delta, -vfClip, vfClip);
                    dPredictionDValue = 0f;
                }
            }

            float error = returns[i] - prediction;
            valueSum += error * error;
            gradValues[i] = c.VfCoef * inv * -2f * error * dPredictionDValue;
        }

        double policyLoss = policySum / n;
        double valueLoss = valueSum / n;
        double entropyLoss = -entropySum / n;
        double klPenalty = klSum / n;
        double total = policyLoss + (c.EntCoef * entropyLoss) + (c.VfCoef * valueLoss) + (c.KlCoef * klPenalty);
        return new PpoLossResult(policyLoss, valueLoss, entropyLoss, klPenalty, total, klPenalty, (double)clipped / n);
    }

    /// <summary>
    /// Fraction of the return variance the value function explains: 1 − Var(R − V)/Var(R).
    /// NaN when the returns have zero variance (as SB3 reports it).
    /// </summary>
    public static double ExplainedVariance(ReadOnlySpan<float> values, ReadOnlySpan<float> returns)
    {
        int n = returns.Length;
        if (values.Length != n)
        {
            throw new ArgumentException("values and returns must have the same length.");
        }

        double meanR = 0, meanD = 0;
        for (int i = 0; i < n; i++)
        {
            meanR += returns[i];
            meanD += returns[i] - values[i];
        }

        meanR /= n;
        meanD /= n;
        double varR = 0, varD = 0;
        for (int i = 0; i < n; i++)
        {
            double r = returns[i] - meanR;
            double d = returns[i] - values[i] - meanD;
            varR += r * r;
            varD += d * d;
        }

        return varR == 0 ? double.NaN : 1.0 - (varD / varR);
    }
}
