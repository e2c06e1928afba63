using System.Globalization;
using System.Text;

namespace Proxima.Tracking;

/// <summary>
/// Writes MLflow's local file-store layout (what <c>mlflow ui --backend-store-uri &lt;root&gt;</c> reads):
/// <code>
/// &lt;root&gt;/&lt;experiment_id&gt;/meta.yaml                 experiment: name, id, artifact_location, lifecycle_stage, times
/// &lt;root&gt;/&lt;experiment_id&gt;/&lt;run_id&gt;/meta.yaml        run info: ids, name, status, start/end time, artifact_uri, …
/// &lt;root&gt;/&lt;experiment_id&gt;/&lt;run_id&gt;/params/&lt;key&gt;     the value, no newline
/// &lt;root&gt;/&lt;experiment_id&gt;/&lt;run_id&gt;/metrics/&lt;key&gt;    one "timestamp value step" line per observation
/// &lt;root&gt;/&lt;experiment_id&gt;/&lt;run_id&gt;/tags/&lt;key&gt;       the value, no newline
/// &lt;root&gt;/&lt;experiment_id&gt;/&lt;run_id&gt;/artifacts/       logged files
/// &lt;root&gt;/models/&lt;name&gt;/meta.yaml                   registered model
/// &lt;root&gt;/models/&lt;name&gt;/version-&lt;n&gt;/meta.yaml         model version (source, run_id, status READY, …)
/// </code>
/// Experiment 0 ("Default") is created with the store, as MLflow does. Keys containing '/' become sub-folders,
/// as in MLflow. Parameters are immutable: logging a different value for an existing key throws.
/// </summary>
public sealed class MlflowFileStore : IMlflowBackend
{
    /// <summary>Id of the experiment every store has.</summary>
    public const string DefaultExperimentId = "0";

    /// <summary>Name of the experiment every store has.</summary>
    public const string DefaultExperimentName = "Default";

    private const string MetaFile = "meta.yaml";
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly TimeProvider _time;
    private readonly object _gate = new();

    /// <summary>Opens (creating if needed) the store rooted at <paramref name="rootDirectory"/>, usually <c>mlruns</c>.</summary>
    public MlflowFileStore(string rootDirectory, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        _time = time ?? TimeProvider.System;
        RootDirectory = Path.GetFullPath(rootDirectory);
        Directory.CreateDirectory(RootDirectory);
        Directory.CreateDirectory(Path.Combine(RootDirectory, ".trash"));
        if (!File.Exists(Path.Combine(RootDirectory, DefaultExperimentId, MetaFile)))
        {
            WriteExperiment(DefaultExperimentId, DefaultExperimentName);
        }
    }

    /// <summary>Absolute path of the store root.</summary>
    public string RootDirectory { get; }

    /// <summary>Folder of an experiment.</summary>
    public string ExperimentDirectory(string experimentId) => Path.Combine(RootDirectory, experimentId);

    /// <summary>Folder of a run.</summary>
    public string RunDirectory(MlflowRun run) => Path.Combine(RootDirectory, run.ExperimentId, run.RunId);

    /// <inheritdoc />
    public string GetOrCreateExperiment(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_gate)
        {
            long maxId = -1;
            foreach (var dir in Directory.EnumerateDirectories(RootDirectory))
            {
                string id = Path.GetFileName(dir);
                if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out long numeric))
                {
                    continue;
                }

