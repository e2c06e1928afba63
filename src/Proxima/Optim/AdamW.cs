using Proxima.Nn;

namespace Proxima.Optim;

/// <summary>
/// Adam with decoupled weight decay (PyTorch's AdamW): <c>p *= 1 − lr·wd</c> before the Adam update, so the decay
/// is not rescaled by the second-moment estimate. Default decay 0.01, as in PyTorch.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates an AdamW optimizer.</summary>
    public AdamW(
        ParameterSet parameters,
        double learningRate = 3e-4,
        double weightDecay = 0.01,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double epsilon = 1e-8)
        : base(parameters, new AdamOptions(learningRate, beta1, beta2, epsilon, weightDecay, Decoupled: true))
    {
    }
}
