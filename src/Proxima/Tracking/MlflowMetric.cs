namespace Proxima.Tracking;

/// <summary>One MLflow metric observation.</summary>
/// <param name="Key">Metric name (may contain '/').</param>
/// <param name="Value">The value.</param>
/// <param name="TimestampMs">Unix time in milliseconds when it was observed.</param>
/// <param name="Step">Training step.</param>
public readonly record struct MlflowMetric(string Key, double Value, long TimestampMs, long Step);
