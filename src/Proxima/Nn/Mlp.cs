namespace Proxima.Nn;

/// <summary>Builds multilayer perceptrons as <see cref="Sequential"/> stacks with PyTorch-style positional names.</summary>
public static class Mlp
{
    /// <summary>
    /// Creates <c>Linear → [LayerNorm] → activation</c> for each hidden size, then an optional final
    /// <see cref="Linear"/> to <paramref name="outputSize"/> without activation. Children are named "0", "1", ...,
    /// so parameters are e.g. <c>0.weight</c>, <c>2.bias</c>. Linear weights start at zero: apply an
    /// <see cref="Init"/> method before training.
    /// </summary>
    public static Sequential Create(int inputSize, IReadOnlyList<int> hiddenSizes, Activation activation, int? outputSize = null, bool layerNorm = false)
    {
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        if (hiddenSizes.Count == 0 && outputSize is null)
        {
            throw new ArgumentException("An MLP needs at least one hidden layer or an output size.", nameof(hiddenSizes));
        }

        var layers = new List<Module>();
        int previous = inputSize;
        foreach (int size in hiddenSizes)
        {
            layers.Add(new Linear(previous, size));
            if (layerNorm)
            {
                layers.Add(new LayerNorm(size));
            }

            layers.Add(Activations.Create(activation, size));
            previous = size;
        }

        if (outputSize is int output)
        {
            layers.Add(new Linear(previous, output));
        }

        return new Sequential([.. layers]);
    }
}
