namespace Proxima.Nn;

/// <summary>Factory for activation modules by <see cref="Activation"/> value.</summary>
public static class Activations
{
    /// <summary>Creates the module computing <paramref name="activation"/> over rows of <paramref name="size"/> features.</summary>
    public static Module Create(Activation activation, int size) => activation switch
    {
        Activation.Tanh => new Tanh(size),
        Activation.ReLU => new ReLU(size),
        Activation.Elu => new Elu(size),
        Activation.Silu => new Silu(size),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };
}
