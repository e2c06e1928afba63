using System.Globalization;
using Proxima.Tracking;

namespace Proxima.Tests.Tracking;

public sealed class CsvTrackerTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void HeaderIsUnionOfFirstKeysAndValuesRoundTrip()
    {
        double tricky = 0.1 + 0.2;
        using (var t = new CsvTracker(_dir.Path))
        {
            t.LogMetrics(0, new Dictionary<string, double> { ["loss"] = tricky, ["return"] = -1e-300 });
            t.LogMetrics(128, new Dictionary<string, double> { ["return"] = 12.5 });
        }

        string[] lines = File.ReadAllLines(Path.Combine(_dir.Path, "metrics.csv"));
        Assert.Equal(["step,loss,return", "0,0.30000000000000004,-1E-300", "128,,12.5"], lines);
        Assert.Equal(tricky, double.Parse(lines[1].Split(',')[1], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NewKeyRewritesHeaderWithoutLosingRows()
    {
        using var t = new CsvTracker(_dir.Path);
        t.LogMetrics(1, new Dictionary<string, double> { ["a"] = 1 });
        t.LogMetrics(2, new Dictionary<string, double> { ["a"] = 2 });
        t.LogMetrics(3, new Dictionary<string, double> { ["b"] = 30, ["a"] = 3 });
        t.LogMetrics(4, new Dictionary<string, double> { ["c,d"] = 4 });
        t.LogMetrics(5, new Dictionary<string, double> { ["a"] = 5, ["b"] = 50, ["c,d"] = 0.5 });

        Assert.Equal(["a", "b", "c,d"], t.Columns);
        Assert.Equal(
            ["step,a,b,\"c,d\"", "1,1,,", "2,2,,", "3,3,30,", "4,,,4", "5,5,50,0.5"],
            File.ReadAllLines(t.MetricsPath));
        Assert.False(File.Exists(t.MetricsPath + ".tmp"));
    }

    [Fact]
    public void ParamsTagsAndArtifactsAreWritten()
    {
        string src = Path.Combine(_dir.Path, "model.bin");
        File.WriteAllBytes(src, [1, 2, 3]);
        string run = Path.Combine(_dir.Path, "run");
        using (var t = new CsvTracker(run))
        {
            t.LogParameters(new Dictionary<string, string> { ["lr"] = "0.00025", ["env"] = "CartPole-v1" });
            t.LogParameters(new Dictionary<string, string> { ["note"] = "a \"quoted\", value" });
            t.SetTag("seed", "1");
            t.SetTag("seed", "2");
            t.LogArtifact(src);
        }

        Assert.Equal(
            ["key,value", "env,CartPole-v1", "lr,0.00025", "note,\"a \"\"quoted\"\", value\""],
            File.ReadAllLines(Path.Combine(run, "params.csv")));
        Assert.Equal(["key,value", "seed,2"], File.ReadAllLines(Path.Combine(run, "tags.csv")));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(Path.Combine(run, "artifacts", "model.bin")));
    }

    [Fact]
    public void CompositeForwardsToEveryTrackerAndDisposesAll()
    {
        var a = new RecordingTracker();
        var b = new RecordingTracker { ThrowOnDispose = true };
        var c = new RecordingTracker();
        var composite = new CompositeTracker(a, b, c);
        composite.LogParameters(new Dictionary<string, string> { ["p"] = "1" });
        composite.LogMetrics(7, new Dictionary<string, double> { ["m"] = 2 });
        composite.SetTag("k", "v");
        composite.LogArtifact("/x");
        Assert.Throws<InvalidOperationException>(composite.Dispose);
        foreach (var t in new[] { a, b, c })
        {
            Assert.Equal(["params p=1", "metrics 7 m=2", "tag k=v", "artifact /x", "dispose"], t.Calls);
        }

        Assert.Throws<ObjectDisposedException>(() => composite.SetTag("k", "v"));
    }

    private sealed class RecordingTracker : IExperimentTracker
    {
        public List<string> Calls { get; } = [];

        public bool ThrowOnDispose { get; init; }

        public void LogParameters(IReadOnlyDictionary<string, string> parameters) =>
            Calls.Add("params " + string.Join(";", parameters.Select(p => $"{p.Key}={p.Value}")));

        public void LogMetrics(long step, IReadOnlyDictionary<string, double> metrics) =>
            Calls.Add($"metrics {step} " + string.Join(";", metrics.Select(p => $"{p.Key}={p.Value}")));

        public void SetTag(string key, string value) => Calls.Add($"tag {key}={value}");

        public void LogArtifact(string path) => Calls.Add("artifact " + path);

        public void Dispose()
        {
            Calls.Add("dispose");
            if (ThrowOnDispose)
            {
                throw new InvalidOperationException("boom");
            }
        }
    }
}
