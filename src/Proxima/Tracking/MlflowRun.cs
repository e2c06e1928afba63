namespace Proxima.Tracking;

/// <summary>Identity of an MLflow run: its id, experiment and root artifact URI.</summary>
/// <param name="RunId">The 32-hex-digit run id.</param>
/// <param name="ExperimentId">The id of the experiment the run belongs to.</param>
/// <param name="ArtifactUri">Where the run's artifacts live (<c>file://…/artifacts</c> or <c>mlflow-artifacts:/…</c>).</param>
public sealed record MlflowRun(string RunId, string ExperimentId, string ArtifactUri);
