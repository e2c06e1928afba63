using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Proxima.Tracking;

/// <summary>
/// Talks to an MLflow tracking server over its REST API 2.0 (<c>/api/2.0/mlflow/…</c>) and uploads artifacts through
/// the server's artifact proxy (<c>PUT /api/2.0/mlflow-artifacts/artifacts/&lt;experiment_id&gt;/&lt;run_id&gt;/artifacts/&lt;path&gt;</c>,
/// available when the server runs with artifact serving, the default since MLflow 2.0).
/// Batches are split to respect MLflow's log-batch limits (1000 metrics, 100 parameters, 100 tags per request).
/// Calls are synchronous; every non-success response throws <see cref="MlflowException"/>.
/// </summary>
public sealed class MlflowRestClient : IMlflowBackend
{
    /// <summary>Most metrics one <c>runs/log-batch</c> request may carry.</summary>
    public const int MaxMetricsPerBatch = 1000;

    /// <summary>Most parameters (and, separately, tags) one <c>runs/log-batch</c> request may carry.</summary>
    public const int MaxParamsPerBatch = 100;

    private readonly HttpClient _http;
    private readonly bool _ownsClient;

    /// <summary>Creates a client for the server at <paramref name="trackingUri"/> (for example <c>http://127.0.0.1:5000</c>).</summary>
    /// <param name="trackingUri">Server root; a path prefix (reverse proxy) is kept.</param>
    /// <param name="httpClient">Client to send with (its default headers carry any authentication); default a new one.</param>
    /// <param name="disposeHttpClient">Whether <see cref="Dispose"/> disposes <paramref name="httpClient"/>; a client
    /// created here is always disposed.</param>
    public MlflowRestClient(Uri trackingUri, HttpClient? httpClient = null, bool disposeHttpClient = false)
    {
        ArgumentNullException.ThrowIfNull(trackingUri);
        if (trackingUri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"MLflow tracking URI must be http(s), got '{trackingUri}'.", nameof(trackingUri));
        }

        string root = trackingUri.AbsoluteUri.TrimEnd('/');
        BaseUri = new Uri(root + "/");
        _ownsClient = httpClient is null || disposeHttpClient;
        _http = httpClient ?? new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The server root, ending in '/'.</summary>
    public Uri BaseUri { get; }

