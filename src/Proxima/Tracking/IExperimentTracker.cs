namespace Proxima.Tracking;

/// <summary>
/// Receives what a training run reports: hyperparameters, scalar metrics per step, tags and files.
/// Implementations write to one destination (CSV, TensorBoard, MLflow); <see cref="CompositeTracker"/>
/// fans out to several. Disposing ends the run and flushes everything written so far.
/// </summary>
public interface IExperimentTracker : IDisposable
{
    /// <summary>Records run hyperparameters (string values, as MLflow stores them).</summary>
    void LogParameters(IReadOnlyDictionary<string, string> parameters);

    /// <summary>Records scalar metrics observed at <paramref name="step"/>.</summary>
    void LogMetrics(long step, IReadOnlyDictionary<string, double> metrics);

    /// <summary>Sets (or replaces) a string tag on the run.</summary>
    void SetTag(string key, string value);

    /// <summary>Attaches the file at <paramref name="path"/> to the run (copied or uploaded).</summary>
    void LogArtifact(string path);
}
