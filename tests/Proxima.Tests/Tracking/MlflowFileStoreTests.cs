using Proxima.Tracking;

namespace Proxima.Tests.Tracking;

public sealed class MlflowFileStoreTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_767_323_045_123));

    public void Dispose() => _dir.Dispose();

    private string Root => Path.Combine(_dir.Path, "mlruns");

    private static Dictionary<string, string> Yaml(string path)
    {
        // Independent, minimal reading of "key: value" lines.
        var d = new Dictionary<string, string>();
        foreach (var line in File.ReadAllLines(path))
        {
            int i = line.IndexOf(": ", StringComparison.Ordinal);
            d[line[..i]] = line[(i + 2)..];
        }

        return d;
    }

    [Fact]
    public void DefaultExperimentAndRunLayoutMatchMlflow()
    {
        MlflowRun run;
        using (var tracker = MlflowTracking.StartRun(Root, "Default", "ppo-seed1", time: _clock))
        {
            run = tracker.Run;
            Assert.Equal("0", run.ExperimentId);
            Assert.Matches("^[0-9a-f]{32}$", run.RunId);

            tracker.LogParameters(new Dictionary<string, string> { ["learning_rate"] = "0.00025", ["env_id"] = "CartPole-v1" });
            tracker.LogMetrics(128, new Dictionary<string, double> { ["charts/episodic_return"] = 21.5, ["loss"] = 0.1 + 0.2 });
            _clock.Advance(TimeSpan.FromSeconds(2));
            tracker.LogMetrics(256, new Dictionary<string, double> { ["charts/episodic_return"] = -3e-7 });
            tracker.SetTag("algo", "ppo");

            string runMeta = Path.Combine(Root, "0", run.RunId, "meta.yaml");
            var running = Yaml(runMeta);
            Assert.Equal("1", running["status"]);
            Assert.Equal("null", running["end_time"]);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var exp = Yaml(Path.Combine(Root, "0", "meta.yaml"));
        Assert.Equal("'0'", exp["experiment_id"]);
        Assert.Equal("'Default'", exp["name"]);
        Assert.Equal("'active'", exp["lifecycle_stage"]);
        Assert.Equal($"'{new Uri(Path.Combine(Root, "0")).AbsoluteUri}'", exp["artifact_location"]);
        Assert.True(Directory.Exists(Path.Combine(Root, ".trash")));

        string runDir = Path.Combine(Root, "0", run.RunId);
        var meta = Yaml(Path.Combine(runDir, "meta.yaml"));
        Assert.Equal($"'{run.RunId}'", meta["run_id"]);
        Assert.Equal($"'{run.RunId}'", meta["run_uuid"]);
        Assert.Equal("'0'", meta["experiment_id"]);
        Assert.Equal("'ppo-seed1'", meta["run_name"]);
        Assert.Equal("3", meta["status"]); // FINISHED
        Assert.Equal("1767323045123", meta["start_time"]);
        Assert.Equal("1767323048123", meta["end_time"]);
        Assert.Equal("'active'", meta["lifecycle_stage"]);
        Assert.Equal("4", meta["source_type"]);
        Assert.Equal("[]", meta["tags"]);
        Assert.Equal($"'{new Uri(Path.Combine(runDir, "artifacts")).AbsoluteUri}'", meta["artifact_uri"]);
        Assert.Contains("user_id", meta.Keys);
        Assert.Contains("entry_point_name", meta.Keys);

        Assert.Equal("0.00025", File.ReadAllText(Path.Combine(runDir, "params", "learning_rate")));
        Assert.Equal("CartPole-v1", File.ReadAllText(Path.Combine(runDir, "params", "env_id")));
        Assert.Equal(
            ["1767323045123 21.5 128", "1767323047123 -3E-07 256"],
            File.ReadAllLines(Path.Combine(runDir, "metrics", "charts", "episodic_return")));
        Assert.Equal(["1767323045123 0.30000000000000004 128"], File.ReadAllLines(Path.Combine(runDir, "metrics", "loss")));
        Assert.Equal("ppo", File.ReadAllText(Path.Combine(runDir, "tags", "algo")));
        Assert.Equal("ppo-seed1", File.ReadAllText(Path.Combine(runDir, "tags", "mlflow.runName")));
        Assert.Equal("LOCAL", File.ReadAllText(Path.Combine(runDir, "tags", "mlflow.source.type")));
        Assert.True(Directory.Exists(Path.Combine(runDir, "artifacts")));
    }

    [Fact]
    public void NamedExperimentsGetIdsAndAreReused()
    {
        string a1, a2, b;
        using (var t = MlflowTracking.StartRun(Root, "cartpole", "r1", time: _clock))
        {
            a1 = t.Run.ExperimentId;
        }

        using (var t = MlflowTracking.StartRun("file://" + Root, "cartpole", "r2", time: _clock))
        {
            a2 = t.Run.ExperimentId;
        }

        using (var t = MlflowTracking.StartRun(Root, "pendulum", "r3", time: _clock))
        {
            b = t.Run.ExperimentId;
        }

        Assert.Equal("1", a1);
        Assert.Equal(a1, a2);
        Assert.Equal("2", b);
        Assert.Equal("'cartpole'", Yaml(Path.Combine(Root, "1", "meta.yaml"))["name"]);
        Assert.Equal("'pendulum'", Yaml(Path.Combine(Root, "2", "meta.yaml"))["name"]);
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(Root, "1")).Length);
    }

    [Fact]
    public void FailedRunArtifactsAndImmutableParams()
    {
        string model = Path.Combine(_dir.Path, "policy.bin");
        File.WriteAllBytes(model, [9, 8, 7]);
        using var t = MlflowTracking.StartRun(Root, "exp", "r", time: _clock);
        t.LogArtifact(model);
        t.LogArtifact(model, "model");
        t.LogParameters(new Dictionary<string, string> { ["seed"] = "1" });
        t.LogParameters(new Dictionary<string, string> { ["seed"] = "1" });
        var e = Assert.Throws<MlflowException>(() => t.LogParameters(new Dictionary<string, string> { ["seed"] = "2" }));
        Assert.Equal("INVALID_PARAMETER_VALUE", e.ErrorCode);
        Assert.Throws<MlflowException>(() => t.SetTag("../escape", "x"));
        t.End(MlflowRunStatus.Failed);
        Assert.Throws<InvalidOperationException>(() => t.SetTag("a", "b"));

        string runDir = Path.Combine(Root, t.Run.ExperimentId, t.Run.RunId);
        Assert.Equal([9, 8, 7], File.ReadAllBytes(Path.Combine(runDir, "artifacts", "policy.bin")));
        Assert.Equal([9, 8, 7], File.ReadAllBytes(Path.Combine(runDir, "artifacts", "model", "policy.bin")));
        Assert.Equal("4", Yaml(Path.Combine(runDir, "meta.yaml"))["status"]);
    }

    [Fact]
    public void RegisterModelWritesRegistryLayoutWithIncreasingVersions()
    {
        using var t = MlflowTracking.StartRun(Root, "exp", "r", time: _clock);
        Assert.Equal(1, t.RegisterModel("cartpole-policy"));
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, t.RegisterModel("cartpole-policy", "checkpoints/final"));

        string modelDir = Path.Combine(Root, "models", "cartpole-policy");
        var model = Yaml(Path.Combine(modelDir, "meta.yaml"));
        Assert.Equal("'cartpole-policy'", model["name"]);
        Assert.Equal("1767323045123", model["creation_timestamp"]);
        Assert.Equal("1767323050123", model["last_updated_timestamp"]);
        Assert.Equal("null", model["description"]);

        var v1 = Yaml(Path.Combine(modelDir, "version-1", "meta.yaml"));
        Assert.Equal("1", v1["version"]);
        Assert.Equal("'cartpole-policy'", v1["name"]);
        Assert.Equal($"'{t.Run.RunId}'", v1["run_id"]);
        Assert.Equal($"'{t.Run.ArtifactUri}/model'", v1["source"]);
        Assert.Equal("'READY'", v1["status"]);
        Assert.Equal("'None'", v1["current_stage"]);
        Assert.Equal("1767323045123", v1["creation_timestamp"]);

        var v2 = Yaml(Path.Combine(modelDir, "version-2", "meta.yaml"));
        Assert.Equal("2", v2["version"]);
        Assert.Equal($"'{t.Run.ArtifactUri}/checkpoints/final'", v2["source"]);
        Assert.Throws<MlflowException>(() => t.RegisterModel("bad/name"));
    }

    [Fact]
    public void UnsupportedSchemeIsRejected() =>
        Assert.Throws<NotSupportedException>(() => MlflowTracking.OpenBackend("s3://bucket/mlruns"));
}
