using System.Diagnostics;

namespace Proxima.Benchmarks;

/// <summary>A named group of measurements runnable from the command line.</summary>
public interface IBenchmarkSuite
{
    string Name { get; }

    int Run(string[] args);
}

/// <summary>Timing helpers: warm up, then report the median of repeated timed batches.</summary>
public static class Harness
{
    /// <summary>
    /// Runs <paramref name="body"/> <paramref name="innerIterations"/> times per sample, for <paramref name="samples"/>
    /// samples after a warm-up, and returns the median seconds per single call.
    /// </summary>
    public static double MedianSeconds(Action body, int innerIterations, int samples = 15, int warmup = 3)
    {
        for (int i = 0; i < warmup; i++)
        {
            for (int j = 0; j < innerIterations; j++)
            {
                body();
            }
        }

        var times = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int j = 0; j < innerIterations; j++)
            {
                body();
            }

            times[s] = Stopwatch.GetElapsedTime(start).TotalSeconds / innerIterations;
        }

        Array.Sort(times);
        return times[samples / 2];
    }

    /// <summary>Formats seconds as µs with three significant digits.</summary>
    public static string Micros(double seconds) => (seconds * 1e6).ToString("G3", System.Globalization.CultureInfo.InvariantCulture) + " µs";
}
