using ScottPlot;

namespace Proxima.Cli.Plotting;

/// <summary>Learning-curve PNGs with ScottPlot: raw curves, and the mean ± standard deviation of several seeds.</summary>
public static class LearningCurvePlot
{
    /// <summary>Default image width in pixels.</summary>
    public const int Width = 900;

    /// <summary>Default image height in pixels.</summary>
    public const int Height = 540;

    /// <summary>Draws each curve as a labelled line and saves the plot as a PNG.</summary>
    public static void Save(
        IReadOnlyList<(string label, double[] x, double[] y)> curves,
        string pngPath,
        string title,
        string xLabel,
        string yLabel)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var plot = NewPlot(title, xLabel, yLabel);
        for (int i = 0; i < curves.Count; i++)
        {
            var (label, x, y) = curves[i];
            CheckSeries(x, y, label);
            var line = plot.Add.ScatterLine(x, y, plot.Add.Palette.GetColor(i));
            line.LegendText = label;
            line.LineWidth = 2;
        }

        SavePng(plot, pngPath, curves.Count > 1 || curves.Any(c => c.label.Length > 0));
    }

    /// <summary>Draws each aggregate as its mean line over a translucent mean ± std band and saves a PNG.</summary>
    public static void SaveAggregate(
        IReadOnlyList<(string label, AggregatedCurve curve)> curves,
        string pngPath,
        string title,
        string xLabel,
        string yLabel)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var plot = NewPlot(title, xLabel, yLabel);
        for (int i = 0; i < curves.Count; i++)
        {
            var (label, c) = curves[i];
            var color = plot.Add.Palette.GetColor(i);
            double[] lower = c.Mean.Zip(c.Std, (m, s) => m - s).ToArray();
            double[] upper = c.Mean.Zip(c.Std, (m, s) => m + s).ToArray();
            var band = plot.Add.FillY(c.X, lower, upper);
            band.FillColor = color.WithAlpha(0.25);
            band.LineWidth = 0;
            var line = plot.Add.ScatterLine(c.X, c.Mean, color);
            line.LineWidth = 2;
            line.LegendText = $"{label} (n={c.RunCount}, mean ± std)";
        }

        SavePng(plot, pngPath, curves.Count > 0);
    }

    /// <summary>
    /// Resamples several runs onto a common grid of <paramref name="points"/> evenly spaced x values spanning the range
    /// every run covers (from the largest first x to the smallest last x), by linear interpolation, and returns the
    /// mean and sample standard deviation at each grid point. Each run's x must be non-decreasing.
    /// </summary>
    public static AggregatedCurve Aggregate(IReadOnlyList<(double[] x, double[] y)> runs, int points = 200)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        if (runs.Count == 0)
        {
            throw new ArgumentException("At least one run is needed.", nameof(runs));
        }

        double lo = double.NegativeInfinity, hi = double.PositiveInfinity;
        foreach (var (x, y) in runs)
        {
            CheckSeries(x, y, "run");
            if (x.Length == 0)
            {
                throw new ArgumentException("A run has no points.", nameof(runs));
            }

            for (int i = 1; i < x.Length; i++)
            {
                if (!(x[i] >= x[i - 1]))
                {
                    throw new ArgumentException("A run's x values must be non-decreasing.", nameof(runs));
                }
            }

            lo = Math.Max(lo, x[0]);
            hi = Math.Min(hi, x[^1]);
        }

        if (lo > hi)
        {
            throw new ArgumentException($"The runs' x ranges do not overlap (common range would be [{lo}, {hi}]).", nameof(runs));
        }

        int n = lo == hi ? 1 : points;
        var grid = new double[n];
        for (int i = 0; i < n; i++)
        {
            grid[i] = n == 1 ? lo : lo + (hi - lo) * i / (n - 1);
        }

        grid[^1] = hi;
        var mean = new double[n];
        var std = new double[n];
        var values = new double[runs.Count];
        for (int g = 0; g < n; g++)
        {
            for (int r = 0; r < runs.Count; r++)
            {
                values[r] = Interpolate(runs[r].x, runs[r].y, grid[g]);
            }

            double m = values.Average();
            mean[g] = m;
            if (values.Length > 1)
            {
                double ss = values.Sum(v => (v - m) * (v - m));
                std[g] = Math.Sqrt(ss / (values.Length - 1));
            }
        }

        return new AggregatedCurve(grid, mean, std, runs.Count);
    }

    /// <summary>Linear interpolation of (x, y) at <paramref name="t"/>, with x non-decreasing and t within [x[0], x[^1]].</summary>
    internal static double Interpolate(double[] x, double[] y, double t)
    {
        if (t <= x[0])
        {
            return y[0];
        }

        if (t >= x[^1])
        {
            return y[^1];
        }

        // First index with x[i] >= t.
        int left = 0, right = x.Length - 1;
        while (left < right)
        {
            int mid = (left + right) / 2;
            if (x[mid] < t)
            {
                left = mid + 1;
            }
            else
            {
                right = mid;
            }
        }

        int hiIdx = left;
        if (x[hiIdx] == t)
        {
            return y[hiIdx];
        }

        int loIdx = hiIdx - 1;
        double w = (t - x[loIdx]) / (x[hiIdx] - x[loIdx]);
        return y[loIdx] + (w * (y[hiIdx] - y[loIdx]));
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title ?? string.Empty);
        plot.XLabel(xLabel ?? string.Empty);
        plot.YLabel(yLabel ?? string.Empty);
        return plot;
    }

    private static void SavePng(Plot plot, string pngPath, bool legend)
    {
        ArgumentException.ThrowIfNullOrEmpty(pngPath);
        if (legend)
        {
            plot.ShowLegend(Alignment.LowerRight);
        }

        string? dir = Path.GetDirectoryName(Path.GetFullPath(pngPath));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        plot.SavePng(pngPath, Width, Height);
    }

    private static void CheckSeries(double[] x, double[] y, string label)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Curve '{label}' has {x.Length} x values but {y.Length} y values.");
        }
    }
}
