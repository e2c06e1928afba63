namespace Proxima.Envs.Vector;

/// <summary>
/// An environment inside a vector environment threw. <see cref="EnvIndex"/> names the environment (row),
/// <see cref="Step"/> the vector step it failed on, and <see cref="Exception.InnerException"/> holds the original error.
/// </summary>
public sealed class VectorEnvException : Exception
{
    /// <summary>Creates the exception for environment <paramref name="envIndex"/> failing at vector step <paramref name="step"/>.</summary>
    public VectorEnvException(string message, int envIndex, long step, Exception? innerException)
        : base(message, innerException)
    {
        EnvIndex = envIndex;
        Step = step;
    }

    /// <summary>Index (row) of the environment that threw.</summary>
    public int EnvIndex { get; }

    /// <summary>
    /// Number of <see cref="IVectorEnv.Step"/> calls made on the vector environment since it was created, counting the one
    /// that failed (0 when the failure happened in the first <see cref="IVectorEnv.Reset"/>; a later reset reports the
    /// number of steps made before it).
    /// </summary>
    public long Step { get; }

    /// <summary>Builds the exception with a message naming the environment, the step and the original error.</summary>
    internal static VectorEnvException Wrap(Exception error, int envIndex, int numEnvs, long step, bool duringReset)
    {
        string where = duringReset ? $"while resetting (after {step} vector step(s))" : $"at vector step {step}";
        string message =
            $"Environment {envIndex} of {numEnvs} threw {error.GetType().Name} {where}: {error.Message} " +
            "Reset the vector environment before stepping it again.";
        return new VectorEnvException(message, envIndex, step, error);
    }
}
