namespace Proxima.Training;

/// <summary>
/// Training met a NaN or infinity and stopped before it could reach the weights. Says where it first appeared:
/// which quantity, which environment (when it came from one) and at which timestep and update.
/// </summary>
public sealed class NonFiniteValueException : Exception
{
    /// <summary>Creates the report.</summary>
    public NonFiniteValueException(string quantity, int? envIndex, long timestep, int update, float value)
        : base($"Non-finite {quantity} ({value}){(envIndex is int e ? $" from environment {e}" : "")} at timestep {timestep}, update {update}. "
            + "Training stopped before applying it; the weights and the last saved checkpoint are untouched. "
            + "Check the environment's outputs, or lower the learning rate / enable normalization.")
    {
        Quantity = quantity;
        EnvIndex = envIndex;
        Timestep = timestep;
        Update = update;
    }

    /// <summary>What was not finite: <c>observation</c>, <c>reward</c>, <c>loss</c>, <c>gradient</c>, ...</summary>
    public string Quantity { get; }

    /// <summary>The environment row it came from, if any.</summary>
    public int? EnvIndex { get; }

    /// <summary>Environment steps taken when it was found.</summary>
    public long Timestep { get; }

    /// <summary>Updates completed when it was found.</summary>
    public int Update { get; }
}
