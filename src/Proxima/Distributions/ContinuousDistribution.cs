namespace Proxima.Distributions;

/// <summary>The distribution used for continuous (Box) actions.</summary>
public enum ContinuousDistribution
{
    /// <summary>Diagonal Gaussian with a learned (state-independent or state-dependent) log standard deviation.</summary>
    Gaussian,

    /// <summary>Generalized state-dependent exploration (Raffin et al.), noise held fixed between noise resets.</summary>
    Gsde,

    /// <summary>Beta distribution per dimension, mapped affinely onto the (bounded) Box.</summary>
    Beta,
}
