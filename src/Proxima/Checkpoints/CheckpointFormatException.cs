namespace Proxima.Checkpoints;

/// <summary>
/// A checkpoint or safetensors file is malformed, truncated, incomplete or does not match what the caller expects.
/// Every content problem found while loading is reported with this exception and a message naming the problem.
/// </summary>
public sealed class CheckpointFormatException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public CheckpointFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public CheckpointFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
