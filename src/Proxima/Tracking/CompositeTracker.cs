namespace Proxima.Tracking;

/// <summary>
/// Forwards every call to each of several trackers, in order. Disposing disposes all of them, even when one throws;
/// the first exception is rethrown after the others were disposed.
/// </summary>
public sealed class CompositeTracker : IExperimentTracker
{
    private readonly IExperimentTracker[] _trackers;
    private bool _disposed;

    /// <summary>Creates a tracker forwarding to <paramref name="trackers"/> (which it then owns).</summary>
    public CompositeTracker(params IExperimentTracker[] trackers)
    {
        ArgumentNullException.ThrowIfNull(trackers);
        foreach (var t in trackers)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(trackers));
        }

        _trackers = (IExperimentTracker[])trackers.Clone();
    }

    /// <summary>The trackers calls are forwarded to.</summary>
    public IReadOnlyList<IExperimentTracker> Trackers => _trackers;

    /// <inheritdoc />
    public void LogParameters(IReadOnlyDictionary<string, string> parameters)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var t in _trackers)
        {
            t.LogParameters(parameters);
        }
    }

    /// <inheritdoc />
    public void LogMetrics(long step, IReadOnlyDictionary<string, double> metrics)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var t in _trackers)
        {
            t.LogMetrics(step, metrics);
        }
    }

    /// <inheritdoc />
    public void SetTag(string key, string value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var t in _trackers)
        {
            t.SetTag(key, value);
        }
    }

    /// <inheritdoc />
    public void LogArtifact(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var t in _trackers)
        {
            t.LogArtifact(path);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Exception? first = null;
        foreach (var t in _trackers)
        {
            try
            {
                t.Dispose();
            }
            catch (Exception e)
            {
                first ??= e;
            }
        }

        if (first is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }
}
