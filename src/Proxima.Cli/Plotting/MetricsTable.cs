namespace Proxima.Cli.Plotting;

/// <summary>The columns of a <c>metrics.csv</c> file: names in header order, each with one value per row.</summary>
public sealed class MetricsTable
{
    private readonly Dictionary<string, double[]> _columns;

    /// <summary>Creates a table; every column must have <paramref name="rowCount"/> values.</summary>
    public MetricsTable(IReadOnlyList<string> names, IReadOnlyList<double[]> columns, int rowCount)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(columns);
        if (names.Count != columns.Count || columns.Any(c => c.Length != rowCount))
        {
            throw new ArgumentException("Every column needs a name and exactly rowCount values.");
        }

        Names = [.. names];
        RowCount = rowCount;
        _columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            if (!_columns.TryAdd(names[i], columns[i]))
            {
                throw new ArgumentException($"Duplicate column '{names[i]}'.", nameof(names));
            }
        }
    }

    /// <summary>Column names in header order (the first is usually <c>step</c>).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of data rows.</summary>
    public int RowCount { get; }

    /// <summary>The values of a column; empty cells are NaN.</summary>
    public double[] this[string name] =>
        _columns.TryGetValue(name, out var c) ? c : throw new KeyNotFoundException($"No column '{name}'. Columns: {string.Join(", ", Names)}.");

    /// <summary>Whether the table has a column named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _columns.ContainsKey(name);

    /// <summary>
    /// The (x, y) pairs of two columns for the rows where both are present (not NaN), in file order —
    /// a learning curve ready for plotting.
    /// </summary>
    public (double[] X, double[] Y) Series(string xColumn, string yColumn)
    {
        double[] xs = this[xColumn], ys = this[yColumn];
        var x = new List<double>();
        var y = new List<double>();
        for (int i = 0; i < RowCount; i++)
        {
            if (!double.IsNaN(xs[i]) && !double.IsNaN(ys[i]))
            {
                x.Add(xs[i]);
                y.Add(ys[i]);
            }
        }

        return ([.. x], [.. y]);
    }
}
