using Proxima.Cli.Plotting;
using Proxima.Tracking;

namespace Proxima.Tests.Tracking;

public sealed class PlottingTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void MetricsCsvReadsWhatCsvTrackerWrites()
    {
        using (var t = new CsvTracker(_dir.Path))
        {
            t.LogMetrics(0, new Dictionary<string, double> { ["return"] = 0.1 + 0.2 });
            t.LogMetrics(10, new Dictionary<string, double> { ["return"] = 5, ["a,b"] = -1e-9 });
            t.LogMetrics(20, new Dictionary<string, double> { ["a,b"] = 2 });
        }

        var table = MetricsCsv.Read(Path.Combine(_dir.Path, "metrics.csv"));
        Assert.Equal(["step", "return", "a,b"], table.Names);
        Assert.Equal(3, table.RowCount);
        Assert.Equal([0, 10, 20], table["step"]);
        Assert.Equal(0.1 + 0.2, table["return"][0]);
        Assert.True(double.IsNaN(table["return"][2]));
        Assert.Equal(-1e-9, table["a,b"][1]);
        var (x, y) = table.Series("step", "a,b");
        Assert.Equal([10, 20], x);
        Assert.Equal([-1e-9, 2], y);
        Assert.Throws<KeyNotFoundException>(() => table["missing"]);
    }

    [Fact]
    public void SaveWritesANonTrivialPng()
    {
        string png = Path.Combine(_dir.Path, "plots", "curve.png");
        double[] x = [.. Enumerable.Range(0, 100).Select(i => i * 1000.0)];
        LearningCurvePlot.Save(
            [("seed 1", x, [.. x.Select(v => Math.Sqrt(v))]), ("seed 2", x, [.. x.Select(v => Math.Sqrt(v) * 0.8)])],
            png,
            "CartPole-v1",
            "environment steps",
            "episodic return");
        AssertPng(png);
    }

    [Fact]
    public void SaveAggregateWritesAPng()
    {
        double[] x = [.. Enumerable.Range(0, 50).Select(i => i * 10.0)];
        var agg = LearningCurvePlot.Aggregate(
            [.. Enumerable.Range(1, 3).Select(s => (x, x.Select(v => v * s).ToArray()))], points: 60);
        string png = Path.Combine(_dir.Path, "agg.png");
        LearningCurvePlot.SaveAggregate([("ppo", agg)], png, "mean ± std", "steps", "return");
        AssertPng(png);
    }

    [Fact]
    public void AggregateInterpolatesOntoTheCommonRangeWithMeanAndSampleStd()
    {
        // Three lines y = a·x sampled on different grids; the common range is [2, 8].
        (double[] x, double[] y) Line(double a, double[] xs) => (xs, [.. xs.Select(v => a * v)]);
        var runs = new[]
        {
            Line(1, [0, 4, 8, 12]),
            Line(2, [2, 3, 5, 9]),
            Line(3, [1, 8]),
        };
        var agg = LearningCurvePlot.Aggregate(runs, points: 7);

        Assert.Equal(3, agg.RunCount);
        Assert.Equal([2, 3, 4, 5, 6, 7, 8], agg.X);
        for (int i = 0; i < agg.X.Length; i++)
        {
            double t = agg.X[i];
            // Values 1t, 2t, 3t: mean 2t, sample std t.
            Assert.Equal(2 * t, agg.Mean[i], 12);
            Assert.Equal(t, agg.Std[i], 12);
        }
    }

    [Fact]
    public void AggregateOfNonLinearCurvesUsesPiecewiseLinearInterpolation()
    {
        var runs = new[]
        {
            (new double[] { 0, 10 }, new double[] { 0, 10 }),
            (new double[] { 0, 5, 10 }, new double[] { 0, 10, 0 }),
        };
        var agg = LearningCurvePlot.Aggregate(runs, points: 5); // x = 0, 2.5, 5, 7.5, 10
        Assert.Equal([0, 2.5, 5, 7.5, 10], agg.X);
        double[] a = [0, 2.5, 5, 7.5, 10];
        double[] b = [0, 5, 10, 5, 0];
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal((a[i] + b[i]) / 2, agg.Mean[i], 12);
            Assert.Equal(Math.Abs(a[i] - b[i]) / Math.Sqrt(2), agg.Std[i], 12);
        }
    }

    [Fact]
    public void AggregateValidatesInput()
    {
        Assert.Throws<ArgumentException>(() => LearningCurvePlot.Aggregate([]));
        Assert.Throws<ArgumentException>(() => LearningCurvePlot.Aggregate([([0, 1], [0, 1]), ([2, 3], [0, 1])]));
        Assert.Throws<ArgumentException>(() => LearningCurvePlot.Aggregate([([1, 0], [0, 1])]));
        Assert.Throws<ArgumentException>(() => LearningCurvePlot.Aggregate([([0, 1], [0])]));
        var single = LearningCurvePlot.Aggregate([([0, 1], [3, 5])], points: 3);
        Assert.Equal([3, 4, 5], single.Mean);
        Assert.Equal([0, 0, 0], single.Std);
    }

    private static void AssertPng(string path)
    {
        Assert.True(File.Exists(path));
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.True(bytes.Length > 10_000, $"PNG is only {bytes.Length} bytes");
        // IHDR: width and height as written.
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(LearningCurvePlot.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(LearningCurvePlot.Height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
