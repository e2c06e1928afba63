namespace Proxima.Nn;

/// <summary>Element-wise non-linearities available to <see cref="Mlp"/> and <see cref="Activations.Create"/>.</summary>
public enum Activation
{
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,

    /// <summary>Rectified linear unit, max(x, 0).</summary>
    ReLU,

    /// <summary>Exponential linear unit with alpha = 1.</summary>
    Elu,

    /// <summary>Sigmoid-weighted linear unit x·σ(x) (a.k.a. swish).</summary>
    Silu,
}
