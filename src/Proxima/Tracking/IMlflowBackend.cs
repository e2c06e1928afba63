namespace Proxima.Tracking;

/// <summary>
/// The operations <see cref="MlflowTracker"/> needs from an MLflow backend: the local file store
/// (<see cref="MlflowFileStore"/>) or a tracking server (<see cref="MlflowRestClient"/>).
/// </summary>
public interface IMlflowBackend : IDisposable
{
    /// <summary>The id of the experiment named <paramref name="name"/>, creating it when it does not exist.</summary>
    string GetOrCreateExperiment(string name);

    /// <summary>Starts a run (status RUNNING) in an experiment.</summary>
    MlflowRun CreateRun(string experimentId, string runName, long startTimeMs, IReadOnlyDictionary<string, string> tags);

    /// <summary>Logs metrics, parameters and tags of a run in one call.</summary>
    void LogBatch(
        MlflowRun run,
        IReadOnlyList<MlflowMetric> metrics,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        IReadOnlyList<KeyValuePair<string, string>> tags);

    /// <summary>Sets the final status and end time of a run.</summary>
    void UpdateRun(MlflowRun run, MlflowRunStatus status, long endTimeMs);

    /// <summary>Stores a local file under the run's artifacts, in <paramref name="artifactDirectory"/> (null: the root).</summary>
    void LogArtifact(MlflowRun run, string localPath, string? artifactDirectory);

    /// <summary>Creates the registered model if needed and adds a version pointing at <paramref name="source"/>; returns the version number.</summary>
    int RegisterModelVersion(string modelName, string source, MlflowRun run);
}
