namespace Proxima.Tracking;

/// <summary>
/// Writes scalar metrics as a TensorBoard event file <c>events.out.tfevents.&lt;unix seconds&gt;.&lt;host&gt;</c> in a run
/// directory. The file is a sequence of TFRecords, each holding a serialized <c>tensorflow.Event</c> protobuf: first
/// a header event carrying <c>file_version = "brain.Event:2"</c>, then one event per logged step with a
/// <c>Summary</c> of <c>simple_value</c> scalars. Records are flushed to disk every <see cref="FlushInterval"/> (checked
/// when something is logged) and on <see cref="Flush"/> and <see cref="Dispose"/>.
/// Parameters, tags and artifacts have no scalar representation and are ignored.
/// </summary>
public sealed class TensorBoardWriter : IExperimentTracker
{
    /// <summary>The <c>file_version</c> of the header event, as TensorFlow writes it.</summary>
    public const string FileVersion = "brain.Event:2";

    private const int EventWallTime = 1;
    private const int EventStep = 2;
    private const int EventFileVersion = 3;
    private const int EventSummary = 5;
    private const int SummaryValue = 1;
    private const int ValueTag = 1;
    private const int ValueSimpleValue = 2;

    private readonly TfRecordWriter _records;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private long _lastFlush;
    private bool _disposed;

    /// <summary>Creates the run directory if needed and starts a new event file in it.</summary>
    /// <param name="logDir">The run directory (what <c>tensorboard --logdir</c> points at, or a child of it).</param>
    /// <param name="flushInterval">How often buffered records reach the disk; default 10 seconds.</param>
    /// <param name="time">Clock for wall times and flushing; default the system clock.</param>
    public TensorBoardWriter(string logDir, TimeSpan? flushInterval = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(logDir);
        _time = time ?? TimeProvider.System;
        FlushInterval = flushInterval ?? TimeSpan.FromSeconds(10);
        Directory.CreateDirectory(logDir);
        var now = _time.GetUtcNow();
        string host = SanitizeHost(Environment.MachineName);
        string path = Path.Combine(logDir, $"events.out.tfevents.{now.ToUnixTimeSeconds()}.{host}");
        for (int i = 1; File.Exists(path); i++)
        {
            path = Path.Combine(logDir, $"events.out.tfevents.{now.ToUnixTimeSeconds()}.{host}.{i}");
        }

        FilePath = path;
        _records = new TfRecordWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024));
        var header = new ProtobufWriter();
        header.WriteDouble(EventWallTime, WallTime());
        header.WriteInt64(EventStep, 0);
        header.WriteString(EventFileVersion, FileVersion);
        _records.Write(header.ToArray());
        _records.Flush();
        _lastFlush = _time.GetTimestamp();
    }

    /// <summary>Path of the event file being written.</summary>
    public string FilePath { get; }

    /// <summary>Longest time a logged value stays in memory before it is flushed.</summary>
    public TimeSpan FlushInterval { get; }

    /// <summary>Writes one scalar (stored as a 32-bit float, as TensorBoard's <c>simple_value</c> is).</summary>
    public void AddScalar(string tag, double value, long step) =>
        LogMetrics(step, new Dictionary<string, double> { [tag] = value });

    /// <summary>Writes one event at <paramref name="step"/> holding every metric as a scalar summary value.</summary>
    public void LogMetrics(long step, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (metrics.Count == 0)
        {
            return;
        }

        var summary = new ProtobufWriter();
        foreach (var (tag, value) in metrics)
        {
            ArgumentException.ThrowIfNullOrEmpty(tag, nameof(metrics));
            var v = new ProtobufWriter();
            v.WriteString(ValueTag, tag);
            v.WriteFloat(ValueSimpleValue, (float)value);
            summary.WriteBytes(SummaryValue, v.ToArray());
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var ev = new ProtobufWriter();
            ev.WriteDouble(EventWallTime, WallTime());
            ev.WriteInt64(EventStep, step);
            ev.WriteBytes(EventSummary, summary.ToArray());
            _records.Write(ev.ToArray());
            if (_time.GetElapsedTime(_lastFlush) >= FlushInterval)
            {
                FlushLocked();
            }
        }
    }

    /// <summary>Pushes everything logged so far to the file.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            FlushLocked();
        }
    }

    /// <summary>Ignored: TensorBoard scalars have no place for parameters.</summary>
    public void LogParameters(IReadOnlyDictionary<string, string> parameters)
    {
    }

    /// <summary>Ignored: TensorBoard scalars have no place for tags.</summary>
    public void SetTag(string key, string value)
    {
    }

    /// <summary>Ignored: TensorBoard scalars have no place for artifacts.</summary>
    public void LogArtifact(string path)
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _records.Flush();
            _records.Dispose();
        }
    }

    private void FlushLocked()
    {
        _records.Flush();
        _lastFlush = _time.GetTimestamp();
    }

    private double WallTime() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds;

    private static string SanitizeHost(string host)
    {
        var chars = host.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        return chars.Length == 0 ? "localhost" : new string(chars);
    }
}
