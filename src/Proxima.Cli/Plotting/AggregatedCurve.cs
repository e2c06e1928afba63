namespace Proxima.Cli.Plotting;

/// <summary>Several runs' curves resampled onto one x grid: mean and standard deviation at each grid point.</summary>
/// <param name="X">The common grid (ascending).</param>
/// <param name="Mean">Mean over runs at each grid point.</param>
/// <param name="Std">Sample standard deviation (n − 1 denominator) over runs; 0 for a single run.</param>
/// <param name="RunCount">How many runs were aggregated.</param>
public sealed record AggregatedCurve(double[] X, double[] Mean, double[] Std, int RunCount);
