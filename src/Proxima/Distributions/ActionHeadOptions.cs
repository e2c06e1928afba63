namespace Proxima.Distributions;

/// <summary>Choices that shape the action head built by <see cref="ActionHeads.Create"/>.</summary>
/// <param name="Continuous">Distribution used for Box actions.</param>
/// <param name="LogStdInit">Initial log standard deviation (Gaussian and gSDE).</param>
/// <param name="StateDependentStd">Gaussian only: predict the log standard deviation from the latent with a second linear layer.</param>
/// <param name="FullStd">gSDE only: one log standard deviation per (latent feature, action dimension) instead of per latent feature.</param>
/// <param name="UseExpln">gSDE only: map log-std through expln (exp below 0, log1p above) instead of exp, keeping it from growing too fast.</param>
public sealed record ActionHeadOptions(
    ContinuousDistribution Continuous = ContinuousDistribution.Gaussian,
    float LogStdInit = 0f,
    bool StateDependentStd = false,
    bool FullStd = true,
    bool UseExpln = false);
