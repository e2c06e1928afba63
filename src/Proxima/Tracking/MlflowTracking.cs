namespace Proxima.Tracking;

/// <summary>Entry point to MLflow tracking: picks the backend from the tracking URI and starts a run.</summary>
public static class MlflowTracking
{
    /// <summary>Tag MLflow shows as the run name.</summary>
    public const string RunNameTag = "mlflow.runName";

    /// <summary>Tag holding the user who started the run.</summary>
    public const string UserTag = "mlflow.user";

    /// <summary>Tag holding the source type (LOCAL).</summary>
    public const string SourceTypeTag = "mlflow.source.type";

    /// <summary>Tag holding the source name (the program that ran).</summary>
    public const string SourceNameTag = "mlflow.source.name";

    /// <summary>
    /// Opens the backend for <paramref name="trackingUri"/> and starts a run in <paramref name="experiment"/> (created when
    /// missing). <paramref name="trackingUri"/>: null or empty uses <c>./mlruns</c> like MLflow; a path or <c>file:</c> URI
    /// uses the file store there; <c>http(s)://</c> uses the tracking server's REST API.
    /// </summary>
    /// <param name="trackingUri">Where to track (see above).</param>
    /// <param name="experiment">Experiment name; "Default" is experiment 0.</param>
    /// <param name="runName">Run name shown by MLflow.</param>
    /// <param name="tags">Extra run tags.</param>
    /// <param name="httpClient">For REST: the client to use (not disposed by the tracker); default a new one that sends
    /// <c>MLFLOW_TRACKING_TOKEN</c> as a bearer token, or <c>MLFLOW_TRACKING_USERNAME</c>/<c>MLFLOW_TRACKING_PASSWORD</c>
    /// as basic authentication, when those variables are set.</param>
    /// <param name="time">Clock for timestamps; default the system clock.</param>
    public static MlflowTracker StartRun(
        string? trackingUri,
        string experiment,
        string runName,
        IReadOnlyDictionary<string, string>? tags = null,
        HttpClient? httpClient = null,
        TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(experiment);
        ArgumentNullException.ThrowIfNull(runName);
        time ??= TimeProvider.System;
        IMlflowBackend backend = OpenBackend(trackingUri, httpClient, time);
        try
        {
            string experimentId = backend.GetOrCreateExperiment(experiment);
            var allTags = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [RunNameTag] = runName,
                [UserTag] = Environment.UserName,
                [SourceTypeTag] = "LOCAL",
                [SourceNameTag] = Environment.GetCommandLineArgs().FirstOrDefault() ?? "proxima",
            };
            if (tags is not null)
            {
                foreach (var (k, v) in tags)
                {
                    allTags[k] = v;
                }
            }

            var run = backend.CreateRun(experimentId, runName, time.GetUtcNow().ToUnixTimeMilliseconds(), allTags);
            return new MlflowTracker(backend, run, ownsBackend: true, time);
        }
        catch
        {
            backend.Dispose();
            throw;
        }
    }

    /// <summary>The backend a tracking URI designates (see <see cref="StartRun"/>).</summary>
    public static IMlflowBackend OpenBackend(string? trackingUri, HttpClient? httpClient = null, TimeProvider? time = null)
    {
        if (string.IsNullOrWhiteSpace(trackingUri))
        {
            return new MlflowFileStore("mlruns", time);
        }

        if (trackingUri.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || trackingUri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return httpClient is null
                ? new MlflowRestClient(new Uri(trackingUri), CreateHttpClient(), disposeHttpClient: true)
                : new MlflowRestClient(new Uri(trackingUri), httpClient);
        }

        if (trackingUri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return new MlflowFileStore(new Uri(trackingUri).LocalPath, time);
        }

        if (Uri.TryCreate(trackingUri, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1 && !uri.IsFile)
        {
            throw new NotSupportedException($"MLflow tracking URI scheme '{uri.Scheme}' is not supported (use a path, file: or http(s):).");
        }

        return new MlflowFileStore(trackingUri, time);
    }

    private static HttpClient CreateHttpClient()
    {
        var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        string? token = Environment.GetEnvironmentVariable("MLFLOW_TRACKING_TOKEN");
        string? user = Environment.GetEnvironmentVariable("MLFLOW_TRACKING_USERNAME");
        string? password = Environment.GetEnvironmentVariable("MLFLOW_TRACKING_PASSWORD");
        if (!string.IsNullOrEmpty(token))
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }
        else if (!string.IsNullOrEmpty(user))
        {
            string basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(user + ":" + password));
            client.DefaultRequestHeaders.Authorization = new("Basic", basic);
        }

        return client;
    }
}
