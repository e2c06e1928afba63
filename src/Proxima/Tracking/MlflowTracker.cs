namespace Proxima.Tracking;

/// <summary>
/// An MLflow run seen as an <see cref="IExperimentTracker"/>, over either backend. Create one with
/// <see cref="MlflowTracking.StartRun"/>. Each call is sent to the backend at once (one log-batch per call).
/// Disposing ends the run as FINISHED unless <see cref="End"/> was called first (for example with FAILED).
/// </summary>
public sealed class MlflowTracker : IExperimentTracker
{
    private readonly IMlflowBackend _backend;
    private readonly bool _ownsBackend;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private bool _ended;
    private bool _disposed;

    /// <summary>Wraps an already created run.</summary>
    /// <param name="backend">The backend the run lives in.</param>
    /// <param name="run">The run.</param>
    /// <param name="ownsBackend">Whether disposing this tracker disposes <paramref name="backend"/>.</param>
    /// <param name="time">Clock for metric timestamps and the end time; default the system clock.</param>
    public MlflowTracker(IMlflowBackend backend, MlflowRun run, bool ownsBackend = false, TimeProvider? time = null)
    {
        _backend = backend ?? throw new ArgumentNullException(nameof(backend));
        Run = run ?? throw new ArgumentNullException(nameof(run));
        _ownsBackend = ownsBackend;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The run being written.</summary>
    public MlflowRun Run { get; }

    /// <summary>The backend the run lives in.</summary>
    public IMlflowBackend Backend => _backend;

    /// <inheritdoc />
    public void LogParameters(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            ThrowIfEnded();
            _backend.LogBatch(Run, [], [.. parameters], []);
        }
    }

    /// <inheritdoc />
    public void LogMetrics(long step, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (metrics.Count == 0)
        {
            return;
        }

        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            ThrowIfEnded();
            _backend.LogBatch(Run, [.. metrics.Select(m => new MlflowMetric(m.Key, m.Value, now, step))], [], []);
        }
    }

    /// <inheritdoc />
    public void SetTag(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            ThrowIfEnded();
            _backend.LogBatch(Run, [], [], [new(key, value)]);
        }
    }

    /// <inheritdoc />
    public void LogArtifact(string path) => LogArtifact(path, null);

    /// <summary>Stores the file at <paramref name="path"/> under <paramref name="artifactDirectory"/> of the run's artifacts.</summary>
    public void LogArtifact(string path, string? artifactDirectory)
    {
        lock (_gate)
        {
            ThrowIfEnded();
            _backend.LogArtifact(Run, path, artifactDirectory);
        }
    }

    /// <summary>
    /// Registers the run's artifact folder <paramref name="artifactPath"/> as a new version of the registered model
    /// <paramref name="name"/> (created when missing); returns the version number. The version's source is
    /// <c>&lt;artifact_uri&gt;/&lt;artifactPath&gt;</c>.
    /// </summary>
    public int RegisterModel(string name, string artifactPath = "model")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(artifactPath);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            string source = Run.ArtifactUri.TrimEnd('/') + "/" + artifactPath.Trim('/');
            return _backend.RegisterModelVersion(name, source, Run);
        }
    }

    /// <summary>Ends the run with <paramref name="status"/> (FINISHED, FAILED or KILLED); later logging throws.</summary>
    public void End(MlflowRunStatus status = MlflowRunStatus.Finished)
    {
        lock (_gate)
        {
            ThrowIfEnded();
            _ended = true;
            _backend.UpdateRun(Run, status, _time.GetUtcNow().ToUnixTimeMilliseconds());
        }
    }

    /// <summary>Ends the run as FINISHED if it is still running, then releases an owned backend.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                if (!_ended)
                {
                    _ended = true;
                    _backend.UpdateRun(Run, MlflowRunStatus.Finished, _time.GetUtcNow().ToUnixTimeMilliseconds());
                }
            }
            finally
            {
                if (_ownsBackend)
                {
                    _backend.Dispose();
                }
            }
        }
    }

    private void ThrowIfEnded()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ended)
        {
            throw new InvalidOperationException($"MLflow run {Run.RunId} has ended.");
        }
    }
}
