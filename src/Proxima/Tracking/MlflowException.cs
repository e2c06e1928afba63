namespace Proxima.Tracking;

/// <summary>An MLflow backend refused a request (an HTTP error from the server, or an invalid file-store operation).</summary>
public sealed class MlflowException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MlflowException(string message, int? statusCode = null, string? errorCode = null)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status code, when the error came from a server.</summary>
    public int? StatusCode { get; }

    /// <summary>MLflow's <c>error_code</c> (for example <c>RESOURCE_ALREADY_EXISTS</c>), when the server sent one.</summary>
    public string? ErrorCode { get; }
}