    /// <inheritdoc />
    public string GetOrCreateExperiment(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            var found = Send(HttpMethod.Get, "api/2.0/mlflow/experiments/get-by-name?experiment_name=" + Uri.EscapeDataString(name), null);
            return RequireString(found["experiment"]?["experiment_id"], "experiment.experiment_id");
        }
        catch (MlflowException e) when (e.StatusCode == (int)HttpStatusCode.NotFound || e.ErrorCode == "RESOURCE_DOES_NOT_EXIST")
        {
            var created = Send(HttpMethod.Post, "api/2.0/mlflow/experiments/create", new JsonObject { ["name"] = name });
            return RequireString(created["experiment_id"], "experiment_id");
        }
    }

    /// <inheritdoc />
    public MlflowRun CreateRun(string experimentId, string runName, long startTimeMs, IReadOnlyDictionary<string, string> tags)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        ArgumentNullException.ThrowIfNull(runName);
        ArgumentNullException.ThrowIfNull(tags);
        var body = new JsonObject
        {
            ["experiment_id"] = experimentId,
            ["user_id"] = Environment.UserName,
            ["run_name"] = runName,
            ["start_time"] = startTimeMs,
            ["tags"] = KeyValues(tags),
        };
        var response = Send(HttpMethod.Post, "api/2.0/mlflow/runs/create", body);
        var info = response["run"]?["info"] ?? throw new MlflowException("runs/create response has no run.info.");
        string runId = RequireString(info["run_id"] ?? info["run_uuid"], "run.info.run_id");
        string artifactUri = info["artifact_uri"]?.GetValue<string>()
            ?? $"mlflow-artifacts:/{experimentId}/{runId}/artifacts";
        return new MlflowRun(runId, experimentId, artifactUri);
    }

    /// <inheritdoc />
    public void LogBatch(
        MlflowRun run,
        IReadOnlyList<MlflowMetric> metrics,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        ArgumentNullException.ThrowIfNull(run);
        int m = 0, p = 0, t = 0;
        do
        {
            int mCount = Math.Min(MaxMetricsPerBatch, metrics.Count - m);
            int pCount = Math.Min(MaxParamsPerBatch, parameters.Count - p);
            int tCount = Math.Min(MaxParamsPerBatch, tags.Count - t);
            var metricArray = new JsonArray();
            for (int i = m; i < m + mCount; i++)
            {
                var x = metrics[i];
                metricArray.Add(new JsonObject
                {
                    ["key"] = x.Key,
                    ["value"] = JsonDouble(x.Value),
                    ["timestamp"] = x.TimestampMs,
                    ["step"] = x.Step,
                });
            }

            var body = new JsonObject
            {
                ["run_id"] = run.RunId,
                ["metrics"] = metricArray,
                ["params"] = KeyValues(parameters.Skip(p).Take(pCount)),
                ["tags"] = KeyValues(tags.Skip(t).Take(tCount)),
            };
            Send(HttpMethod.Post, "api/2.0/mlflow/runs/log-batch", body);
            m += mCount;
            p += pCount;
            t += tCount;
        }
        while (m < metrics.Count || p < parameters.Count || t < tags.Count);
    }

    /// <inheritdoc />
    public void UpdateRun(MlflowRun run, MlflowRunStatus status, long endTimeMs)
    {
        ArgumentNullException.ThrowIfNull(run);
        Send(HttpMethod.Post, "api/2.0/mlflow/runs/update", new JsonObject
        {
            ["run_id"] = run.RunId,
            ["status"] = status.ToString().ToUpperInvariant(),
            ["end_time"] = endTimeMs,
        });
    }

    /// <inheritdoc />
    public void LogArtifact(MlflowRun run, string localPath, string? artifactDirectory)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        string relative = Path.GetFileName(localPath);
        if (!string.IsNullOrEmpty(artifactDirectory))
        {
            relative = artifactDirectory.Trim('/') + "/" + relative;
        }

        string path = ProxyRoot(run) + "/" + relative;
        string escaped = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        using var content = new StreamContent(File.OpenRead(localPath));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        SendContent(HttpMethod.Put, "api/2.0/mlflow-artifacts/artifacts/" + escaped, content);
    }

    /// <inheritdoc />
    public int RegisterModelVersion(string modelName, string source, MlflowRun run)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            Send(HttpMethod.Post, "api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = modelName });
        }
        catch (MlflowException e) when (e.ErrorCode == "RESOURCE_ALREADY_EXISTS")
        {
            // Registering another version of an existing model.
        }

        var response = Send(HttpMethod.Post, "api/2.0/mlflow/model-versions/create", new JsonObject
        {
            ["name"] = modelName,
            ["source"] = source,
            ["run_id"] = run.RunId,
        });
        string version = RequireString(response["model_version"]?["version"], "model_version.version");
        return int.Parse(version, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient)
        {
            _http.Dispose();
        }
    }

    /// <summary>
    /// The artifact-proxy path of a run's artifact root: the path of an <c>mlflow-artifacts:</c> artifact URI, otherwise
    /// <c>&lt;experiment_id&gt;/&lt;run_id&gt;/artifacts</c>.
    /// </summary>
    internal static string ProxyRoot(MlflowRun run)
    {
        const string scheme = "mlflow-artifacts:";
        string uri = run.ArtifactUri;
        if (uri.StartsWith(scheme, StringComparison.Ordinal))
        {
            string rest = uri[scheme.Length..];
            if (rest.StartsWith("//", StringComparison.Ordinal))
            {
                int slash = rest.IndexOf('/', 2);
                rest = slash < 0 ? string.Empty : rest[slash..];
            }

            rest = rest.Trim('/');
            if (rest.Length > 0)
            {
                return rest;
            }
        }

        return $"{run.ExperimentId}/{run.RunId}/artifacts";
    }

    private JsonNode Send(HttpMethod method, string relative, JsonObject? body) =>
        SendContent(method, relative, body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    private JsonNode SendContent(HttpMethod method, string relative, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUri, relative)) { Content = content };
        using var response = _http.Send(request);
        string text;
        using (var reader = new StreamReader(response.Content.ReadAsStream(), Encoding.UTF8))
        {
            text = reader.ReadToEnd();
        }

        if (!response.IsSuccessStatusCode)
        {
            string? code = null;
            string message = text;
            try
            {
                var error = JsonNode.Parse(text);
                code = error?["error_code"]?.GetValue<string>();
                message = error?["message"]?.GetValue<string>() ?? text;
            }
            catch (JsonException)
            {
            }

            throw new MlflowException(
                $"MLflow {method} {relative} failed with {(int)response.StatusCode} {code}: {message}",
                (int)response.StatusCode,
                code);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(text) ?? new JsonObject();
        }
        catch (JsonException)
        {
            return new JsonObject();
        }
    }

    private static JsonArray KeyValues(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var array = new JsonArray();
        foreach (var (k, v) in pairs)
        {
            array.Add(new JsonObject { ["key"] = k, ["value"] = v });
        }

        return array;
    }

    // Protobuf's JSON mapping spells non-finite doubles as strings, which MLflow's server accepts.
    private static JsonNode JsonDouble(double value) =>
        double.IsNaN(value) ? JsonValue.Create("NaN")
        : double.IsPositiveInfinity(value) ? JsonValue.Create("Infinity")
        : double.IsNegativeInfinity(value) ? JsonValue.Create("-Infinity")
        : JsonValue.Create(value);

    private static string RequireString(JsonNode? node, string what)
    {
        if (node is JsonValue v)
        {
            if (v.TryGetValue(out string? s) && s is not null)
            {
                return s;
            }

            if (v.TryGetValue(out long l))
            {
                return l.ToString(CultureInfo.InvariantCulture);
            }
        }

        throw new MlflowException($"MLflow response has no {what}.");
    }
}
