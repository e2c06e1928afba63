namespace Proxima.Tracking;

/// <summary>MLflow run status; the numeric values are MLflow's <c>RunStatus</c> enum, as its file store persists them.</summary>
public enum MlflowRunStatus
{
    /// <summary>The run is in progress.</summary>
    Running = 1,

    /// <summary>The run is scheduled but not started.</summary>
    Scheduled = 2,

    /// <summary>The run completed.</summary>
    Finished = 3,

    /// <summary>The run failed.</summary>
    Failed = 4,

    /// <summary>The run was stopped.</summary>
    Killed = 5,
}
