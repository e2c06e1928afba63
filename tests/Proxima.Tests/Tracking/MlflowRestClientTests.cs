using System.Text.Json.Nodes;
using Proxima.Tracking;

namespace Proxima.Tests.Tracking;

public sealed class MlflowRestClientTests : IDisposable
{
    private const string RunId = "0123456789abcdef0123456789abcdef";
    private readonly TempDir _dir = new();
    private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_767_323_045_123));
    private readonly Dictionary<string, int> _registered = [];
    private bool _experimentExists;

    public void Dispose() => _dir.Dispose();

    // Routes of MLflow's REST API 2.0 as documented; anything else is a 404 the client must not cause.
    private (int, string) Handle(FakeMlflowServer.Request r)
    {
        switch (r.Method, r.Path)
        {
            case ("GET", "/api/2.0/mlflow/experiments/get-by-name"):
                return _experimentExists
                    ? (200, """{"experiment":{"experiment_id":"7","name":"ppo cartpole","lifecycle_stage":"active"}}""")
                    : (404, """{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Could not find experiment"}""");
            case ("POST", "/api/2.0/mlflow/experiments/create"):
                _experimentExists = true;
                return (200, """{"experiment_id":"7"}""");
            case ("POST", "/api/2.0/mlflow/runs/create"):
                return (200, $$$$"""{"run":{"info":{"run_id":"{{{{RunId}}}}","run_uuid":"{{{{RunId}}}}","experiment_id":"7","status":"RUNNING","artifact_uri":"mlflow-artifacts:/7/{{{{RunId}}}}/artifacts","lifecycle_stage":"active"},"data":{}}}""");
            case ("POST", "/api/2.0/mlflow/runs/log-batch"):
                return (200, "{}");
            case ("POST", "/api/2.0/mlflow/runs/update"):
                return (200, """{"run_info":{"status":"FINISHED"}}""");
            case ("POST", "/api/2.0/mlflow/registered-models/create"):
                {
                    string name = r.Json["name"]!.GetValue<string>();
                    if (_registered.ContainsKey(name))
                    {
                        return (400, """{"error_code":"RESOURCE_ALREADY_EXISTS","message":"exists"}""");
                    }

                    _registered[name] = 0;
                    return (200, $$$"""{"registered_model":{"name":"{{{name}}}"}}""");
                }

            case ("POST", "/api/2.0/mlflow/model-versions/create"):
                {
                    string name = r.Json["name"]!.GetValue<string>();
                    int v = ++_registered[name];
                    return (200, $$$"""{"model_version":{"name":"{{{name}}}","version":"{{{v}}}","status":"READY"}}""");
                }

            case ("PUT", _) when r.Path.StartsWith("/api/2.0/mlflow-artifacts/artifacts/", StringComparison.Ordinal):
                return (200, "{}");
            default:
                return (404, """{"error_code":"ENDPOINT_NOT_FOUND","message":"no such endpoint"}""");
        }
    }

    [Fact]
    public void FullRunSendsDocumentedRequests()
    {
        using var server = new FakeMlflowServer(Handle);
        string model = Path.Combine(_dir.Path, "policy weights.bin");
        File.WriteAllBytes(model, [1, 2, 3, 4]);
        using (var tracker = MlflowTracking.StartRun(server.Uri.ToString(), "ppo cartpole", "seed-1",
            new Dictionary<string, string> { ["team"] = "rl" }, time: _clock))
        {
            Assert.Equal(new MlflowRun(RunId, "7", $"mlflow-artifacts:/7/{RunId}/artifacts"), tracker.Run);
            tracker.LogParameters(new Dictionary<string, string> { ["lr"] = "0.00025", ["gamma"] = "0.99" });
            tracker.LogMetrics(2048, new Dictionary<string, double> { ["charts/return"] = 195.5, ["loss"] = double.NaN });
            tracker.SetTag("stage", "final");
            tracker.LogArtifact(model, "model");
            Assert.Equal(1, tracker.RegisterModel("cartpole"));
            Assert.Equal(2, tracker.RegisterModel("cartpole"));
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        var reqs = server.Requests;
        var expectedRoutes = new[]
        {
            ("GET", "/api/2.0/mlflow/experiments/get-by-name"),
            ("POST", "/api/2.0/mlflow/experiments/create"),
            ("POST", "/api/2.0/mlflow/runs/create"),
            ("POST", "/api/2.0/mlflow/runs/log-batch"),
            ("POST", "/api/2.0/mlflow/runs/log-batch"),
            ("POST", "/api/2.0/mlflow/runs/log-batch"),
            ("PUT", $"/api/2.0/mlflow-artifacts/artifacts/7/{RunId}/artifacts/model/policy%20weights.bin"),
            ("POST", "/api/2.0/mlflow/registered-models/create"),
            ("POST", "/api/2.0/mlflow/model-versions/create"),
            ("POST", "/api/2.0/mlflow/registered-models/create"),
            ("POST", "/api/2.0/mlflow/model-versions/create"),
            ("POST", "/api/2.0/mlflow/runs/update"),
        };
        Assert.Equal(expectedRoutes, reqs.Select(r => (r.Method, r.Path)).ToArray());

        Assert.Equal("?experiment_name=ppo%20cartpole", reqs[0].Query);
        Assert.Equal("ppo cartpole", reqs[1].Json["name"]!.GetValue<string>());

        var create = reqs[2].Json;
        Assert.StartsWith("application/json", reqs[2].ContentType);
        Assert.Equal("7", create["experiment_id"]!.GetValue<string>());
        Assert.Equal("seed-1", create["run_name"]!.GetValue<string>());
        Assert.Equal(1_767_323_045_123, create["start_time"]!.GetValue<long>());
        Assert.NotNull(create["user_id"]);
        var tags = Pairs(create["tags"]!);
        Assert.Equal("seed-1", tags["mlflow.runName"]);
        Assert.Equal("rl", tags["team"]);

        var paramsBatch = reqs[3].Json;
        Assert.Equal(RunId, paramsBatch["run_id"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["lr"] = "0.00025", ["gamma"] = "0.99" }, Pairs(paramsBatch["params"]!));
        Assert.Empty(paramsBatch["metrics"]!.AsArray());

        var metrics = reqs[4].Json["metrics"]!.AsArray().Select(m => m!.AsObject()).ToList();
        Assert.Equal(2, metrics.Count);
        Assert.Equal("charts/return", metrics[0]["key"]!.GetValue<string>());
        Assert.Equal(195.5, metrics[0]["value"]!.GetValue<double>());
        Assert.Equal(2048, metrics[0]["step"]!.GetValue<long>());
        Assert.Equal(1_767_323_045_123, metrics[0]["timestamp"]!.GetValue<long>());
        Assert.Equal("NaN", metrics[1]["value"]!.GetValue<string>());

        Assert.Equal(new Dictionary<string, string> { ["stage"] = "final" }, Pairs(reqs[5].Json["tags"]!));

        Assert.Equal([1, 2, 3, 4], reqs[6].Body);

        Assert.Equal("cartpole", reqs[7].Json["name"]!.GetValue<string>());
        var version = reqs[8].Json;
        Assert.Equal("cartpole", version["name"]!.GetValue<string>());
        Assert.Equal(RunId, version["run_id"]!.GetValue<string>());
        Assert.Equal($"mlflow-artifacts:/7/{RunId}/artifacts/model", version["source"]!.GetValue<string>());

        var update = reqs[^1].Json;
        Assert.Equal(RunId, update["run_id"]!.GetValue<string>());
        Assert.Equal("FINISHED", update["status"]!.GetValue<string>());
        Assert.Equal(1_767_323_055_123, update["end_time"]!.GetValue<long>());
    }

    [Fact]
    public void ExistingExperimentIsReusedAndFailureIsReported()
    {
        _experimentExists = true;
        using var server = new FakeMlflowServer(Handle);
        using (var tracker = MlflowTracking.StartRun(server.Uri.ToString(), "ppo cartpole", "r", time: _clock))
        {
            tracker.End(MlflowRunStatus.Failed);
        }

        Assert.Equal(
            ["/api/2.0/mlflow/experiments/get-by-name", "/api/2.0/mlflow/runs/create", "/api/2.0/mlflow/runs/update"],
            server.Requests.Select(r => r.Path));
        Assert.Equal("FAILED", server.Requests[^1].Json["status"]!.GetValue<string>());
    }

    [Fact]
    public void LargeBatchesAreSplitWithinMlflowLimits()
    {
        using var server = new FakeMlflowServer(Handle);
        using var client = new MlflowRestClient(server.Uri);
        var run = new MlflowRun(RunId, "7", $"mlflow-artifacts:/7/{RunId}/artifacts");
        var metrics = Enumerable.Range(0, 2500).Select(i => new MlflowMetric("m", i, 5, i)).ToList();
        var parameters = Enumerable.Range(0, 150).Select(i => new KeyValuePair<string, string>("p" + i, "v")).ToList();
        client.LogBatch(run, metrics, parameters, []);

        var batches = server.Requests.Select(r => r.Json).ToList();
        Assert.Equal([1000, 1000, 500], batches.Select(b => b["metrics"]!.AsArray().Count));
        Assert.Equal([100, 50, 0], batches.Select(b => b["params"]!.AsArray().Count));
        var steps = batches.SelectMany(b => b["metrics"]!.AsArray().Select(m => m!["step"]!.GetValue<long>())).ToList();
        Assert.Equal(Enumerable.Range(0, 2500).Select(i => (long)i), steps);
    }

    [Fact]
    public void ServerErrorsBecomeMlflowExceptions()
    {
        using var server = new FakeMlflowServer(_ => (500, """{"error_code":"INTERNAL_ERROR","message":"db down"}"""));
        using var client = new MlflowRestClient(server.Uri);
        var e = Assert.Throws<MlflowException>(() => client.GetOrCreateExperiment("x"));
        Assert.Equal(500, e.StatusCode);
        Assert.Equal("INTERNAL_ERROR", e.ErrorCode);
        Assert.Contains("db down", e.Message);
    }

    [Fact]
    public void ProxyRootFollowsArtifactUri()
    {
        Assert.Equal("5/abc/artifacts", MlflowRestClient.ProxyRoot(new MlflowRun("abc", "5", "mlflow-artifacts:/5/abc/artifacts")));
        Assert.Equal("x/y/artifacts", MlflowRestClient.ProxyRoot(new MlflowRun("abc", "5", "mlflow-artifacts://host:5000/x/y/artifacts")));
        Assert.Equal("5/abc/artifacts", MlflowRestClient.ProxyRoot(new MlflowRun("abc", "5", "s3://bucket/5/abc/artifacts")));
    }

    private static Dictionary<string, string> Pairs(JsonNode array) =>
        array.AsArray().ToDictionary(p => p!["key"]!.GetValue<string>(), p => p!["value"]!.GetValue<string>());
}
