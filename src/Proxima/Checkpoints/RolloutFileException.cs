namespace Proxima.Checkpoints;

/// <summary>A saved rollout batch is corrupt, truncated, oversized or of an unknown format or version.</summary>
public sealed class RolloutFileException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public RolloutFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public RolloutFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