                maxId = Math.Max(maxId, numeric);
                string meta = Path.Combine(dir, MetaFile);
                if (File.Exists(meta) && MlflowYaml.Read(File.ReadAllText(meta, Utf8)).GetValueOrDefault("name") == name)
                {
                    return id;
                }
            }

            string newId = (maxId + 1).ToString(CultureInfo.InvariantCulture);
            WriteExperiment(newId, name);
            return newId;
        }
    }

    /// <inheritdoc />
    public MlflowRun CreateRun(string experimentId, string runName, long startTimeMs, IReadOnlyDictionary<string, string> tags)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        ArgumentNullException.ThrowIfNull(runName);
        ArgumentNullException.ThrowIfNull(tags);
        string expDir = ExperimentDirectory(experimentId);
        if (!File.Exists(Path.Combine(expDir, MetaFile)))
        {
            throw new MlflowException($"Experiment '{experimentId}' does not exist in {RootDirectory}.", errorCode: "RESOURCE_DOES_NOT_EXIST");
        }

        string runId = Guid.NewGuid().ToString("N");
        string runDir = Path.Combine(expDir, runId);
        var run = new MlflowRun(runId, experimentId, new Uri(Path.Combine(runDir, "artifacts")).AbsoluteUri);
        Directory.CreateDirectory(Path.Combine(runDir, "artifacts"));
        Directory.CreateDirectory(Path.Combine(runDir, "metrics"));
        Directory.CreateDirectory(Path.Combine(runDir, "params"));
        Directory.CreateDirectory(Path.Combine(runDir, "tags"));
        WriteRunMeta(run, runName, startTimeMs, endTimeMs: null, MlflowRunStatus.Running);
        foreach (var (k, v) in tags)
        {
            WriteValueFile(run, "tags", k, v);
        }

        return run;
    }

    /// <inheritdoc />
    public void LogBatch(
        MlflowRun run,
        IReadOnlyList<MlflowMetric> metrics,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            foreach (var (k, v) in parameters)
            {
                string path = KeyPath(run, "params", k);
                if (File.Exists(path) && File.ReadAllText(path, Utf8) != v)
                {
                    throw new MlflowException(
                        $"Parameter '{k}' of run {run.RunId} already has value '{File.ReadAllText(path, Utf8)}'; MLflow parameters are immutable.",
                        errorCode: "INVALID_PARAMETER_VALUE");
                }

                WriteValueFile(run, "params", k, v);
            }

            foreach (var (k, v) in tags)
            {
                WriteValueFile(run, "tags", k, v);
            }

            foreach (var group in metrics.GroupBy(m => m.Key, StringComparer.Ordinal))
            {
                string path = KeyPath(run, "metrics", group.Key);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var sb = new StringBuilder();
                foreach (var m in group)
                {
                    sb.Append(m.TimestampMs.ToString(CultureInfo.InvariantCulture)).Append(' ')
                        .Append(m.Value.ToString("R", CultureInfo.InvariantCulture)).Append(' ')
                        .Append(m.Step.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }

                File.AppendAllText(path, sb.ToString(), Utf8);
            }
        }
    }

    /// <inheritdoc />
    public void UpdateRun(MlflowRun run, MlflowRunStatus status, long endTimeMs)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            var meta = MlflowYaml.Read(File.ReadAllText(Path.Combine(RunDirectory(run), MetaFile), Utf8));
            long start = long.Parse(meta["start_time"]!, CultureInfo.InvariantCulture);
            WriteRunMeta(run, meta.GetValueOrDefault("run_name") ?? string.Empty, start, endTimeMs, status);
        }
    }

    /// <inheritdoc />
    public void LogArtifact(MlflowRun run, string localPath, string? artifactDirectory)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        string dir = Path.Combine(RunDirectory(run), "artifacts");
        if (!string.IsNullOrEmpty(artifactDirectory))
        {
            dir = Path.Combine(dir, SafeRelative(artifactDirectory));
        }

        Directory.CreateDirectory(dir);
        File.Copy(localPath, Path.Combine(dir, Path.GetFileName(localPath)), overwrite: true);
    }

    /// <inheritdoc />
    public int RegisterModelVersion(string modelName, string source, MlflowRun run)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(run);
        if (modelName.Contains('/') || modelName.Contains('\\') || modelName.Contains('%') || modelName is "." or "..")
        {
            throw new MlflowException($"Invalid registered model name '{modelName}'.", errorCode: "INVALID_PARAMETER_VALUE");
        }

        lock (_gate)
        {
            long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            string modelDir = Path.Combine(RootDirectory, "models", modelName);
            string modelMeta = Path.Combine(modelDir, MetaFile);
            long created = now;
            if (File.Exists(modelMeta))
            {
                created = long.Parse(MlflowYaml.Read(File.ReadAllText(modelMeta, Utf8))["creation_timestamp"]!, CultureInfo.InvariantCulture);
            }

            Directory.CreateDirectory(modelDir);
            int version = 1 + Directory.EnumerateDirectories(modelDir, "version-*")
                .Select(d => int.TryParse(Path.GetFileName(d)["version-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0)
                .DefaultIfEmpty(0)
                .Max();
            WriteAtomically(modelMeta, MlflowYaml.Write(new Dictionary<string, object?>
            {
                ["creation_timestamp"] = created,
                ["description"] = null,
                ["last_updated_timestamp"] = now,
                ["name"] = modelName,
            }));
            string versionDir = Path.Combine(modelDir, "version-" + version.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(versionDir);
            WriteAtomically(Path.Combine(versionDir, MetaFile), MlflowYaml.Write(new Dictionary<string, object?>
            {
                ["aliases"] = Array.Empty<string>(),
                ["creation_timestamp"] = now,
                ["current_stage"] = "None",
                ["description"] = null,
                ["last_updated_timestamp"] = now,
                ["name"] = modelName,
                ["run_id"] = run.RunId,
                ["run_link"] = null,
                ["source"] = source,
                ["status"] = "READY",
                ["status_message"] = null,
                ["storage_location"] = source,
                ["user_id"] = null,
                ["version"] = version,
            }));
            return version;
        }
    }

    /// <summary>Nothing to release.</summary>
    public void Dispose()
    {
    }

    private void WriteExperiment(string id, string name)
    {
        string dir = ExperimentDirectory(id);
        Directory.CreateDirectory(dir);
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        WriteAtomically(Path.Combine(dir, MetaFile), MlflowYaml.Write(new Dictionary<string, object?>
        {
            ["artifact_location"] = new Uri(dir).AbsoluteUri,
            ["creation_time"] = now,
            ["experiment_id"] = id,
            ["last_update_time"] = now,
            ["lifecycle_stage"] = "active",
            ["name"] = name,
        }));
    }

    private void WriteRunMeta(MlflowRun run, string runName, long startTimeMs, long? endTimeMs, MlflowRunStatus status)
    {
        WriteAtomically(Path.Combine(RunDirectory(run), MetaFile), MlflowYaml.Write(new Dictionary<string, object?>
        {
            ["artifact_uri"] = run.ArtifactUri,
            ["end_time"] = endTimeMs,
            ["entry_point_name"] = string.Empty,
            ["experiment_id"] = run.ExperimentId,
            ["lifecycle_stage"] = "active",
            ["run_id"] = run.RunId,
            ["run_name"] = runName,
            ["run_uuid"] = run.RunId,
            ["source_name"] = string.Empty,
            ["source_type"] = 4, // SourceType.LOCAL
            ["source_version"] = string.Empty,
            ["start_time"] = startTimeMs,
            ["status"] = (int)status,
            ["tags"] = Array.Empty<string>(),
            ["user_id"] = Environment.UserName,
        }));
    }

    private void WriteValueFile(MlflowRun run, string folder, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string path = KeyPath(run, folder, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WriteAtomically(path, value);
    }

    private string KeyPath(MlflowRun run, string folder, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Path.Combine(RunDirectory(run), folder, SafeRelative(key));
    }

    private static string SafeRelative(string key)
    {
        string[] parts = key.Split('/');
        if (key.StartsWith('/') || key.Contains('\\') || parts.Any(p => p.Length == 0 || p is "." or ".."))
        {
            throw new MlflowException($"Invalid key or path '{key}'.", errorCode: "INVALID_PARAMETER_VALUE");
        }

        return Path.Combine(parts);
    }

    private static void WriteAtomically(string path, string text)
    {
        string tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(tmp, text, Utf8);
        File.Move(tmp, path, overwrite: true);
    }
}
