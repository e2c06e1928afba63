using System.Globalization;
using System.Text;

namespace Proxima.Tracking;

/// <summary>
/// Writes a run to plain CSV files in a directory:
/// <list type="bullet">
/// <item><c>metrics.csv</c>: header <c>step,&lt;metric&gt;,…</c>, then one row per <see cref="LogMetrics"/> call.
/// The columns are the metric keys of the first call, in their order. When a later call brings a key not yet in
/// the header, the file is rewritten (to a temporary file, then moved over the original) with the new column
/// appended to the header and an empty cell appended to every earlier row, so no row is ever lost. Metrics missing
/// from a call leave an empty cell. Numbers use the invariant culture and round-trip ("R") formatting.</item>
/// <item><c>params.csv</c> and <c>tags.csv</c>: <c>key,value</c>, rewritten with every known entry on each call.</item>
/// <item><c>artifacts/</c>: copies of the files given to <see cref="LogArtifact"/>.</item>
/// </list>
/// An existing <c>metrics.csv</c> in the directory is replaced.
/// </summary>
public sealed class CsvTracker : IExperimentTracker
{
    /// <summary>File name of the metrics table.</summary>
    public const string MetricsFileName = "metrics.csv";

    /// <summary>File name of the parameter table.</summary>
    public const string ParamsFileName = "params.csv";

    /// <summary>File name of the tag table.</summary>
    public const string TagsFileName = "tags.csv";

    /// <summary>Folder that receives artifact copies.</summary>
    public const string ArtifactsFolderName = "artifacts";

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly object _gate = new();
    private readonly List<string> _columns = [];
    private readonly Dictionary<string, int> _columnIndex = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _params = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _tags = new(StringComparer.Ordinal);
    private StreamWriter? _metrics;
    private bool _disposed;

    /// <summary>Creates <paramref name="runDir"/> if needed; files appear on first use.</summary>
    public CsvTracker(string runDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDir);
        RunDirectory = Path.GetFullPath(runDir);
        Directory.CreateDirectory(RunDirectory);
        string metrics = MetricsPath;
        if (File.Exists(metrics))
        {
            File.Delete(metrics);
        }
    }

    /// <summary>The directory the files are written to.</summary>
    public string RunDirectory { get; }

    /// <summary>Full path of <c>metrics.csv</c>.</summary>
    public string MetricsPath => Path.Combine(RunDirectory, MetricsFileName);

    /// <summary>The metric columns currently in the header (after <c>step</c>).</summary>
    public IReadOnlyList<string> Columns
    {
        get
        {
            lock (_gate)
            {
                return [.. _columns];
            }
        }
    }

    /// <inheritdoc />
    public void LogMetrics(long step, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var added = new List<string>();
            foreach (var key in metrics.Keys)
            {
                ArgumentNullException.ThrowIfNull(key, nameof(metrics));
                if (!_columnIndex.ContainsKey(key))
                {
                    _columnIndex[key] = _columns.Count;
                    _columns.Add(key);
                    added.Add(key);
                }
            }

            if (_metrics is null)
            {
                _metrics = new StreamWriter(MetricsPath, append: false, Utf8) { NewLine = "\n" };
                _metrics.WriteLine(HeaderLine());
            }
            else if (added.Count > 0)
            {
                ExtendHeader(added.Count);
            }

            var cells = new string[_columns.Count + 1];
            cells[0] = step.ToString(CultureInfo.InvariantCulture);
            for (int i = 1; i < cells.Length; i++)
            {
                cells[i] = string.Empty;
            }

            foreach (var (key, value) in metrics)
            {
                cells[_columnIndex[key] + 1] = CsvFormat.Number(value);
            }

            _metrics.WriteLine(CsvFormat.Line(cells));
            _metrics.Flush();
        }
    }

    /// <inheritdoc />
    public void LogParameters(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var (k, v) in parameters)
            {
                _params[k] = v;
            }

            WriteKeyValues(ParamsFileName, _params);
        }
    }

    /// <inheritdoc />
    public void SetTag(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _tags[key] = value;
            WriteKeyValues(TagsFileName, _tags);
        }
    }

    /// <inheritdoc />
    public void LogArtifact(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            string dir = Path.Combine(RunDirectory, ArtifactsFolderName);
            Directory.CreateDirectory(dir);
            File.Copy(path, Path.Combine(dir, Path.GetFileName(path)), overwrite: true);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _metrics?.Dispose();
            _metrics = null;
        }
    }

    private string HeaderLine() => CsvFormat.Line(new[] { "step" }.Concat(_columns).Select(CsvFormat.Escape));

    private void ExtendHeader(int addedCount)
    {
        _metrics!.Dispose();
        _metrics = null;
        string path = MetricsPath;
        string tmp = path + ".tmp";
        string padding = new(',', addedCount);
        using (var reader = new StreamReader(path, Utf8))
        using (var writer = new StreamWriter(tmp, append: false, Utf8) { NewLine = "\n" })
        {
            reader.ReadLine(); // old header
            writer.WriteLine(HeaderLine());
            while (reader.ReadLine() is { } row)
            {
                writer.WriteLine(row + padding);
            }
        }

        File.Move(tmp, path, overwrite: true);
        _metrics = new StreamWriter(path, append: true, Utf8) { NewLine = "\n" };
    }

    private void WriteKeyValues(string fileName, SortedDictionary<string, string> entries)
    {
        var sb = new StringBuilder("key,value\n");
        foreach (var (k, v) in entries)
        {
            sb.Append(CsvFormat.Escape(k)).Append(',').Append(CsvFormat.Escape(v)).Append('\n');
        }

        string path = Path.Combine(RunDirectory, fileName);
        File.WriteAllText(path + ".tmp", sb.ToString(), Utf8);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
